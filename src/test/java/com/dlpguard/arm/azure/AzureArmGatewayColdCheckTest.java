package com.dlpguard.arm.azure;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.EmulatorCertificate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cold checks of the example estate, each in a new JVM talking to the emulator the way
 * production talks to a custom ARM endpoint: the certificate trusted through the JVM's standard
 * {@code javax.net.ssl.trustStore} property, the token from an environment variable.
 */
class AzureArmGatewayColdCheckTest {
    private static final Pattern RESULT = Pattern.compile(
            "violations=(\\d+) writes-planned=(\\d+) millis-since-jvm-start=(\\d+) millis-check=(\\d+) millis-config=(\\d+)"
                    + " millis-gateway=(\\d+) millis-reconcile=(\\d+)");

    @Test
    void aColdCheckInAFreshJvmTrustsTheEndpointThroughTheStandardTrustStore() throws Exception {
        List<Long> sinceStart = new ArrayList<>();
        List<Long> process = new ArrayList<>();
        List<Long> check = new ArrayList<>();
        List<String> phases = new ArrayList<>();
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(Path.of("examples/drifted"));
            EmulatorCertificate tls = EmulatorCertificate.get();
            for (int i = 0; i < 3; i++) {
                emulator.requests().clear();
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "-Djavax.net.ssl.trustStore=" + tls.trustStoreFile(),
                        "-Djavax.net.ssl.trustStoreType=PKCS12",
                        "-Djavax.net.ssl.trustStorePassword=" + new String(tls.trustStorePassword()),
                        ColdCheck.class.getName(), emulator.endpoint(), "examples/dlp-guard.json", "2026-01-15",
                        "DLP_GUARD_COLD_CHECK_TOKEN");
                builder.environment().put("DLP_GUARD_COLD_CHECK_TOKEN", emulator.token());
                builder.redirectErrorStream(true);
                long start = System.nanoTime();
                Process child = builder.start();
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(child.waitFor(120, TimeUnit.SECONDS));
                process.add((System.nanoTime() - start) / 1_000_000);
                assertEquals(0, child.exitValue(), output);
                assertFalse(output.contains(emulator.token()), "the token is never printed");
                Matcher m = RESULT.matcher(output);
                assertTrue(m.find(), output);
                assertTrue(Long.parseLong(m.group(1)) > 0, "the drifted example has violations");
                sinceStart.add(Long.parseLong(m.group(3)));
                check.add(Long.parseLong(m.group(4)));
                phases.add("config " + m.group(5) + " + gateway " + m.group(6) + " + reconcile " + m.group(7));
                assertTrue(emulator.requests().entries().stream().allMatch(e -> e.authorized()));
            }
            System.out.printf("cold check of examples/drifted in a fresh JVM (custom --arm-endpoint, JVM trust store, token from env):"
                    + " median %d ms from JVM start to result (%s), median %d ms for the check itself (%s), median %d ms process"
                    + " wall time (%s), %d ARM GETs each; phases in ms: %s%n", median(sinceStart), sinceStart, median(check), check,
                    median(process), process, emulator.requests().reads(), phases);
        }
    }

    /**
     * The product's own command, {@code check --subscription ... --arm-endpoint ... --token-env ...},
     * in five fresh JVMs: the figure a user sees for a cold live check of the example estate.
     */
    @Test
    void theLiveCheckCommandInAFreshJvm() throws Exception {
        List<Long> process = new ArrayList<>();
        long calls = 0;
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(Path.of("examples/drifted"));
            EmulatorCertificate tls = EmulatorCertificate.get();
            for (int i = 0; i < 5; i++) {
                emulator.requests().clear();
                ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"),
                        "-Djavax.net.ssl.trustStore=" + tls.trustStoreFile(),
                        "-Djavax.net.ssl.trustStoreType=PKCS12",
                        "-Djavax.net.ssl.trustStorePassword=" + new String(tls.trustStorePassword()),
                        "com.dlpguard.cli.Main", "check", "--subscription", "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11",
                        "--config", "examples/dlp-guard.json", "--arm-endpoint", emulator.endpoint(),
                        "--token-env", "DLP_GUARD_COLD_CHECK_TOKEN", "--format", "json", "--plan");
                builder.environment().put("DLP_GUARD_COLD_CHECK_TOKEN", emulator.token());
                builder.redirectErrorStream(true);
                long start = System.nanoTime();
                Process child = builder.start();
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(child.waitFor(120, TimeUnit.SECONDS));
                process.add((System.nanoTime() - start) / 1_000_000);
                assertEquals(1, child.exitValue(), "violations found: " + output);
                assertTrue(output.contains("\"ruleId\""), output);
                assertFalse(output.contains(emulator.token()), "the token is never printed");
                calls = emulator.requests().reads();
                assertEquals(0, emulator.requests().writes(), "without --apply nothing is written");
            }
        }
        System.out.printf("cold `check --subscription --arm-endpoint --token-env --plan` of examples/drifted, fresh JVM each:"
                + " median %d ms process wall time (%s), %d ARM GETs each%n", median(process), process, calls);
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }
}
