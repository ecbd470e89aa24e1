package com.dlpguard.functions;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.AlertKind;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Event Grid function called as the Java worker calls it (one event as a String), against
 * an in-memory ARM seeded with examples/compliant; drift is made the way a human would make it.
 */
class DlpGuardEventGridTest {
    static final String NET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId ALIAS = SEP.child("serviceEndpointPolicyDefinitions", "ml-alias");
    static final ResourceId STORAGE_DEF = SEP.child("serviceEndpointPolicyDefinitions", "storage-allow");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final String EVIL = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/personal-rg/providers/Microsoft.Storage/storageAccounts/mallorypersonal";

    final DlpGuardEventGrid function = new DlpGuardEventGrid();

    static JsonObject exampleEvent(String file) throws IOException {
        JsonElement e = JsonParser.parseString(Files.readString(Path.of("examples/events").resolve(file)));
        return (e.isJsonArray() ? e.getAsJsonArray().get(0) : e).getAsJsonObject();
    }

    static String withIdAndTime(JsonObject event, String id, String time) {
        JsonObject copy = event.deepCopy();
        copy.addProperty("id", id);
        copy.addProperty("eventTime", time);
        return copy.toString();
    }

    /**
     * Whether any definition of the SEP holds the alias. A deleted definition comes back as
     * dlp-guard-ml-alias: its old name is only in the event, and the guard decides from state.
     */
    /** A human deleting the alias definition, whatever it is called now. */
    static void removeAlias(InMemoryArmGateway arm) {
        arm.resource(SEP).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .forEach(d -> {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        arm.deleteExternally(ResourceId.parse(d.getAsJsonObject().get("id").getAsString()));
                    }
                });
    }

    static boolean listsAlias(InMemoryArmGateway arm) {
        return arm.resource(SEP).map(p -> p.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .toString().contains("/services/Azure/MachineLearning")).orElse(false);
    }

    @Test
    void aliasRemovedIsRestored() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        removeAlias(h.arm);
        assertFalse(listsAlias(h.arm));
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-1", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(listsAlias(h.arm), "the alias definition is back");
        assertEquals(1, h.arm.writeCount());
        assertTrue(h.alerts.stream().anyMatch(a -> a.ruleId().equals("DLP003")
                && a.action().orElseThrow() == ActionTaken.ROLLED_BACK), h.alerts.toString());
        assertTrue(h.auditLog.stream().anyMatch(l -> l.contains("restore-ml-alias")), h.auditLog.toString());
        assertTrue(h.decisionLog.stream().anyMatch(l -> l.contains("\"eventId\":\"e-1\"") && l.contains("mallory@contoso.com")),
                "decision log names the event and the actor: " + h.decisionLog);
    }

    @Test
    void anUnapprovedAccountAddedIsRemovedAndNothingElseChanges() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        JsonObject def = h.arm.resource(STORAGE_DEF).orElseThrow().deepCopy();
        def.getAsJsonObject("properties").getAsJsonArray("serviceResources").add(EVIL);
        h.arm.putExternally(def);
        function.run(withIdAndTime(exampleEvent("account-added.json"), "e-2", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        JsonArray entries = h.arm.resource(STORAGE_DEF).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceResources");
        assertEquals(1, entries.size(), entries.toString());
        assertTrue(entries.get(0).getAsString().endsWith("/contosomlstore"));
        assertEquals(1, h.arm.writeCount());
    }

    @Test
    void aReAddedBatchInboundRuleIsDeleted() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        ResourceId ruleId = NSG.child("securityRules", "allow-batch-inbound");
        JsonObject rule = JsonParser.parseString("""
                {"name":"allow-batch-inbound","properties":{"protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"29876-29877",
                 "sourceAddressPrefix":"BatchNodeManagement","destinationAddressPrefix":"*","access":"Allow","priority":200,
                 "direction":"Inbound"}}""").getAsJsonObject();
        rule.addProperty("id", ruleId.toString());
        rule.addProperty("type", "Microsoft.Network/networkSecurityGroups/securityRules");
        h.arm.putExternally(rule);
        assertTrue(h.arm.resource(ruleId).isPresent());
        function.run(withIdAndTime(exampleEvent("batch-inbound-readded.json"), "e-3", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(h.arm.resource(ruleId).isEmpty(), "the Batch inbound rule is gone");
        assertTrue(h.arm.resource(NSG.child("securityRules", "allow-aml-inbound")).isPresent(), "other rules stay");
    }

    @Test
    void theGuardsOwnRollbackEventCausesNoFurtherWrite() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        removeAlias(h.arm);
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-4", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        int writes = h.arm.writeCount();
        h.clock.advance(Duration.ofSeconds(30));
        function.run(withIdAndTime(exampleEvent("guard-own-write.json"), "e-5", "2026-11-24T09:20:20Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(writes, h.arm.writeCount(), "re-reading the restored state writes nothing (level-triggered)");
        assertTrue(h.decisionLog.stream().anyMatch(l -> l.contains("\"eventId\":\"e-5\"") && l.contains("own identity")
                        && l.contains("\"accepted\":true") && l.contains("\"ownWrite\":true")),
                h.decisionLog.toString());
    }

    @Test
    void aChangeMadeThroughTheGuardsOwnIdentityIsRolledBack() throws Exception {
        // Borrowed identity (threat model 1.1): whoever attaches the guard's identity to their compute.
        GuardHarness h = new GuardHarness("compliant", false).install();
        removeAlias(h.arm);
        function.run(withIdAndTime(exampleEvent("guard-own-write.json"), "e-borrowed", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(listsAlias(h.arm), "the change is rolled back although the event names the guard's identity");
        assertTrue(h.decisionLog.stream().anyMatch(l -> l.contains("\"eventId\":\"e-borrowed\"") && l.contains("\"ownWrite\":true")),
                h.decisionLog.toString());
    }

    @Test
    void aDuplicateDeliveryDoesNotActTwice() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        removeAlias(h.arm);
        String event = withIdAndTime(exampleEvent("alias-removed.json"), "e-dup", "2026-11-24T09:19:00Z");
        function.run(event, new TestExecutionContext("DlpGuardEventGrid"));
        int reads = h.arm.readCount();
        removeAlias(h.arm);
        function.run(event, new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(reads, h.arm.readCount(), "a redelivered event id is not reconciled again");
        assertFalse(listsAlias(h.arm), "(the second removal is for the next event or the sweep)");
    }

    @Test
    void aCriticalRuleFoughtOverIsNeverGivenUpAndEscalatesOnceNamingTheActor() throws Exception {
        // Rule book v2, 2.3: DLP003 is critical. Version 1 stopped after three rollbacks.
        GuardHarness h = new GuardHarness("compliant", false).install();
        for (int round = 1; round <= 5; round++) {
            removeAlias(h.arm);
            h.clock.advance(Duration.ofMinutes(2));
            String time = h.clock.instant().minusSeconds(10).toString();
            function.run(withIdAndTime(exampleEvent("alias-removed.json"), "fight-" + round, time),
                    new TestExecutionContext("DlpGuardEventGrid"));
            assertTrue(listsAlias(h.arm), "round " + round + " rolls back (2 min apart: past every backoff so far)");
        }
        assertEquals(5, h.arm.writeCount());
        List<AlertMessage> escalations = h.alerts.stream()
                .filter(a -> a.kind() == AlertKind.ESCALATION && a.action().orElseThrow() == ActionTaken.ESCALATED_FIGHT).toList();
        assertEquals(1, escalations.size(), h.alerts.toString());
        assertEquals("DLP003", escalations.get(0).ruleId());
        assertTrue(escalations.get(0).actors().stream().anyMatch(a -> a.upn().orElse("").equals("mallory@contoso.com")),
                escalations.get(0).actors().toString());
        assertTrue(escalations.get(0).outcomeDetail().contains("keeps restoring"), escalations.get(0).outcomeDetail());
    }

    @Test
    void aCriticalRestoreDeferredByTheBackoffIsNotAcknowledgedAndFollows() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        for (int round = 1; round <= 3; round++) {
            removeAlias(h.arm);
            h.clock.advance(Duration.ofSeconds(5));
            function.run(withIdAndTime(exampleEvent("alias-removed.json"), "quick-" + round, h.clock.instant().toString()),
                    new TestExecutionContext("DlpGuardEventGrid"));
        }
        assertEquals(3, h.arm.writeCount());
        removeAlias(h.arm);
        h.clock.advance(Duration.ofSeconds(5));
        String fourth = withIdAndTime(exampleEvent("alias-removed.json"), "quick-4", h.clock.instant().toString());
        assertThrows(IllegalStateException.class, () -> function.run(fourth, new TestExecutionContext("DlpGuardEventGrid")),
                "within 30 s of the third restore: deferred, and the event is not acknowledged (Event Grid redelivers)");
        assertFalse(listsAlias(h.arm));
        assertTrue(h.alerts.stream().anyMatch(a -> a.ruleId().equals("DLP003") && a.action().orElseThrow() == ActionTaken.RESTORE_DEFERRED
                && a.outcomeDetail().contains("deferred")), "people learn it is open right now: " + h.alerts);
        assertTrue(h.guard.nextDue().isPresent());
        assertTrue(h.guard.recheckDue().isEmpty(), "not due yet");

        h.clock.advance(Duration.ofSeconds(25)); // 30 s after the third restore
        function.run(fourth, new TestExecutionContext("DlpGuardEventGrid")); // Event Grid's redelivery
        assertTrue(listsAlias(h.arm), "the redelivery restores once the interval has passed");
        assertEquals(4, h.arm.writeCount());
        assertTrue(h.guard.recheckDue().isEmpty(), "nothing left to re-check");
    }

    @Test
    void aDueRecheckRestoresADeferredCriticalSettingWithoutAnyEvent() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        for (int round = 1; round <= 4; round++) {
            removeAlias(h.arm);
            h.clock.advance(Duration.ofSeconds(5));
            String event = withIdAndTime(exampleEvent("alias-removed.json"), "due-" + round, h.clock.instant().toString());
            try {
                function.run(event, new TestExecutionContext("DlpGuardEventGrid"));
            } catch (IllegalStateException deferred) {
                assertEquals(4, round, "only the fourth is deferred");
            }
        }
        assertFalse(listsAlias(h.arm));
        h.clock.advance(Duration.ofSeconds(30));
        assertTrue(h.guard.recheckDue().isPresent(), "the guard's own timer re-checks when the interval ends");
        assertTrue(listsAlias(h.arm));
    }

    @Test
    void aNonCriticalRuleStopsAfterTheFightLimitAndEscalatesOnce() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        ResourceId ruleId = NSG.child("securityRules", "allow-batch-inbound");
        for (int round = 1; round <= 4; round++) {
            JsonObject rule = JsonParser.parseString("""
                    {"name":"allow-batch-inbound","properties":{"protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"29876-29877",
                     "sourceAddressPrefix":"BatchNodeManagement","destinationAddressPrefix":"*","access":"Allow","priority":200,
                     "direction":"Inbound"}}""").getAsJsonObject();
            rule.addProperty("id", ruleId.toString());
            rule.addProperty("type", "Microsoft.Network/networkSecurityGroups/securityRules");
            h.arm.putExternally(rule);
            h.clock.advance(Duration.ofMinutes(2));
            function.run(withIdAndTime(exampleEvent("batch-inbound-readded.json"), "batch-" + round,
                    h.clock.instant().minusSeconds(10).toString()), new TestExecutionContext("DlpGuardEventGrid"));
            assertEquals(round <= 3, h.arm.resource(ruleId).isEmpty(), "round " + round);
        }
        assertEquals(3, h.arm.writeCount(), "DLP009 (high) keeps version 1's limit");
        List<AlertMessage> escalations = h.alerts.stream().filter(a -> a.kind() == AlertKind.ESCALATION).toList();
        assertEquals(1, escalations.size(), h.alerts.toString());
        assertTrue(escalations.get(0).outcomeDetail().contains("stopped"), escalations.get(0).outcomeDetail());
    }

    @Test
    void aPolicyTheGuardCannotReadIsAnUnverifiableAlertNamingWhatAndWhy() throws Exception {
        // Rule book v2, 2: unknown is never silent. The insider's move: make the policy unreadable.
        GuardHarness h = new GuardHarness("compliant", false).install();
        h.arm.denyReads(SEP, "403 AuthorizationFailed");
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-unreadable", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(0, h.arm.writeCount(), "unknown never writes");
        List<AlertMessage> unverifiable = h.alerts.stream().filter(a -> a.kind() == AlertKind.UNVERIFIABLE).toList();
        assertTrue(unverifiable.stream().anyMatch(a -> a.ruleId().equals("DLP003") && a.resourceId().equals(SEP)
                && a.message().contains("403") && a.action().orElseThrow() == ActionTaken.COULD_NOT_VERIFY), h.alerts.toString());
        assertTrue(h.decisionLog.stream().anyMatch(l -> l.contains("\"rule\":\"DLP003\"") && l.contains("\"action\":\"unverifiable\"")),
                h.decisionLog.toString());
        int sent = h.alerts.size();
        h.clock.advance(Duration.ofMinutes(1));
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-unreadable-2", "2026-11-24T09:21:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(sent, h.alerts.size(), "the same unreadable state alerts once per window");
    }

    @Test
    void anUnknownOfARuleInAuditModeIsRecordedNotAlerted() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        h.arm.denyReads(h.guard.config().workspaces().get(0).workspaceId().orElseThrow(), "403 AuthorizationFailed");
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-audit", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(h.alerts.stream().noneMatch(a -> a.kind() == AlertKind.UNVERIFIABLE && a.ruleId().equals("DLP013")),
                "DLP013 is in audit mode in examples/: " + h.alerts);
    }

    @Test
    void dryRunPlansAndAlertsButNeverWrites() throws Exception {
        GuardHarness h = new GuardHarness("compliant", true).install();
        removeAlias(h.arm);
        function.run(withIdAndTime(exampleEvent("alias-removed.json"), "e-dry", "2026-11-24T09:19:00Z"),
                new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(0, h.arm.writeCount());
        assertTrue(h.alerts.stream().anyMatch(a -> a.action().orElseThrow() == ActionTaken.WOULD_ROLL_BACK_DRY_RUN));
    }

    static Stream<Path> sharedFixtures() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("src/test/resources/shared-fixtures/eventgrid"))) {
            return s.sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("sharedFixtures")
    void everyPublishedEventShapeIsHandledWithoutWritesOrErrors(Path fixture) throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        TestExecutionContext ctx = new TestExecutionContext("DlpGuardEventGrid");
        function.run(Files.readString(fixture), ctx);
        assertEquals(0, h.arm.writeCount(), "storage / event hub events are outside the protected scopes");
        assertFalse(h.decisionLog.isEmpty(), "each event is logged with its reason");
        assertTrue(h.decisionLog.stream().allMatch(l -> l.contains("\"accepted\":false")), h.decisionLog.toString());
    }

    @Test
    void aMalformedDeliveryIsAcknowledgedNotRetried() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        TestExecutionContext ctx = new TestExecutionContext("DlpGuardEventGrid");
        function.run("{not json", ctx);
        function.run("[{\"id\":\"x\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\"}]", ctx);
        function.run(null, ctx);
        assertEquals(0, h.arm.writeCount());
        assertTrue(ctx.lines.stream().anyMatch(l -> l.contains("not JSON")), ctx.lines.toString());
        assertTrue(h.decisionLog.stream().anyMatch(l -> l.contains("malformed event")), h.decisionLog.toString());
    }

    @Test
    void aTransientArmFailureThrowsSoEventGridRedeliversAndTheRedeliveryIsHandled() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(GuardHarness.EXAMPLES.resolve("compliant"));
        boolean[] down = {true};
        ArmGateway flaky = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                if (down[0]) {
                    throw new ArmException("503 ServerBusy after retries", true, null);
                }
                return arm.read(scope);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                return arm.execute(write);
            }
        };
        GuardHarness h = new GuardHarness(arm, flaky, false, new InMemoryGuardStateStore()).install();
        removeAlias(arm);
        String event = withIdAndTime(exampleEvent("alias-removed.json"), "e-retry", "2026-11-24T09:19:00Z");
        assertThrows(RuntimeException.class, () -> function.run(event, new TestExecutionContext("DlpGuardEventGrid")));
        down[0] = false;
        function.run(event, new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(listsAlias(arm), "the redelivered event was handled, not dropped as a duplicate");
    }

    @Test
    void anUnexpectedFailureDuringTheReconcileLeavesTheEventUnprocessedSoItsRedeliveryIsHandled() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(GuardHarness.EXAMPLES.resolve("compliant"));
        boolean[] broken = {true};
        ArmGateway buggy = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                if (broken[0]) {
                    throw new IllegalArgumentException("a defect in a parser (test)");
                }
                return arm.read(scope);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                return arm.execute(write);
            }
        };
        GuardHarness h = new GuardHarness(arm, buggy, false, new InMemoryGuardStateStore()).install();
        removeAlias(arm);
        String event = withIdAndTime(exampleEvent("alias-removed.json"), "e-bug", "2026-11-24T09:19:00Z");
        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> function.run(event, new TestExecutionContext("DlpGuardEventGrid")));
        assertFalse(thrown instanceof RedeliveryRequested, "a defect is not dressed up as a transient failure");
        broken[0] = false;
        function.run(event, new TestExecutionContext("DlpGuardEventGrid")); // the host's retry / Event Grid's redelivery
        assertTrue(listsAlias(arm), "the redelivered event was reconciled, not dropped as already processed");
    }
}
