package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A live {@code check} in a fresh JVM, as the CLI would run it: {@code --arm-endpoint URL}, the
 * token from an environment variable ({@code --token-env}), and the endpoint's certificate trusted
 * only through {@code -Djavax.net.ssl.trustStore} (the production HTTP client, no test trust).
 * Prints one line: {@code violations=N writes-planned=N millis-since-jvm-start=N millis-check=N ...} with the
 * phases (configuration, gateway construction, read + evaluate + plan).
 */
public final class ColdCheck {
    private ColdCheck() {
    }

    public static void main(String[] args) throws Exception {
        long checkStart = System.currentTimeMillis();
        URI endpoint = URI.create(args[0]);
        GuardConfig config = ConfigLoader.load(Path.of(args[1]), LocalDate.parse(args[2]));
        TokenCredential credential = ArmCredentials.bearerTokenFromEnvironment(args[3], System::getenv);
        AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(endpoint, Optional.empty(), Optional.empty()));
        long gatewayStart = System.currentTimeMillis();
        try (AzureArmGateway gateway = AzureArmGateway.create(settings, credential)) {
            long reconcileStart = System.currentTimeMillis();
            Reconciler reconciler = new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), Clock.systemUTC());
            ReconcileResult result = reconciler.reconcile(config, ReconcileRequest.everything(true));
            long end = System.currentTimeMillis();
            System.out.println("violations=" + result.found().countingViolations() + " writes-planned=" + result.plan().writes().size()
                    + " millis-since-jvm-start=" + (end - ManagementFactory.getRuntimeMXBean().getStartTime())
                    + " millis-check=" + (end - checkStart) + " millis-config=" + (gatewayStart - checkStart)
                    + " millis-gateway=" + (reconcileStart - gatewayStart) + " millis-reconcile=" + (end - reconcileStart));
        }
    }
}
