package com.dlpguard.reconcile;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.StateUnavailableException;

import com.dlpguard.events.EventContext;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.RuleCatalog;
import com.dlpguard.rules.Severity;
import com.dlpguard.state.RollbackEntry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The one place that decides whether a planned write may be sent: fights, backoff and
 * cross-instance claims (only one instance fixes a given drift). A reconcile opens a
 * {@link Round}; the reconciler asks it before every write; the notices read what it vetoed,
 * deferred and escalated. Time comes from the injected clock.
 *
 * <p>Fights (rule book 2.3): when a resource has been rolled back {@code fightLimit} times within
 * {@code fightWindow}, one escalation names every actor of those changes (the history in the
 * shared store records who made each change undone, so a fight spread over instances and
 * identities is still one fight). Then:
 * <ul>
 * <li>a <b>critical</b> rule is never given up: repeating the change until the guard stops is
 *     exactly what an insider would do. It is restored at most once per backoff interval
 *     ({@link #BACKOFF_BASE}, doubling with every further rollback in the window, at most
 *     {@link #BACKOFF_MAX}); when the window holds fewer than {@code fightLimit} rollbacks again
 *     (a quiet window), the backoff is gone. A restore inside the interval is deferred, never
 *     dropped: see {@link Guard#handle} and {@link Guard#recheckDue};</li>
 * <li>any other rule stops writing at the limit until the window passes (a human must look),
 *     because a non-critical setting fought over is more likely a team's need than an attack,
 *     and the alert already says so.</li>
 * </ul>
 */
final class WriteArbiter {
    private final GuardStateStore state;
    private final GuardPolicy policy;
    private final Clock clock;
    /** Write claims this instance took (target key | family etag → expiry), so its own retry is not vetoed. */
    private final Map<String, Instant> ownClaims = new ConcurrentHashMap<>();

    /** First interval between restores of a critical resource once a fight is detected. */
    static final Duration BACKOFF_BASE = Duration.ofSeconds(30);
    /** The interval doubles up to this: the longest a critical path can stay open between two restores. */
    static final Duration BACKOFF_MAX = Duration.ofMinutes(5);

    private static final Map<String, Severity> SEVERITIES = RuleCatalog.all().stream()
            .collect(Collectors.toUnmodifiableMap(Rule::id, Rule::severity));

    WriteArbiter(GuardStateStore state, GuardPolicy policy, Clock clock) {
        this.state = state;
        this.policy = policy;
        this.clock = clock;
    }

    /** A round for one reconcile; {@code context} names who made the change being undone. */
    Round open(EventContext context) {
        return new Round(ChangeActor.of(context));
    }

    Round open() {
        return open(EventContext.NONE);
    }

    /**
     * The interval after the last rollback before the next one, for a history of {@code rollbacks}
     * within the window: none below the limit, then 30 s, 60 s, 120 s, … at most 5 min.
     */
    static Duration backoff(int rollbacks, int fightLimit) {
        if (rollbacks < fightLimit) {
            return Duration.ZERO;
        }
        int doublings = Math.min(rollbacks - fightLimit, 20);
        Duration d = BACKOFF_BASE.multipliedBy(1L << doublings);
        return d.compareTo(BACKOFF_MAX) > 0 ? BACKOFF_MAX : d;
    }

    /**
     * Critical when any rule the write restores is: a rule id the catalog does not know counts as
     * critical too, because giving up is the unsafe default.
     */
    static boolean critical(PlannedWrite write) {
        return write.ruleIds().stream().anyMatch(r -> SEVERITIES.getOrDefault(r, Severity.CRITICAL) == Severity.CRITICAL);
    }

    /** The decisions of one reconcile. */
    final class Round implements BiPredicate<PlannedWrite, Optional<String>> {
        private final ChangeActor actor;
        private final Map<String, GuardAction> vetoes = new ConcurrentHashMap<>();
        private final Map<String, Escalation> escalations = new ConcurrentHashMap<>();
        private final Map<String, Instant> deferred = new ConcurrentHashMap<>();
        private final Map<String, String> claimed = new ConcurrentHashMap<>();
        private volatile boolean degraded;

        private Round(ChangeActor actor) {
            this.actor = actor;
        }

        @Override
        public boolean test(PlannedWrite write, Optional<String> familyEtag) {
            Instant now = clock.instant();
            boolean critical = critical(write);
            try {
                List<RollbackEntry> history = state.rollbackHistory(write.target(), now, policy.fightWindow());
                if (history.size() >= policy.fightLimit()) {
                    Escalation fight = escalation(history, Optional.empty(), critical);
                    if (!critical) {
                        veto(write, GuardAction.ESCALATED_FIGHT, fight);
                        return false;
                    }
                    Instant due = history.get(history.size() - 1).at().plus(backoff(history.size(), policy.fightLimit()));
                    if (now.isBefore(due)) {
                        veto(write, GuardAction.RESTORE_DEFERRED, fight);
                        write.ruleIds().forEach(r -> deferred.merge(findingKey(r, write.target()), due,
                                (a, b) -> a.isBefore(b) ? a : b));
                        return false;
                    }
                }
                if (!claim(write, familyEtag, now)) {
                    veto(write, GuardAction.HANDLED_ELSEWHERE, null);
                    return false;
                }
                List<RollbackEntry> after = state.recordRollback(write.target(), now, policy.fightWindow(), actor.encode());
                if (after.size() >= policy.fightLimit()) {
                    // The fight is on: every notice of it carries the escalation; the dispatcher
                    // sends it once per fight (its own de-duplication slot).
                    Escalation fight = escalation(after, Optional.of(actor), critical);
                    write.ruleIds().forEach(r -> escalations.put(findingKey(r, write.target()), fight));
                }
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

        private void veto(PlannedWrite write, GuardAction why, Escalation fight) {
            write.ruleIds().forEach(r -> {
                vetoes.put(findingKey(r, write.target()), why);
                if (fight != null) {
                    escalations.put(findingKey(r, write.target()), fight);
                }
            });
        }

        /** Every distinct actor of the history, the latest change's first; unknown only when nobody is known. */
        private Escalation escalation(List<RollbackEntry> history, Optional<ChangeActor> latest, boolean critical) {
            Set<ChangeActor> actors = new LinkedHashSet<>();
            latest.filter(ChangeActor::isKnown).ifPresent(actors::add);
            for (int i = history.size() - 1; i >= 0; i--) {
                ChangeActor a = ChangeActor.decode(history.get(i).actor());
                if (a.isKnown()) {
                    actors.add(a);
                }
            }
            if (actors.isEmpty()) {
                actors.add(ChangeActor.UNKNOWN);
            }
            return new Escalation(List.copyOf(actors), history.size(), critical);
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

        /** The fight the write fixing {@code ruleId} on {@code target} is part of, if any. */
        Optional<Escalation> escalation(String ruleId, ResourceId target) {
            return Optional.ofNullable(escalations.get(findingKey(ruleId, target)));
        }

        /** When the deferred restore of {@code ruleId} on {@code target} is due. */
        Optional<Instant> retryAt(String ruleId, ResourceId target) {
            return Optional.ofNullable(deferred.get(findingKey(ruleId, target)));
        }

        /** The earliest deferred restore of this round, if any. */
        Optional<Instant> earliestRetry() {
            return deferred.values().stream().min(Instant::compareTo);
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
