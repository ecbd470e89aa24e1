package com.dlpguard.cli;

import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.health.EventGridSeed;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code doctor} on examples/managed (one SEP-based and one managed-network workspace) over HTTPS
 * against the emulator: the managed workspace's resource group needs what reading it and DLP016's
 * outbound-rule delete need, and the workspace with its outbound rules must be readable.
 */
class DoctorManagedNetworkTest {
    static final String SUBSCRIPTION = "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String CONFIG = "examples/managed/dlp-guard.json";
    static final String MVNET_RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/ml-mvnet-rg";
    static final String WS = MVNET_RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet";
    static final String DELETE = "Microsoft.MachineLearningServices/workspaces/outboundRules/delete";
    static final String TOKEN_VARIABLE = "DLP_GUARD_TEST_ARM_TOKEN";
    static final String FUNCTION_APP = EventGridSeed.FUNCTION_APP.replace(EventGridSeed.SUBSCRIPTION, SUBSCRIPTION);

    ArmEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.start();
        emulator.seed(Path.of("examples/managed/compliant"));
        emulator.seed(EventGridSeed.inSubscription(EventGridSeed.topic(), SUBSCRIPTION));
        emulator.seed(EventGridSeed.inSubscription(EventGridSeed.eventSubscription(), SUBSCRIPTION));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    CliRun doctor() {
        return doctor(CONFIG);
    }

    CliRun doctor(String config) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                exit = DoctorCommand.run(List.of("--subscription", SUBSCRIPTION, "--config", config, "--arm-endpoint",
                                emulator.endpoint(), "--token-env", TOKEN_VARIABLE, "--function-app", FUNCTION_APP, "--format", "json"),
                        o, e, Optional.of(emulator.clientSslContext()), Map.of(TOKEN_VARIABLE, emulator.token())::get);
            } catch (UsageException u) {
                e.println("dlp-guard: " + u.getMessage());
                exit = Main.BAD_INPUT;
            }
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonObject> checks(CliRun run, String kind) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement c : run.json().getAsJsonArray("checks")) {
            if (c.getAsJsonObject().get("check").getAsString().equals(kind)) {
                out.add(c.getAsJsonObject());
            }
        }
        return out;
    }

    static List<JsonObject> failed(CliRun run) {
        List<JsonObject> failed = new ArrayList<>();
        run.json().getAsJsonArray("checks").forEach(c -> {
            if (!c.getAsJsonObject().get("ok").getAsBoolean()) {
                failed.add(c.getAsJsonObject());
            }
        });
        return failed;
    }

    static List<String> strings(JsonObject check, String key) {
        return check.getAsJsonArray(key).asList().stream().map(JsonElement::getAsString).toList();
    }

    @Test
    void theMixedExampleAsDeployedPassesAndTheManagedWorkspaceIsChecked() {
        // At the managed workspace's group, exactly what it needs (no network action) is enough.
        emulator.permissions(MVNET_RG, List.of(new ArmEmulator.Grant(List.copyOf(ArmPermissions.forManagedWorkspace()), List.of())));
        CliRun run = doctor();
        assertEquals(Main.OK, run.exit(), run.describe());
        assertTrue(checks(run, "HEALTH-PERMISSIONS").stream().anyMatch(c -> c.get("resource").getAsString().equals(MVNET_RG)), run.out());
        JsonObject read = checks(run, "HEALTH-READ").stream().filter(c -> c.get("resource").getAsString().equals(WS))
                .findFirst().orElseThrow(() -> new AssertionError("no read check of the managed workspace: " + run.out()));
        assertEquals("contoso-mvnet", read.get("workspace").getAsString());
    }

    @Test
    void aMissingOutboundRuleDeleteIsNamedAndFailsTheRun() {
        List<String> withoutDelete = new ArrayList<>(new TreeSet<>(ArmPermissions.forManagedWorkspace()));
        assertTrue(withoutDelete.remove(DELETE));
        emulator.permissions(MVNET_RG, List.of(new ArmEmulator.Grant(withoutDelete, List.of())));

        CliRun run = doctor();
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> failed = failed(run);
        assertEquals(1, failed.size(), run.out());
        assertEquals("HEALTH-PERMISSIONS", failed.get(0).get("check").getAsString());
        assertEquals(MVNET_RG, failed.get(0).get("resource").getAsString());
        assertEquals(List.of(DELETE), strings(failed.get(0), "missing"));
        assertTrue(failed.get(0).get("detail").getAsString().contains(DELETE), run.out());
    }

    @Test
    void outboundRulesThatCannotBeListedAreAReadGap() {
        emulator.faults().add("GET", "(?i).*/workspaces/contoso-mvnet/outboundRules", Fault.forbidden(), 50);
        CliRun run = doctor();
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> failed = failed(run);
        assertEquals(1, failed.size(), run.out());
        assertEquals("HEALTH-READ", failed.get(0).get("check").getAsString());
        assertEquals(WS, failed.get(0).get("resource").getAsString());
        assertTrue(failed.get(0).get("detail").getAsString().contains("outbound rules could not be listed"), run.out());
    }

    @Test
    void aConfigurationOfOnlyAManagedWorkspaceIsCheckedNotRefused(@TempDir Path dir) throws Exception {
        JsonObject config = JsonParser.parseString(Files.readString(Path.of(CONFIG))).getAsJsonObject();
        config.getAsJsonArray("workspaces").remove(0); // the SEP-based workspace
        Path managedOnly = dir.resolve("managed-only.json");
        Files.writeString(managedOnly, config.toString());
        CliRun run = doctor(managedOnly.toString());
        assertEquals(Main.OK, run.exit(), run.describe());
        assertTrue(run.err().contains("checking 1 workspace(s)"), run.err());
        assertTrue(checks(run, "HEALTH-EVENTS").stream().allMatch(c -> c.get("ok").getAsBoolean()) && !checks(run, "HEALTH-EVENTS").isEmpty(),
                "the managed workspace's subscription is watched for events: " + run.out());
        assertEquals(List.of(WS), checks(run, "HEALTH-READ").stream().map(c -> c.get("resource").getAsString()).toList());
    }
}
