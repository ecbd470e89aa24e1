package com.dlpguard.cli;

import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.events.HandledOperations;
import com.dlpguard.health.EventGridSeed;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code doctor} with the real azure-resourcemanager pipeline over HTTPS against the ARM emulator
 * (the example estate of src/test/resources/emulator, its system topic and the guard's event
 * subscription): everything passes as deployed; each of a missing permission, a missing event
 * subscription and an unreadable NSG is named, and fails the run (exit 1).
 */
class DoctorCommandTest {
    static final Path ESTATE = Path.of("src/test/resources/emulator/estate");
    static final String CONFIG = "src/test/resources/emulator/dlp-guard.json";
    static final String TOKEN_VARIABLE = "DLP_GUARD_TEST_ARM_TOKEN";
    static final String NSG = EventGridSeed.RESOURCE_GROUP + "/providers/Microsoft.Network/networkSecurityGroups/compute-nsg";
    static final String ROUTE_JOIN = "Microsoft.Network/routeTables/join/action";

    ArmEmulator emulator;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.start();
        emulator.seed(ESTATE);
        emulator.seed(EventGridSeed.topic());
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    CliRun doctor(String... extra) {
        List<String> args = new ArrayList<>(List.of("--subscription", EventGridSeed.SUBSCRIPTION, "--config", CONFIG,
                "--arm-endpoint", emulator.endpoint(), "--token-env", TOKEN_VARIABLE, "--function-app", EventGridSeed.FUNCTION_APP));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                exit = DoctorCommand.run(args, o, e, Optional.of(emulator.clientSslContext()),
                        Map.of(TOKEN_VARIABLE, emulator.token())::get);
            } catch (UsageException u) {
                e.println("dlp-guard: " + u.getMessage());
                exit = Main.BAD_INPUT;
            }
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<JsonObject> failed(CliRun run) {
        List<JsonObject> failed = new ArrayList<>();
        for (JsonElement c : JsonParser.parseString(run.out()).getAsJsonObject().getAsJsonArray("checks")) {
            if (!c.getAsJsonObject().get("ok").getAsBoolean()) {
                failed.add(c.getAsJsonObject());
            }
        }
        return failed;
    }

    @Test
    void theExampleEstateAsDeployedPassesEveryCheck() {
        emulator.seed(EventGridSeed.eventSubscription());
        CliRun run = doctor("--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
        JsonObject report = run.json();
        assertTrue(report.get("ok").getAsBoolean());
        TreeSet<String> kinds = new TreeSet<>();
        report.getAsJsonArray("checks").forEach(c -> kinds.add(c.getAsJsonObject().get("check").getAsString()));
        assertEquals(new TreeSet<>(List.of("HEALTH-EVENTS", "HEALTH-PERMISSIONS", "HEALTH-READ")), kinds, run.out());
        // Subnets compute and training, the SEP, the NSG and the workspace: each read.
        assertEquals(5, report.getAsJsonArray("checks").asList().stream()
                .filter(c -> c.getAsJsonObject().get("check").getAsString().equals("HEALTH-READ")).count(), run.out());
    }

    @Test
    void exactlyTheDeployedRolePassesThePermissionCheck() {
        emulator.seed(EventGridSeed.eventSubscription());
        emulator.permissions(EventGridSeed.RESOURCE_GROUP, List.of(new ArmEmulator.Grant(List.copyOf(ArmPermissions.all()), List.of())));
        CliRun run = doctor("--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
    }

    @Test
    void aMissingPermissionAMissingEventSubscriptionAndAnUnreadableNsgAreEachNamed() {
        // Network Contributor-like wildcard, minus one join (notActions subtract within the grant).
        emulator.permissions(EventGridSeed.RESOURCE_GROUP, List.of(new ArmEmulator.Grant(
                List.of("Microsoft.Network/*", "Microsoft.MachineLearningServices/workspaces/*/read",
                        "Microsoft.MachineLearningServices/workspaces/read", "Microsoft.Authorization/permissions/read",
                        "Microsoft.MachineLearningServices/workspaces/outboundRules/delete",
                        ArmPermissions.ML_OPERATION_STATUS_READ),
                List.of(ROUTE_JOIN))));
        // No event subscription seeded; the NSG refuses reads.
        emulator.faults().add("GET", "(?i).*/networkSecurityGroups/compute-nsg", Fault.forbidden(), 50);

        CliRun text = doctor();
        assertEquals(Main.VIOLATIONS, text.exit(), text.describe());
        assertTrue(text.out().contains(ROUTE_JOIN), text.out());
        assertTrue(text.out().contains("no event subscription on system topic dlpguard-arm-events delivers to "
                + EventGridSeed.FUNCTION_APP + "/functions/DlpGuardEventGrid"), text.out());
        assertTrue(text.out().contains("compute-nsg could not be read: 403"), text.out());

        CliRun json = doctor("--format", "json");
        assertEquals(Main.VIOLATIONS, json.exit());
        List<JsonObject> failed = failed(json);
        assertEquals(3, failed.size(), json.out());
        JsonObject permission = failed.stream().filter(c -> c.get("check").getAsString().equals("HEALTH-PERMISSIONS")).findFirst().orElseThrow();
        assertEquals(List.of(ROUTE_JOIN), permission.getAsJsonArray("missing").asList().stream().map(JsonElement::getAsString).toList());
        assertEquals(EventGridSeed.RESOURCE_GROUP, permission.get("resource").getAsString());
        JsonObject events = failed.stream().filter(c -> c.get("check").getAsString().equals("HEALTH-EVENTS")).findFirst().orElseThrow();
        assertEquals(EventGridSeed.TOPIC, events.get("resource").getAsString());
        JsonObject read = failed.stream().filter(c -> c.get("check").getAsString().equals("HEALTH-READ")).findFirst().orElseThrow();
        assertEquals(NSG, read.get("resource").getAsString());
        assertEquals("contoso-ml", read.get("workspace").getAsString());
    }

    @Test
    void anEventSubscriptionMissingAnOperationOrTheDeadLetterDestinationIsNamed() {
        List<String> operations = new ArrayList<>(new TreeSet<>(HandledOperations.ALL));
        String dropped = operations.remove(0);
        emulator.seed(EventGridSeed.eventSubscription(operations, false));
        CliRun run = doctor("--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> failed = failed(run);
        assertEquals(1, failed.size(), run.out());
        String detail = failed.get(0).get("detail").getAsString();
        assertTrue(detail.contains("lacks " + dropped), detail);
        assertTrue(detail.contains("no dead-letter destination"), detail);
        assertEquals(EventGridSeed.EVENT_SUBSCRIPTION, failed.get(0).get("resource").getAsString());
    }

    @Test
    void anEventSubscriptionToAnotherAppDoesNotCount() {
        emulator.seed(EventGridSeed.eventSubscription());
        CliRun run = doctor("--format", "json", "--function-app", "ignored");
        assertEquals(Main.BAD_INPUT, run.exit(), "--function-app given twice");
        CliRun other = doctorFor("/subscriptions/" + EventGridSeed.SUBSCRIPTION + "/resourceGroups/rg-x/providers/Microsoft.Web/sites/someone-else");
        assertEquals(Main.VIOLATIONS, other.exit(), other.describe());
        assertTrue(other.out().contains("someone-else/functions/DlpGuardEventGrid"), other.out());
    }

    CliRun doctorFor(String functionApp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            try {
                exit = DoctorCommand.run(List.of("--subscription", EventGridSeed.SUBSCRIPTION, "--config", CONFIG,
                                "--arm-endpoint", emulator.endpoint(), "--token-env", TOKEN_VARIABLE, "--function-app", functionApp),
                        o, e, Optional.of(emulator.clientSslContext()), Map.of(TOKEN_VARIABLE, emulator.token())::get);
            } catch (UsageException u) {
                exit = Main.BAD_INPUT;
            }
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badUsageExitsTwoWithoutAStackTrace() {
        assertEquals(Main.BAD_INPUT, CliRun.of("doctor", "--config", CONFIG).exit(), "missing --subscription");
        CliRun elsewhere = CliRun.of("doctor", "--subscription", "11111111-1111-1111-1111-111111111111", "--config", CONFIG);
        assertEquals(Main.BAD_INPUT, elsewhere.exit(), elsewhere.describe());
        assertTrue(elsewhere.err().contains("no protected subnet"), elsewhere.err());
        CliRun badTopic = CliRun.of("doctor", "--subscription", EventGridSeed.SUBSCRIPTION, "--config", CONFIG,
                "--event-topic", "not-an-id");
        assertEquals(Main.BAD_INPUT, badTopic.exit(), badTopic.describe());
        assertFalse(badTopic.err().contains("\tat "), badTopic.err());
        CliRun missingConfig = CliRun.of("doctor", "--subscription", EventGridSeed.SUBSCRIPTION, "--config", "no/such/file.json");
        assertEquals(Main.BAD_INPUT, missingConfig.exit());
        assertTrue(missingConfig.err().contains("no/such/file.json"), missingConfig.err());
    }
}
