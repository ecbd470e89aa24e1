package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.StateUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * The one place that decides whether a planned write may be sent: fights (too many rollbacks of
 * one resource) and cross-instance claims (only one instance fixes a given drift). A reconcile
 * opens a {@link Round}; the reconciler asks it before every write; the notices read what it
 * vetoed. Time comes from the injected clock.
 */
final class WriteArbiter {
    private final GuardStateStore state;
    private final GuardPolicy policy;
    private final Clock clock;
    /** Write claims this instance took (target key | family etag → expiry), so its own retry is not vetoed. */
    private final Map<String, Instant> ownClaims = new ConcurrentHashMap<>();

    WriteArbiter(GuardStateStore state, GuardPolicy policy, Clock clock) {
        this.state = state;
        this.policy = policy;
        this.clock = clock;
    }

    Round open() {
        return new Round();
    }

    /** The decisions of one reconcile. */
    final class Round implements BiPredicate<PlannedWrite, Optional<String>> {
        private final Map<String, GuardAction> vetoes = new ConcurrentHashMap<>();
        private final Map<String, String> claimed = new ConcurrentHashMap<>();
        private volatile boolean degraded;

        @Override
        public boolean test(PlannedWrite write, Optional<String> familyEtag) {
            Instant now = clock.instant();
            try {
                int recent = state.rollbacksWithin(write.target(), now, policy.fightWindow());
                if (recent >= policy.fightLimit()) {
                    veto(write, GuardAction.ESCALATED_FIGHT);
                    return false;
                }
                if (!claim(write, familyEtag, now)) {
                    veto(write, GuardAction.HANDLED_ELSEWHERE);
                    return false;
                }
                state.recordRollback(write.target(), now, policy.fightWindow());
                return true;
            } catch (StateUnavailableException e) {
                // Without shared state the fix still matters more than perfect dedupe: write, and say so.
                degraded = true;
                return true;
            }
        }

        /**
         * The family etag as read identifies this drift: two instances fixing the same drift claim
         * the same key; the next human change gives a new etag and a new claim.
         */
        private boolean claim(PlannedWrite write, Optional<String> familyEtag, Instant now) throws StateUnavailableException {
            String etag = familyEtag.or(() -> write.request().ifMatch()).orElse("(unread)");
            String claim = write.target().key() + "|" + etag;
            if (state.claimWrite(write.target(), etag, now, policy.writeClaimTtl())) {
                ownClaims.put(claim, now.plus(policy.writeClaimTtl()));
                ownClaims.values().removeIf(expiry -> !expiry.isAfter(now));
            } else {
                Instant mine = ownClaims.get(claim);
                if (mine == null || !mine.isAfter(now)) {
                    return false;
                }
                // This instance holds the claim: its earlier attempt failed (the operation ended
                // Failed, or a transient error made Event Grid redeliver) and changed nothing, so
                // the etag is the same. Deferring to "another instance" would leave the drift, and
                // no alert, until the claim expired.
            }
            claimed.put(writeKey(write), etag);
            return true;
        }

        private void veto(PlannedWrite write, GuardAction why) {
            write.ruleIds().forEach(r -> vetoes.put(findingKey(r, write.target()), why));
        }

        /**
         * A claimed write that failed changed nothing: give the claim up so the next instance to see
         * the drift (Event Grid's redelivery may land anywhere) fixes it instead of deferring to us.
         */
        void releaseFailed(Iterable<WriteOutcome> outcomes) {
            for (WriteOutcome o : outcomes) {
                if (o.result() != WriteOutcome.Result.FAILED) {
                    continue;
                }
                String etag = claimed.get(writeKey(o.write()));
                if (etag == null) {
                    continue;
                }
                ownClaims.remove(o.write().target().key() + "|" + etag);
                try {
                    state.releaseWrite(o.write().target(), etag, clock.instant());
                } catch (StateUnavailableException e) {
                    degraded = true;
                }
            }
        }

        /** Why the write fixing {@code ruleId} on {@code target} was not sent, if it was vetoed. */
        Optional<GuardAction> veto(String ruleId, ResourceId target) {
            return Optional.ofNullable(vetoes.get(findingKey(ruleId, target)));
        }

        boolean degraded() {
            return degraded;
        }
    }

    private static String writeKey(PlannedWrite write) {
        return write.action() + "|" + write.target().key();
    }

    private static String findingKey(String ruleId, ResourceId target) {
        return ruleId + "|" + target.key();
    }
}
