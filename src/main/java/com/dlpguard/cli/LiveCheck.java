package com.dlpguard.cli;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.report.Report;
import com.dlpguard.rules.RuleEngine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check --subscription}: the same reconcile against live ARM. Without {@code --apply}
 * nothing is written (the plan is computed in dry-run). With it, every write is shown first and
 * needs a "yes" (or {@code --yes} in a pipeline): a security tool must not surprise its owner.
 */
final class LiveCheck {
    private LiveCheck() {
    }

    static int run(CliArgs a, GuardConfig config, OutputFormat format, Clock clock, PrintStream out, PrintStream err)
            throws UsageException {
        String subscription = a.required("subscription").trim();
        Optional<String> resourceGroup = a.single("resource-group");
        Set<ResourceId> subnets = protectedSubnets(config, subscription, resourceGroup);
        ArmGateway gateway = gateway(a);
        Reconciler reconciler = new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock);
        boolean apply = a.flag("apply");
        long started = System.nanoTime();
        err.println("dlp-guard: reading " + subnets.size() + " protected subnet(s) and what they reference in subscription "
                + subscription + " …");
        ReconcileResult planned;
        try {
            planned = reconciler.reconcile(config, new ReconcileRequest(subnets, true));
        } catch (ArmException e) {
            throw new UsageException("Azure Resource Manager: " + e.getMessage());
        }
        err.printf(Locale.ROOT, "dlp-guard: read and evaluated in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        if (!apply) {
            Report report = Report.of(planned.found());
            if (a.flag("plan")) {
                report = report.withPlan(planned.plan());
            }
            Output.print(report, format, a.flag("verbose"), out);
            return planned.found().failsCheck() ? Main.VIOLATIONS : Main.OK;
        }
        if (planned.plan().isEmpty()) {
            Output.print(Report.of(planned.found()).withPlan(planned.plan()), format, a.flag("verbose"), out);
            return planned.found().failsCheck() ? Main.VIOLATIONS : Main.OK;
        }
        err.println("dlp-guard: the plan writes " + planned.plan().writes().size() + " resource(s):");
        for (PlannedWrite w : planned.plan().writes()) {
            err.println("  " + w.request().method() + " " + w.target() + "  (" + String.join(", ", w.ruleIds()) + ": "
                    + w.reason() + ")");
        }
        if (!a.flag("yes") && !confirmed(err)) {
            err.println("dlp-guard: nothing written");
            return Main.BAD_INPUT;
        }
        ReconcileResult applied;
        try {
            applied = reconciler.reconcile(config, new ReconcileRequest(subnets, false));
        } catch (ArmException e) {
            throw new UsageException("Azure Resource Manager: " + e.getMessage());
        }
        for (WriteOutcome o : applied.outcomes()) {
            err.println("  " + o.result().wireName() + "  " + o.write().request().method() + " " + o.write().target()
                    + ": " + o.detail());
        }
        Output.print(Report.of(applied.verified()).withPlan(applied.plan()).withOutcomes(applied.outcomes()), format,
                a.flag("verbose"), out);
        return applied.verified().failsCheck() ? Main.VIOLATIONS : Main.OK;
    }

    /**
     * The current state for {@code check --whatif}: the same read as a dry-run check of the
     * subscription (protected subnets and what they reference), nothing written.
     */
    static com.dlpguard.model.Estate currentEstate(CliArgs a, GuardConfig config, Clock clock, PrintStream err)
            throws UsageException {
        String subscription = a.required("subscription").trim();
        Optional<String> resourceGroup = a.single("resource-group");
        Set<ResourceId> subnets = protectedSubnets(config, subscription, resourceGroup);
        err.println("dlp-guard: reading the current state of " + subnets.size() + " protected subnet(s) in subscription "
                + subscription + " …");
        try {
            return new Reconciler(gateway(a), RuleEngine.withCatalog(), new RollbackPlanner(), clock)
                    .reconcile(config, new ReconcileRequest(subnets, true)).lastRead();
        } catch (ArmException e) {
            throw new UsageException("Azure Resource Manager: " + e.getMessage());
        }
    }

    private static Set<ResourceId> protectedSubnets(GuardConfig config, String subscription, Optional<String> resourceGroup)
            throws UsageException {
        Set<ResourceId> subnets = new LinkedHashSet<>();
        config.workspaces().forEach(w -> w.subnets().stream()
                .filter(s -> s.subscriptionId().equalsIgnoreCase(subscription))
                .filter(s -> resourceGroup.map(rg -> s.resourceGroup().map(rg::equalsIgnoreCase).orElse(false)).orElse(true))
                .forEach(subnets::add));
        // Managed-network workspaces are keyed by their workspace id (they have no subnet).
        config.managedWorkspaces().stream().map(m -> m.workspaceId())
                .filter(w -> w.subscriptionId().equalsIgnoreCase(subscription))
                .filter(w -> resourceGroup.map(rg -> w.resourceGroup().map(rg::equalsIgnoreCase).orElse(false)).orElse(true))
                .forEach(subnets::add);
        if (subnets.isEmpty()) {
            throw new UsageException("no protected subnet of the config lies in subscription " + subscription
                    + resourceGroup.map(rg -> " / resource group " + rg).orElse(""));
        }
        return subnets;
    }

    private static boolean confirmed(PrintStream err) throws UsageException {
        if (System.console() == null) {
            throw new UsageException("--apply needs a confirmation: answer interactively or pass --yes");
        }
        err.print("Apply these writes? Type 'yes' to continue: ");
        err.flush();
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return line != null && line.trim().equalsIgnoreCase("yes");
        } catch (IOException e) {
            return false;
        }
    }

    private static ArmGateway gateway(CliArgs a) throws UsageException {
        return azureGateway(a, Optional.empty(), System::getenv);
    }

    /**
     * The live gateway from {@code --cloud} / {@code --arm-endpoint} and {@code --token-env} /
     * {@code --managed-identity-client-id}; {@code tls}: a trust other than the JVM's, and
     * {@code environment}: where {@code --token-env} is looked up (tests pass their own).
     */
    static AzureArmGateway azureGateway(CliArgs a, Optional<javax.net.ssl.SSLContext> tls,
                                        java.util.function.Function<String, String> environment) throws UsageException {
        AzureCloud cloud;
        try {
            Optional<String> endpoint = a.single("arm-endpoint");
            if (endpoint.isPresent() && a.single("cloud").isPresent()) {
                throw new UsageException("--cloud and --arm-endpoint are exclusive");
            }
            cloud = endpoint.isPresent()
                    ? AzureCloud.custom(URI.create(endpoint.get()), Optional.empty(), Optional.empty())
                    : AzureCloud.named(a.single("cloud").orElse("public"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        // The credential goes straight from arm.azure back into it: the CLI never handles an SDK type.
        AzureArmSettings settings = AzureArmSettings.defaults(cloud);
        Optional<String> tokenVariable = a.single("token-env");
        Optional<String> managedIdentity = a.single("managed-identity-client-id");
        try {
            return AzureArmGateway.create(settings, tokenVariable.isPresent()
                    ? ArmCredentials.bearerTokenFromEnvironment(tokenVariable.get(), environment)
                    : ArmCredentials.defaultAzureCredential(cloud, managedIdentity), tls, message -> { });
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
