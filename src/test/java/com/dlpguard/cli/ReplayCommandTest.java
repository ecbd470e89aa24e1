package com.dlpguard.cli;

import com.dlpguard.alerts.AuditRecord;
import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.functions.GuardHarness;
import com.dlpguard.functions.TestExecutionContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static com.dlpguard.cli.CliRun.CONFIG;
import static com.dlpguard.cli.CliRun.DRIFTED;
import static com.dlpguard.cli.CliRun.EXAMPLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay}: the examples' events through the CLI give what the Event Grid function decides
 * for the same payload against the same estate (the function's guard in dry-run over an
 * in-memory ARM seeded from examples/drifted): the same event decisions, findings and plan.
 */
class ReplayCommandTest {
    static final String PROTECTED_SUBNET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg"
            + "/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute";

    static Stream<Path> exampleEvents() throws IOException {
        try (Stream<Path> s = Files.list(EXAMPLES.resolve("events"))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    static CliRun replay(Path events, String... extra) {
        List<String> args = new ArrayList<>(List.of("replay", "--event", events.toString(), "--snapshot", DRIFTED,
                "--config", CONFIG, "--format", "json", "--guard-identity", GuardHarness.GUARD_APP_ID));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    static List<JsonObject> lines(List<String> log, String kind) {
        return log.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.get("kind").getAsString().equals(kind)).toList();
    }

    static List<JsonObject> objects(JsonObject report, String field) {
        return report.getAsJsonArray(field).asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleEvents")
    void replayDecidesWhatTheFunctionDecides(Path eventFile) throws Exception {
        CliRun run = replay(eventFile);
        JsonObject report = run.json();

        GuardHarness h = new GuardHarness("drifted", true).install();
        new DlpGuardEventGrid().run(Files.readString(eventFile), new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(0, h.arm.writeCount(), "dry-run");

        // Events: accepted or not, why, and how many scopes.
        Map<String, String> functionEvents = new TreeMap<>();
        for (JsonObject l : lines(h.decisionLog, "dlp-guard.event")) {
            functionEvents.put(l.get("eventId").getAsString(),
                    l.get("accepted").getAsBoolean() + " | " + l.get("reason").getAsString() + " | " + l.get("scopes").getAsInt());
        }
        Map<String, String> replayEvents = new TreeMap<>();
        for (JsonObject e : objects(report, "events")) {
            replayEvents.put(e.get("id").getAsString(), e.get("accepted").getAsBoolean() + " | " + e.get("reason").getAsString()
                    + " | " + e.getAsJsonArray("scopes").size());
            if (e.get("accepted").getAsBoolean()) {
                assertEquals(List.of(PROTECTED_SUBNET), e.getAsJsonArray("scopes").asList().stream()
                        .map(JsonElement::getAsString).toList(), e.toString());
            }
        }
        assertFalse(replayEvents.isEmpty());
        assertEquals(functionEvents, replayEvents);

        // Findings: every rule verdict on every resource.
        Set<String> functionFindings = new TreeSet<>();
        for (JsonObject l : lines(h.decisionLog, "dlp-guard.decision")) {
            functionFindings.add(l.get("rule").getAsString() + " " + l.get("verdict").getAsString() + " " + l.get("resource").getAsString());
        }
        Set<String> replayFindings = new TreeSet<>();
        for (JsonObject f : objects(report, "findings")) {
            replayFindings.add(f.get("ruleId").getAsString() + " " + f.get("status").getAsString() + " " + f.get("resourceId").getAsString());
        }
        assertEquals(functionFindings, replayFindings);

        // Plan: the same writes, in the same order (the function's dry-run audit trail).
        List<String> functionPlan = h.auditLog.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .map(ReplayCommandTest::auditKey).toList();
        List<String> replayPlan = objects(report, "plan").stream().map(w -> w.get("action").getAsString() + " "
                + w.getAsJsonObject("request").get("method").getAsString() + " " + w.getAsJsonObject("request").get("url").getAsString()
                + " " + w.get("target").getAsString()).toList();
        assertEquals(functionPlan, replayPlan);

        boolean anyAccepted = objects(report, "events").stream().anyMatch(e -> e.get("accepted").getAsBoolean());
        assertEquals(anyAccepted ? Main.VIOLATIONS : Main.OK, run.exit(), run.describe());
        if (anyAccepted) {
            assertEquals(4, replayPlan.size(), "the drifted estate's four rollbacks: " + replayPlan);
        }
    }

    static String auditKey(JsonObject audit) {
        assertEquals(AuditRecord.SCHEMA, audit.get("schema").getAsString(), audit.toString());
        assertEquals("dry-run", audit.get("outcome").getAsString(), audit.toString());
        return audit.get("action").getAsString() + " " + audit.get("method").getAsString() + " " + audit.get("url").getAsString()
                + " " + audit.get("target").getAsString();
    }

    @Test
    void theGuardsOwnWriteIsReconciledLikeAnyOtherAndMarkedOwnWrite() {
        // Rule book v2, 2.3 and 5: accepted and reconciled, with ownWrite and a reason naming the identity.
        CliRun run = replay(EXAMPLES.resolve("events/guard-own-write.json"));
        assertEquals(Main.VIOLATIONS, run.exit(), "the drifted estate is judged, whoever the event names\n" + run.describe());
        List<JsonObject> events = objects(run.json(), "events");
        assertEquals(1, events.size());
        assertTrue(events.get(0).get("accepted").getAsBoolean());
        assertTrue(events.get(0).get("ownWrite").getAsBoolean());
        assertTrue(events.get(0).get("reason").getAsString().contains(GuardHarness.GUARD_APP_ID), events.toString());
        assertFalse(events.get(0).getAsJsonArray("scopes").isEmpty());
        assertFalse(run.json().getAsJsonArray("plan").isEmpty(), "the drift is planned back");
    }

    @Test
    void withoutGuardIdentityTheSameEventIsAnOrdinaryChange() {
        CliRun run = CliRun.of("replay", "--event", "examples/events/guard-own-write.json", "--snapshot", DRIFTED,
                "--config", CONFIG, "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(objects(run.json(), "events").get(0).get("accepted").getAsBoolean());
        assertFalse(objects(run.json(), "events").get(0).get("ownWrite").getAsBoolean());
    }

    @Test
    void aMalformedEventInsideAValidArrayIsListedAndTheRestAreHandled() {
        CliRun run = replay(EXAMPLES.resolve("events/mixed-batch.json"));
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> events = objects(run.json(), "events");
        assertEquals(3, events.size(), events.toString());
        JsonObject broken = events.stream().filter(e -> e.get("id").getAsString().equals("broken-1")).findFirst().orElseThrow();
        assertFalse(broken.get("accepted").getAsBoolean());
        assertTrue(broken.get("reason").getAsString().startsWith("malformed event"), broken.toString());
        assertTrue(events.get(0).get("accepted").getAsBoolean(), "the alias deletion before it is handled");
        assertFalse(events.get(2).get("accepted").getAsBoolean(), "the storage account write after it is ignored with a reason");
        assertTrue(events.get(2).get("reason").getAsString().contains("Microsoft.Storage/storageAccounts/write"), events.toString());
        assertFalse(run.json().getAsJsonArray("findings").isEmpty());
    }

    @Test
    void textReplayListsTheEventsAndThePlan() {
        CliRun run = CliRun.of("replay", "--event", "examples/events/mixed-batch.json", "--snapshot", DRIFTED, "--config", CONFIG);
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(run.out().contains("ignored  broken-1: malformed event"), run.out());
        assertTrue(run.out().contains("Rollback plan: 4 write(s)"), run.out());
    }

    @Test
    void anEventOnTheCompliantEstateFindsNothingToDo() {
        CliRun run = CliRun.of("replay", "--event", "examples/events/alias-removed.json", "--snapshot", CliRun.COMPLIANT,
                "--config", CONFIG, "--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
        assertEquals(0, run.json().getAsJsonArray("plan").size());
        assertTrue(objects(run.json(), "events").get(0).get("accepted").getAsBoolean());
    }

    @Test
    void anEmptyArrayAcceptsNothingAndExitsZero(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("none.json"), "[]");
        CliRun run = replay(file);
        assertEquals(Main.OK, run.exit(), run.describe());
        assertEquals(0, run.json().getAsJsonArray("events").size());
    }

    @Test
    void onlyIgnoredEventsExitZeroEvenOnTheDriftedEstate() throws IOException {
        // The published storage-account event shapes: outside every protected scope.
        CliRun run = replay(Path.of("src/test/resources/shared-fixtures/eventgrid/eventgrid-resourceWriteSuccess-array-javasdk-test.json"));
        assertEquals(Main.OK, run.exit(), run.describe());
        JsonArray events = run.json().getAsJsonArray("events");
        assertFalse(events.isEmpty());
        assertTrue(events.asList().stream().noneMatch(e -> e.getAsJsonObject().get("accepted").getAsBoolean()), events.toString());
    }

    @Test
    void aFileThatIsNotJsonIsBadInput(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("event.json"), "subject: /subscriptions/x\n");
        BadInputTest.assertBadInput(replay(file), file.toString(), "not JSON");
    }

    @Test
    void jsonThatIsNotAnEventIsBadInput(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("event.json"), "{\"value\": []}");
        BadInputTest.assertBadInput(replay(file), file.toString(), "not an event");
    }

    @Test
    void anArrayIsAValidDeliveryEvenWhenEveryElementIsMalformed(@TempDir Path dir) throws IOException {
        // The array itself is the delivery: each element is judged on its own, as the function does.
        Path file = Files.writeString(dir.resolve("event.json"), "[1, {\"id\": \"e-x\"}]");
        CliRun run = replay(file);
        assertEquals(Main.OK, run.exit(), run.describe());
        List<JsonObject> events = objects(run.json(), "events");
        assertEquals(2, events.size());
        assertTrue(events.stream().allMatch(e -> !e.get("accepted").getAsBoolean()
                && e.get("reason").getAsString().startsWith("malformed event")), events.toString());
        assertEquals("e-x", events.get(1).get("id").getAsString(), "a malformed event keeps its id when it has one");
    }

    @Test
    void aSnapshotOfTheEventsIsBadInput() {
        // A snapshot is not an event: a common mix-up of the two options.
        BadInputTest.assertBadInput(replay(Path.of(DRIFTED, "network.json")), "network.json", "not an event");
    }

    @Test
    void theReportListsTheAlertsTheGuardWouldSendOnceEachInWebhookWords() {
        // Rule book v2, 5: after modes, exemptions and de-duplication within the delivery.
        CliRun run = replay(EXAMPLES.resolve("events/mixed-batch.json"));
        List<JsonObject> alerts = objects(run.json(), "alerts");
        assertFalse(alerts.isEmpty(), run.describe());
        assertTrue(alerts.stream().anyMatch(a -> a.get("kind").getAsString().equals("violation")
                && a.get("ruleId").getAsString().equals("DLP003")
                && a.get("action").getAsString().equals("would-roll-back-dry-run")), alerts.toString());
        assertTrue(alerts.stream().anyMatch(a -> a.get("ruleId").getAsString().equals("DLP010")
                && a.get("action").getAsString().equals("alert-only")), "alert mode: " + alerts);
        assertTrue(alerts.stream().noneMatch(a -> a.get("ruleId").getAsString().equals("DLP013")), "audit mode is not alerted");
        assertEquals(alerts.size(), alerts.stream().map(a -> a.get("kind").getAsString() + a.get("ruleId").getAsString()
                + a.get("resourceId").getAsString()).distinct().count(), "each alert once within the delivery: " + alerts);
        for (JsonObject a : alerts) {
            assertEquals(java.util.Set.of("kind", "ruleId", "resourceId", "action"), a.keySet());
        }
    }

    @Test
    void theTextReportListsTheAlertsToo() {
        CliRun run = CliRun.of("replay", "--event", "examples/events/alias-removed.json", "--snapshot", DRIFTED,
                "--config", CONFIG);
        assertTrue(run.out().contains("Alerts the guard would send:"), run.describe());
        assertTrue(run.out().contains("violation DLP003"), run.describe());
    }

    @Test
    void nothingAcceptedMeansNoAlerts() {
        CliRun run = replay(Path.of("src/test/resources/shared-fixtures/eventgrid").toFile().listFiles()[0].toPath());
        assertEquals(0, run.json().getAsJsonArray("alerts").size(), run.describe());
    }
}
