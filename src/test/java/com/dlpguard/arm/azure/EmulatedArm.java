package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.dlpguard.arm.emulator.ArmEmulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The real gateway (the resource-manager pipeline, azure-core-management poller, JDK HTTP client) pointed
 * at a fresh emulator over HTTPS, authenticated the way {@code --token-env} does it.
 */
final class EmulatedArm implements AutoCloseable {
    static final Path ESTATE = Path.of("src/test/resources/emulator/estate");
    static final String TOKEN_VARIABLE = "DLP_GUARD_TEST_ARM_TOKEN";

    final ArmEmulator emulator;
    final AzureArmGateway gateway;
    final AzureArmSettings settings;
    /** The gateway's progress lines (a long subscription read reports each listed type). */
    final List<String> progress = new CopyOnWriteArrayList<>();
    private final boolean ownsEmulator;

    private EmulatedArm(ArmEmulator emulator, AzureArmSettings settings, boolean ownsEmulator) {
        this.emulator = emulator;
        this.settings = settings;
        this.ownsEmulator = ownsEmulator;
        TokenCredential credential = ArmCredentials.bearerTokenFromEnvironment(TOKEN_VARIABLE,
                Map.of(TOKEN_VARIABLE, emulator.token())::get);
        this.gateway = AzureArmGateway.create(settings, credential, Optional.of(emulator.clientSslContext()), progress::add);
    }

    /** Test settings: fast retries (Retry-After still wins), short timeouts. */
    static AzureArmSettings settingsFor(ArmEmulator emulator) {
        return AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()), Optional.empty(), Optional.empty()))
                .withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(2))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    static EmulatedArm withEstate() {
        ArmEmulator emulator = ArmEmulator.start();
        emulator.seed(ESTATE);
        return new EmulatedArm(emulator, settingsFor(emulator), true);
    }

    /** A gateway on an emulator the caller owns (and closes). */
    static EmulatedArm with(ArmEmulator emulator, UnaryOperator<AzureArmSettings> tweak) {
        return new EmulatedArm(emulator, tweak.apply(settingsFor(emulator)), false);
    }

    @Override
    public void close() {
        gateway.close();
        if (ownsEmulator) {
            emulator.close();
        }
    }
}
