package com.dlpguard.hardening;

import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.snapshot.SnapshotException;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the chaos suite found in reconcile, kept as plain regression cases. */
class ReconcileRegressionTest {

    /** The in-memory ARM with something happening on the first write(s). */
    static final class Interfering implements ArmGateway {
        interface Before {
            Optional<WriteOutcome> apply(PlannedWrite write, int index) throws ArmException, SnapshotException;
        }

        final InMemoryArmGateway arm;
        final Before before;
        final List<PlannedWrite> sent = new ArrayList<>();

        Interfering(InMemoryArmGateway arm, Before before) {
            this.arm = arm;
            this.before = before;
        }

        @Override
        public Estate read(ReadScope scope) throws ArmException {
            return arm.read(scope);
        }

        @Override
        public WriteOutcome execute(PlannedWrite write) throws ArmException {
            sent.add(write);
            try {
                Optional<WriteOutcome> instead = before.apply(write, sent.size() - 1);
                if (instead.isPresent()) {
                    return instead.get();
                }
            } catch (SnapshotException e) {
                throw new IllegalStateException(e);
            }
            return arm.execute(write);
        }
    }

    @Test
    void aCreateRacingAConcurrentEditIsRefusedThenRedecidedAndTheEditKept() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        EventFuzzTest.removeAlias(arm);
        Interfering gateway = new Interfering(arm, (write, index) -> {
            if (index == 0) {
                JsonObject sep = arm.resource(Humans.SEP).orElseThrow();
                JsonObject tags = new JsonObject();
                tags.addProperty("owner", "someone-else");
                sep.add("tags", tags);
                arm.putExternally(sep); // a person's PUT lands between the guard's read and its create
            }
            return Optional.empty();
        });
        GuardConfig config = ConfigLoader.load(Rig.CONFIG, Rig.TODAY);
        ReconcileResult result = new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), new MutableClock(Rig.START))
                .reconcile(config, ReconcileRequest.everything(false));
        assertEquals(2, result.outcomes().size(), result.outcomes().toString());
        assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, result.outcomes().get(0).result(), "the stale create is refused");
        assertEquals(WriteOutcome.Result.APPLIED, result.outcomes().get(1).result(), "and re-decided from a fresh read");
        assertTrue(gateway.sent.stream().allMatch(w -> w.request().ifMatch().isPresent()), "the create is pinned to the family etag");
        assertTrue(result.plan().writes().get(0).request().ifMatch().isEmpty(), "the plan as shown is the planner's own");
        assertTrue(EventFuzzTest.listsAlias(arm));
        assertEquals("someone-else", arm.resource(Humans.SEP).orElseThrow().getAsJsonObject("tags").get("owner").getAsString());
    }

    static JsonObject aliasEvent(Humans humans) {
        return humans.event(Humans.SEP.child("serviceEndpointPolicyDefinitions", "ml-alias"),
                "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete", false, Humans.HUMAN_APP);
    }

    @Test
    void aGuardRetriesItsOwnFailedWriteInsteadOfDeferringToItself() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        MutableClock clock = new MutableClock(Rig.START);
        Humans humans = new Humans(new Random(1), arm, InMemoryArmGateway.fromResources(ChaosTest.seedDocuments()), clock);
        EventFuzzTest.removeAlias(arm);
        Interfering gateway = new Interfering(arm, (write, index) -> index == 0
                ? Optional.of(new WriteOutcome(write, WriteOutcome.Result.FAILED, Optional.of("InternalServerError"),
                "the long-running operation ended Failed", Optional.empty()))
                : Optional.empty());
        try (AlertReceiver receiver = new AlertReceiver()) {
            Rig rig = new Rig(Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false), gateway,
                    new InMemoryGuardStateStore(), clock);
            clock.advance(Duration.ofSeconds(5));
            rig.guard.handle(EventPayloadParser.parse(aliasEvent(humans).toString()));
            assertFalse(EventFuzzTest.listsAlias(arm), "the operation failed");
            assertTrue(rig.decisions.stream().anyMatch(l -> l.contains("\"action\":\"rollback-failed\"")), rig.decisions.toString());
            clock.advance(Duration.ofSeconds(30));
            rig.guard.handle(EventPayloadParser.parse(aliasEvent(humans).toString()));
            assertTrue(EventFuzzTest.listsAlias(arm), "the next event retries the fix: " + rig.decisions);
            assertTrue(rig.decisions.stream().noneMatch(l -> l.contains("handled-elsewhere")), rig.decisions.toString());
        }
    }

    @Test
    void aTransientFailureIsRedeliveredAndTheRedeliveryFixes() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        MutableClock clock = new MutableClock(Rig.START);
        Humans humans = new Humans(new Random(2), arm, InMemoryArmGateway.fromResources(ChaosTest.seedDocuments()), clock);
        EventFuzzTest.removeAlias(arm);
        Interfering gateway = new Interfering(arm, (write, index) -> {
            if (index == 0) {
                throw new ArmException("429 TooManyRequests, retries exhausted", true, null);
            }
            return Optional.empty();
        });
        try (AlertReceiver receiver = new AlertReceiver()) {
            Rig rig = new Rig(Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false), gateway,
                    new InMemoryGuardStateStore(), clock);
            clock.advance(Duration.ofSeconds(5));
            String event = aliasEvent(humans).toString();
            assertThrows(ArmException.class, () -> rig.guard.handle(EventPayloadParser.parse(event)));
            clock.advance(Duration.ofSeconds(10)); // Event Grid's first retry
            rig.guard.handle(EventPayloadParser.parse(event));
            assertTrue(EventFuzzTest.listsAlias(arm), "the redelivery fixed it: " + rig.decisions);
            assertTrue(rig.decisions.stream().noneMatch(l -> l.contains("handled-elsewhere")), rig.decisions.toString());
        }
    }
}
