package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write arbiter over the in-memory store: claims across instances, failed writes, fights. */
class WriteArbiterTest {
    static final String NET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final ResourceId ALIAS = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp/serviceEndpointPolicyDefinitions/ml-alias");
    static final ResourceId BATCH_RULE = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg/securityRules/allow-batch");
    static final Optional<String> ETAG = Optional.of("W/\"1\"");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    final InMemoryGuardStateStore shared = new InMemoryGuardStateStore();
    final GuardPolicy policy = GuardPolicy.defaults().withDryRun(false);

    static PlannedWrite write(String ruleId, ResourceId target) {
        return new PlannedWrite(List.of(ruleId), "restore", target, new ArmRequest("PUT", target + "?api-version=2025-03-01",
                Optional.empty(), Optional.of("{}")), "test", "p", "before", "after");
    }

    static WriteOutcome outcome(PlannedWrite w, WriteOutcome.Result r) {
        return new WriteOutcome(w, r, Optional.empty(), "test", Optional.empty());
    }

    @Test
    void twoInstancesFixingTheSameDriftWriteOnce() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        WriteArbiter b = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP003", ALIAS);
        assertTrue(a.open().test(w, ETAG));
        WriteArbiter.Round other = b.open();
        assertFalse(other.test(w, ETAG));
        assertEquals(Optional.of(GuardAction.HANDLED_ELSEWHERE), other.veto("DLP003", ALIAS));
        assertTrue(b.open().test(w, Optional.of("W/\"2\"")), "a new etag is a new drift: claimable");
    }

    @Test
    void aFailedWriteGivesItsClaimUpForTheNextInstance() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        WriteArbiter b = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP003", ALIAS);
        WriteArbiter.Round round = a.open();
        assertTrue(round.test(w, ETAG));
        round.releaseFailed(List.of(outcome(w, WriteOutcome.Result.FAILED)));
        assertTrue(b.open().test(w, ETAG), "the drift is free to fix for whoever sees it next");
    }

    @Test
    void anInstanceRetryingItsOwnClaimIsNotVetoed() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP003", ALIAS);
        assertTrue(a.open().test(w, ETAG));
        assertTrue(a.open().test(w, ETAG), "its earlier attempt changed nothing (same etag): it retries");
    }

    @Test
    void aNonCriticalRuleStopsWritingAtTheFightLimit() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP009", BATCH_RULE);
        for (int i = 1; i <= policy.fightLimit(); i++) {
            assertTrue(a.open().test(w, Optional.of("W/\"" + i + "\"")), "rollback " + i);
            clock.advance(Duration.ofMinutes(1));
        }
        WriteArbiter.Round round = a.open();
        assertFalse(round.test(w, Optional.of("W/\"9\"")));
        assertEquals(Optional.of(GuardAction.ESCALATED_FIGHT), round.veto("DLP009", BATCH_RULE));
        clock.advance(policy.fightWindow());
        assertTrue(a.open().test(w, Optional.of("W/\"10\"")), "after the window the guard writes again");
    }
}
