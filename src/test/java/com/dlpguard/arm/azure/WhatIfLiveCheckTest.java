package com.dlpguard.arm.azure;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.EmulatorCertificate;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check --whatif --subscription}: the current state read live (the real client over HTTPS
 * against the emulator holding the compliant estate, in a fresh JVM as a pipeline runs it), the
 * what-if applied on top, nothing written.
 */
class WhatIfLiveCheckTest {

    record Run(int exit, String out, String err) {
    }

    static Run run(ArmEmulator emulator, String... args) throws Exception {
        EmulatorCertificate tls = EmulatorCertificate.get();
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djavax.net.ssl.trustStore=" + tls.trustStoreFile(),
                "-Djavax.net.ssl.trustStoreType=PKCS12",
                "-Djavax.net.ssl.trustStorePassword=" + new String(tls.trustStorePassword()),
                "com.dlpguard.cli.Main", "check", "--subscription", "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11",
                "--config", "examples/dlp-guard.json", "--arm-endpoint", emulator.endpoint(),
                "--token-env", "DLP_GUARD_WHATIF_TOKEN", "--format", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("DLP_GUARD_WHATIF_TOKEN", emulator.token());
        Process child = builder.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        return new Run(child.exitValue(), out, err);
    }

    @Test
    void theLiveStateIsTheBaseOfThePrediction() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(Path.of("examples/compliant"));
            Run replaced = run(emulator, "--whatif", "examples/whatif/vnet-replaced.json");
            assertEquals(1, replaced.exit(), replaced.out() + replaced.err());
            JsonObject report = JsonParser.parseString(replaced.out()).getAsJsonObject();
            List<JsonObject> introduced = report.getAsJsonArray("findings").asList().stream().map(JsonElement::getAsJsonObject)
                    .filter(f -> f.has("origin") && f.get("origin").getAsString().equals("introduced")).toList();
            assertEquals(1, introduced.size(), replaced.out());
            assertEquals("DLP002", introduced.get(0).get("ruleId").getAsString());
            JsonObject by = introduced.get(0).getAsJsonArray("introducedBy").get(0).getAsJsonObject();
            assertEquals("Modify", by.get("changeType").getAsString());
            assertTrue(by.get("resourceId").getAsString().endsWith("/virtualNetworks/ml-vnet"), by.toString());
            assertFalse(replaced.out().contains(emulator.token()) || replaced.err().contains(emulator.token()));

            Run benign = run(emulator, "--whatif", "examples/whatif/benign.json", "--new-only");
            assertEquals(0, benign.exit(), benign.out() + benign.err());
            assertEquals(0, emulator.requests().writes(), "a what-if check never writes");
            assertTrue(emulator.requests().reads() > 0, "the current state was read live");
        }
    }
}
