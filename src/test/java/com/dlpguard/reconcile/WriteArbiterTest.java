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

    static com.dlpguard.events.EventContext by(String upn) {
        return new com.dlpguard.events.EventContext(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(upn), Optional.empty(), Optional.empty(), Optional.of("203.0.113.7"), Optional.empty());
    }

    @Test
    void aFightNamesEveryActorOnceAcrossInstancesAndTheLatestFirst() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        WriteArbiter b = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP009", BATCH_RULE);
        WriteArbiter.Round r1 = a.open(by("mallory@contoso.com"));
        assertTrue(r1.test(w, Optional.of("W/\"1\"")));
        assertEquals(Optional.empty(), r1.escalation("DLP009", BATCH_RULE), "one rollback is no fight");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(b.open(by("trudy@contoso.com")).test(w, Optional.of("W/\"2\"")));
        clock.advance(Duration.ofMinutes(1));
        WriteArbiter.Round third = a.open(by("mallory@contoso.com"));
        assertTrue(third.test(w, Optional.of("W/\"3\"")));
        Escalation fight = third.escalation("DLP009", BATCH_RULE).orElseThrow();
        assertEquals(3, fight.rollbacks());
        assertFalse(fight.keepsRestoring(), "DLP009 is high, not critical");
        assertEquals(List.of("mallory@contoso.com", "trudy@contoso.com"),
                fight.actors().stream().map(x -> x.upn().orElseThrow()).toList());
    }

    @Test
    void aCriticalRuleIsNeverGivenUpButRestoredAtMostOncePerBackoffInterval() {
        WriteArbiter a = new WriteArbiter(shared, policy, clock);
        PlannedWrite w = write("DLP003", ALIAS);
        int etag = 0;
        for (int i = 1; i <= policy.fightLimit(); i++) {
            assertTrue(a.open(by("mallory@contoso.com")).test(w, Optional.of("W/\"" + (++etag) + "\"")), "rollback " + i);
            clock.advance(Duration.ofSeconds(10));
        }
        // 3 rollbacks at 0, 10, 20 s; now 30 s: 30 s after the last one is due at 50 s.
        WriteArbiter.Round early = a.open(by("mallory@contoso.com"));
        assertFalse(early.test(w, Optional.of("W/\"" + (++etag) + "\"")));
        assertEquals(Optional.of(GuardAction.RESTORE_DEFERRED), early.veto("DLP003", ALIAS));
        assertEquals(Optional.of(Instant.parse("2026-11-24T09:20:50Z")), early.retryAt("DLP003", ALIAS));
        assertTrue(early.escalation("DLP003", ALIAS).orElseThrow().keepsRestoring());
        clock.advance(Duration.ofSeconds(20));
        assertTrue(a.open().test(w, Optional.of("W/\"" + (++etag) + "\"")), "due: restored (4th)");
        clock.advance(Duration.ofSeconds(59));
        assertFalse(a.open().test(w, Optional.of("W/\"" + (++etag) + "\"")), "the interval doubled to 60 s");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(a.open().test(w, Optional.of("W/\"" + (++etag) + "\"")), "restored (5th)");
        clock.advance(policy.fightWindow().plusSeconds(1));
        assertTrue(a.open().test(w, Optional.of("W/\"" + (++etag) + "\"")), "a quiet window resets the backoff");
        assertTrue(a.open().test(w, Optional.of("W/\"" + (++etag) + "\"")), "and the next one is immediate again");
    }

    @Test
    void theBackoffDoublesFromThirtySecondsToFiveMinutes() {
        assertEquals(Duration.ZERO, WriteArbiter.backoff(2, 3));
        assertEquals(Duration.ofSeconds(30), WriteArbiter.backoff(3, 3));
        assertEquals(Duration.ofSeconds(60), WriteArbiter.backoff(4, 3));
        assertEquals(Duration.ofSeconds(240), WriteArbiter.backoff(6, 3));
        assertEquals(Duration.ofMinutes(5), WriteArbiter.backoff(7, 3));
        assertEquals(Duration.ofMinutes(5), WriteArbiter.backoff(64, 3));
        assertTrue(WriteArbiter.critical(write("DLP005", ALIAS)));
        assertFalse(WriteArbiter.critical(write("DLP001", ALIAS)));
        assertTrue(WriteArbiter.critical(write("DLP999", ALIAS)), "an unknown rule id is never given up");
    }
}
