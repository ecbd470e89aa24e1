package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.events.EventContext;
import com.dlpguard.events.EventDecision;
import com.dlpguard.events.EventRouter;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.ResourceEvent;
import com.dlpguard.events.Topology;
import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Status;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.StateUnavailableException;
import com.google.gson.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The guard around the one reconcile path: event dedupe, routing, coalescing, loop and fight
 * protection, cross-instance write claims, then alerts and the decision log. Every trigger
 * (Event Grid, HTTP re-check, timer, CLI replay) comes through here or {@link Reconciler}.
 *
 * <p>Coalescing: an event whose time is older than this instance's last read of every subnet
 * it names is already reflected in what was read (ARM raises the event after the operation
 * completed), so a burst of events on one VNet costs one reconcile, not one per event. So is an
 * event whose subnets were read by a reconcile that started after the event reached this
 * instance (both times on this JVM's monotonic clock: no skew to allow for).
 *
 * <p>Pacing: while events keep arriving for subnets read less than {@code pace} ago, the
 * invocation waits until {@code pace} has passed since that read, then reconciles once for every
 * invocation that waited with it. The first event after a quiet spell is reconciled at once; a
 * burst of a thousand events over ten seconds costs about one reconcile per {@code pace}. The
 * waiting invocation still returns only after a read that covers its event (never an
 * acknowledged event whose change nobody looked at).
 */
public final class Guard {
    private final GuardConfig config;
    private final Reconciler reconciler;
    private final GuardStateStore state;
    private final Notifier notifier;
    private final Clock clock;
    private final GuardPolicy policy;
    private final Consumer<String> decisionLog;
    private final AtomicReference<Topology> topology = new AtomicReference<>(Topology.UNKNOWN);
    private final Map<ResourceId, Instant> lastRead = new ConcurrentHashMap<>();
    // One reconcile at a time per instance: concurrent invocations for the same subnet then see
    // each other's reads and coalesce, instead of racing each other's writes.
    private final ReentrantLock reconcileLock = new ReentrantLock();
    private final Condition readStarted = reconcileLock.newCondition();
    /** Ticker reading at the start of the last read of each subnet (guarded by reconcileLock). */
    private final Map<ResourceId, Long> readStartNanos = new HashMap<>();
    private final long paceNanos;
    private final Optional<LongSupplier> ticker;
    /** Write claims this instance took (target key | family etag → expiry), so its own retry is not vetoed. */
    private final Map<String, Instant> ownClaims = new ConcurrentHashMap<>();

    /** What the app wires: one reconcile per subnet per {@code PRODUCTION_PACE} while a burst lasts. */
    public static final Duration PRODUCTION_PACE = Duration.ofSeconds(3);

    /**
     * A guard without pacing or arrival coverage (tests, the CLI's replay): every event not
     * already reflected by event time reconciles at once.
     */
    public Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                 GuardPolicy policy, Consumer<String> decisionLog) {
        this(config, reconciler, state, notifier, clock, policy, decisionLog, Duration.ZERO, Optional.empty());
    }

    /**
     * @param ticker a monotonic nanosecond source (the app passes {@code System::nanoTime}) for
     *               arrival coverage and pacing; injected so this package never reads a clock itself
     */
    public Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                 GuardPolicy policy, Consumer<String> decisionLog, Duration pace, LongSupplier ticker) {
        this(config, reconciler, state, notifier, clock, policy, decisionLog, pace, Optional.of(ticker));
    }

    private Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                  GuardPolicy policy, Consumer<String> decisionLog, Duration pace, Optional<LongSupplier> ticker) {
        if (pace.isNegative()) {
            throw new IllegalArgumentException("pace must not be negative");
        }
        if (!pace.isZero() && ticker.isEmpty()) {
            throw new IllegalArgumentException("pacing needs a monotonic ticker");
        }
        this.ticker = ticker;
        this.paceNanos = pace.toNanos();
        this.config = config;
        this.reconciler = reconciler;
        this.state = state;
        this.notifier = notifier;
        this.clock = clock;
        this.policy = policy;
        this.decisionLog = decisionLog;
    }

    public GuardConfig config() {
        return config;
    }

    public GuardPolicy policy() {
        return policy;
    }

    /**
     * Reads the protected subnets' references once so routing knows which NSGs, SEPs and route
     * tables matter (otherwise a cold instance widens unknown references to the subscription).
     */
    public void warmUp() throws ArmException {
        com.dlpguard.model.Estate estate = reconciler.read(config);
        topology.set(Topology.from(config, estate));
    }

    /** What one trigger led to. */
    public record Outcome(List<EventDecision> decisions, Optional<ReconcileResult> result, List<FindingNotice> notices,
                          boolean stateUnavailable) {
        public Outcome {
            decisions = List.copyOf(decisions);
            notices = List.copyOf(notices);
        }
    }

    /**
     * Handles one delivery. Throws {@link ArmException} only for transient failures (Event Grid
     * redelivers); the event ids of a failed delivery are released so the redelivery is handled.
     */
    public Outcome handle(List<ParsedEvent> events) throws ArmException {
        OptionalLong arrival = ticker.map(t -> OptionalLong.of(t.getAsLong())).orElse(OptionalLong.empty());
        List<EventDecision> decisions = new ArrayList<>();
        Set<ResourceId> scopes = new LinkedHashSet<>();
        List<String> claimedIds = new ArrayList<>();
        EventContext context = EventContext.NONE;
        AtomicBoolean degraded = new AtomicBoolean(false);
        Topology known = topology.get();
        for (ParsedEvent parsed : events) {
            if (parsed instanceof ParsedEvent.Malformed m) {
                EventDecision d = EventDecision.ignored(m.id(), "malformed event: " + m.reason(), EventContext.NONE);
                decisions.add(d);
                logDecision(d);
                continue;
            }
            ResourceEvent event = ((ParsedEvent.Valid) parsed).event();
            EventDecision d = EventRouter.route(event, config, known, policy.guardIdentities());
            if (d.accepted()) {
                ResourceId.tryParse(event.subject()).ifPresent(reconciler::forgetEnvironments);
                if (!markProcessed(event.id(), degraded)) {
                    d = EventDecision.ignored(event.id(), "duplicate delivery: event already handled", d.context());
                } else {
                    claimedIds.add(event.id());
                    Set<ResourceId> fresh = notYetSeen(d.scopes(), event.eventTime());
                    if (fresh.isEmpty()) {
                        d = new EventDecision(d.eventId(), true, d.reason()
                                + " (already reflected in this instance's last read: coalesced)", d.scopes(), d.context());
                    }
                    scopes.addAll(fresh);
                    context = d.context();
                }
            }
            decisions.add(d);
            logDecision(d);
        }
        if (scopes.isEmpty()) {
            return new Outcome(decisions, Optional.empty(), List.of(), degraded.get());
        }
        try {
            Outcome outcome = reconcile(scopes, policy.dryRun(), context, degraded, arrival);
            return new Outcome(decisions, outcome.result(), outcome.notices(), outcome.stateUnavailable());
        } catch (ArmException e) {
            for (String id : claimedIds) {
                releaseEvent(id);
            }
            throw e;
        }
    }

    /**
     * The protected subnets a re-check of {@code scope} covers; empty when the scope is not one of
     * the configured workspaces' resources (no conservative widening here: that is for events).
     */
    public Set<ResourceId> protectedSubnetsFor(ResourceId scope) {
        Topology known = new Topology(topology.get().subnetsByReference(), true);
        return com.dlpguard.events.ScopeResolver.resolve(scope, config, known)
                .map(com.dlpguard.events.ScopeResolver.Resolution::subnets).orElse(Set.of());
    }

    /** An explicit re-check (HTTP): the named subnets, dry-run unless the caller said otherwise. */
    public Outcome recheck(Set<ResourceId> subnets, boolean dryRun) throws ArmException {
        reconciler.forgetEnvironments();
        return reconcile(subnets, dryRun, EventContext.NONE, new AtomicBoolean(false), OptionalLong.empty());
    }

    /** The timer sweep: every protected subnet, catching anything events missed. */
    public Outcome sweep() throws ArmException {
        Set<ResourceId> all = new LinkedHashSet<>();
        config.workspaces().forEach(w -> all.addAll(w.subnets()));
        config.managedWorkspaces().forEach(w -> all.add(w.workspaceId())); // their key: the workspace id
        AtomicBoolean degraded = new AtomicBoolean(false);
        reconciler.forgetEnvironments(); // the sweep catches what events missed, deleted versions included
        Outcome outcome = reconcile(all, policy.dryRun(), EventContext.NONE, degraded, OptionalLong.empty());
        try {
            state.purgeExpired(clock.instant());
        } catch (StateUnavailableException e) {
            degraded.set(true);
        }
        return new Outcome(List.of(), outcome.result(), outcome.notices(), outcome.stateUnavailable() || degraded.get());
    }

    /**
     * @param arrival when the triggering event reached this instance (ticker); empty for
     *                the sweep and explicit re-checks, which always read and are never paced
     */
    private Outcome reconcile(Set<ResourceId> subnets, boolean dryRun, EventContext context, AtomicBoolean degraded,
                              OptionalLong arrival) throws ArmException {
        Map<String, GuardAction> vetoes = new ConcurrentHashMap<>();
        Map<String, String> claimed = new ConcurrentHashMap<>();
        ReconcileResult result;
        reconcileLock.lock();
        try {
            Set<ResourceId> toRead = subnets;
            if (arrival.isPresent()) {
                toRead = uncoveredAfterPacing(subnets, arrival.getAsLong());
                if (toRead.isEmpty()) {
                    return new Outcome(List.of(), Optional.empty(), List.of(), degraded.get());
                }
            }
            Instant readAt = clock.instant();
            Map<ResourceId, Long> previousStarts = new HashMap<>();
            if (ticker.isPresent()) {
                long startNanos = ticker.get().getAsLong();
                toRead.forEach(s -> previousStarts.put(s, readStartNanos.put(s, startNanos)));
            }
            readStarted.signalAll(); // waiters now wait for this read (the lock), then find their event covered
            try {
                result = reconciler.reconcile(config, new ReconcileRequest(toRead, dryRun),
                        (write, familyEtag) -> mayWrite(write, familyEtag, vetoes, claimed, degraded));
            } catch (ArmException | RuntimeException e) {
                // A failed read covers nobody: the waiting invocations read themselves.
                restoreReadStarts(previousStarts, previousStarts.keySet());
                throw e;
            }
            // Only a complete read may absorb later events: after a partial one (403, outage)
            // the next event must reconcile again.
            boolean complete = result.lastRead().readFailures().isEmpty();
            Set<ResourceId> seen = new LinkedHashSet<>();
            for (ResourceId s : toRead) {
                if (complete && result.lastRead().subnet(s).isPresent()) {
                    seen.add(s);
                    lastRead.put(s, readAt);
                }
            }
            Set<ResourceId> unseen = new LinkedHashSet<>(toRead);
            unseen.removeAll(seen);
            restoreReadStarts(previousStarts, unseen);
            topology.set(Topology.from(config, result.lastRead()));
        } finally {
            reconcileLock.unlock();
        }
        // The production store falls back to memory instead of throwing: ask it, so alerts and
        // logs still say when dedupe and fight history were this instance's only.
        releaseFailedClaims(result, claimed, degraded);
        if (state.isDegraded()) {
            degraded.set(true);
        }
        List<FindingNotice> notices = notices(result, vetoes, context, degraded.get());
        notices.forEach(this::logNotice);
        notifier.notify(notices, result.outcomes(), context);
        return new Outcome(List.of(), Optional.of(result), notices, degraded.get());
    }

    private void restoreReadStarts(Map<ResourceId, Long> previous, Set<ResourceId> subnets) {
        for (ResourceId s : subnets) {
            Long old = previous.get(s);
            if (old == null) {
                readStartNanos.remove(s);
            } else {
                readStartNanos.put(s, old);
            }
        }
    }

    /**
     * The subnets no read has covered since {@code arrival}, once the pace allows reading them;
     * waits (releasing the lock) while a read of them started less than the pace ago. Called with
     * the lock held. An interrupted wait reads at once rather than lose the event.
     */
    private Set<ResourceId> uncoveredAfterPacing(Set<ResourceId> subnets, long arrival) {
        while (true) {
            Set<ResourceId> uncovered = uncovered(subnets, arrival);
            if (uncovered.isEmpty() || paceNanos == 0) {
                return uncovered;
            }
            OptionalLong lastStart = uncovered.stream().map(readStartNanos::get).filter(Objects::nonNull)
                    .mapToLong(Long::longValue).reduce((x, y) -> x - y > 0 ? x : y);
            if (lastStart.isEmpty()) {
                return uncovered;
            }
            long wait = lastStart.getAsLong() + paceNanos - ticker.orElseThrow().getAsLong();
            if (wait <= 0) {
                return uncovered;
            }
            try {
                if (readStarted.awaitNanos(Math.min(wait, paceNanos)) <= 0) {
                    // Waited the pace out: read now (also when the time source stands still).
                    return uncovered(subnets, arrival);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return uncovered;
            }
        }
    }

    /** The subnets no complete read that started after {@code arrival} has covered. */
    private Set<ResourceId> uncovered(Set<ResourceId> subnets, long arrival) {
        Set<ResourceId> uncovered = new LinkedHashSet<>();
        for (ResourceId s : subnets) {
            Long started = readStartNanos.get(s);
            // Covered only by a read that started strictly after the event arrived.
            if (started == null || started - arrival <= 0) {
                uncovered.add(s);
            }
        }
        return uncovered;
    }

    /** Fight limit, then the cross-instance claim: only one instance writes a given fix. */
    /**
     * A claimed write that failed changed nothing: give the claim up so the next instance to see
     * the drift (Event Grid's redelivery may land anywhere) fixes it instead of deferring to us.
     */
    private void releaseFailedClaims(ReconcileResult result, Map<String, String> claimed, AtomicBoolean degraded) {
        for (WriteOutcome o : result.outcomes()) {
            if (o.result() != WriteOutcome.Result.FAILED) {
                continue;
            }
            String etag = claimed.get(claimKey(o.write()));
            if (etag == null) {
                continue;
            }
            ownClaims.remove(o.write().target().key() + "|" + etag);
            try {
                state.releaseWrite(o.write().target(), etag, clock.instant());
            } catch (StateUnavailableException e) {
                degraded.set(true);
            }
        }
    }

    private static String claimKey(PlannedWrite write) {
        return write.action() + "|" + write.target().key();
    }

    private boolean mayWrite(PlannedWrite write, Optional<String> familyEtag, Map<String, GuardAction> vetoes,
                             Map<String, String> claimed,
                             AtomicBoolean degraded) {
        Instant now = clock.instant();
        try {
            int recent = state.rollbacksWithin(write.target(), now, policy.fightWindow());
            if (recent >= policy.fightLimit()) {
                write.ruleIds().forEach(r -> vetoes.put(key(r, write.target()), GuardAction.ESCALATED_FIGHT));
                return false;
            }
            // The family etag as read identifies this drift: two instances fixing the same drift
            // claim the same key; the next human change gives a new etag and a new claim.
            String etag = familyEtag.or(() -> write.request().ifMatch()).orElse("(unread)");
            String claim = write.target().key() + "|" + etag;
            if (!state.claimWrite(write.target(), etag, now, policy.writeClaimTtl())) {
                Instant mine = ownClaims.get(claim);
                if (mine == null || !mine.isAfter(now)) {
                    write.ruleIds().forEach(r -> vetoes.put(key(r, write.target()), GuardAction.HANDLED_ELSEWHERE));
                    return false;
                }
                // This instance holds the claim: its earlier attempt failed (the operation ended
                // Failed, or a transient error made Event Grid redeliver) and changed nothing, so
                // the etag is the same. Deferring to "another instance" would leave the drift, and
                // no alert, until the claim expired.
            } else {
                ownClaims.put(claim, now.plus(policy.writeClaimTtl()));
                ownClaims.values().removeIf(expiry -> !expiry.isAfter(now));
            }
            claimed.put(claimKey(write), etag);
            state.recordRollback(write.target(), now, policy.fightWindow());
            return true;
        } catch (StateUnavailableException e) {
            // Without shared state the fix still matters more than perfect dedupe: write, and say so.
            degraded.set(true);
            return true;
        }
    }

    private List<FindingNotice> notices(ReconcileResult result, Map<String, GuardAction> vetoes, EventContext context,
                                        boolean degraded) {
        List<FindingNotice> notices = new ArrayList<>();
        for (Assessment a : result.found().assessments()) {
            Optional<WriteOutcome> outcome = result.outcomes().stream()
                    .filter(o -> o.write().ruleIds().contains(a.finding().ruleId())
                            && a.finding().remedies().stream().anyMatch(r -> r.target().equals(o.write().target())))
                    .reduce((first, second) -> second);
            notices.add(new FindingNotice(a, action(a, outcome, result, vetoes), outcome, context, degraded));
        }
        return notices;
    }

    private static GuardAction action(Assessment a, Optional<WriteOutcome> outcome, ReconcileResult result,
                                      Map<String, GuardAction> vetoes) {
        if (a.finding().status() != Status.VIOLATION) {
            return GuardAction.NONE;
        }
        if (a.exemption().isPresent()) {
            return GuardAction.EXEMPTED;
        }
        if (a.mode() == Mode.AUDIT) {
            return GuardAction.AUDIT_ONLY;
        }
        if (a.mode() == Mode.ALERT || a.finding().remedies().isEmpty()) {
            return GuardAction.ALERT_ONLY;
        }
        for (var remedy : a.finding().remedies()) {
            GuardAction veto = vetoes.get(key(a.finding().ruleId(), remedy.target()));
            if (veto != null) {
                return veto;
            }
        }
        if (outcome.isEmpty()) {
            return stillViolated(a, result) ? GuardAction.ROLLBACK_FAILED : GuardAction.ROLLED_BACK;
        }
        if (outcome.get().result() == WriteOutcome.Result.DRY_RUN) {
            return GuardAction.WOULD_ROLL_BACK;
        }
        return stillViolated(a, result) ? GuardAction.ROLLBACK_FAILED : GuardAction.ROLLED_BACK;
    }

    private static boolean stillViolated(Assessment a, ReconcileResult result) {
        return result.verified().assessments().stream().anyMatch(v -> v.isViolation()
                && v.finding().ruleId().equals(a.finding().ruleId())
                && v.finding().resourceId().equals(a.finding().resourceId()));
    }

    private static String key(String ruleId, ResourceId target) {
        return ruleId + "|" + target.key();
    }

    private Set<ResourceId> notYetSeen(List<ResourceId> scopes, Optional<String> eventTime) {
        Optional<Instant> when = eventTime.flatMap(Guard::parseTime);
        Set<ResourceId> fresh = new LinkedHashSet<>();
        for (ResourceId s : scopes) {
            Instant read = lastRead.get(s);
            if (when.isEmpty() || read == null || !read.minus(policy.clockSkew()).isAfter(when.get())) {
                fresh.add(s);
            }
        }
        return fresh;
    }

    private static Optional<Instant> parseTime(String s) {
        try {
            return Optional.of(OffsetDateTime.parse(s).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private boolean markProcessed(String eventId, AtomicBoolean degraded) {
        try {
            return state.markEventProcessed(eventId, clock.instant(), policy.eventTtl());
        } catch (StateUnavailableException e) {
            degraded.set(true);
            return true;
        }
    }

    private void releaseEvent(String eventId) {
        try {
            state.releaseEvent(eventId, clock.instant());
        } catch (StateUnavailableException ignored) {
            // The mark expires with its TTL; the sweep catches what a lost redelivery misses.
        }
    }

    private void logDecision(EventDecision d) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.event");
        line.addProperty("eventId", d.eventId());
        d.context().correlationId().ifPresent(v -> line.addProperty("correlationId", v));
        d.context().actor().ifPresent(v -> line.addProperty("actor", v));
        d.context().operationName().ifPresent(v -> line.addProperty("operation", v));
        d.context().subject().ifPresent(v -> line.addProperty("subject", v));
        line.addProperty("accepted", d.accepted());
        line.addProperty("reason", d.reason());
        line.addProperty("scopes", d.scopes().size());
        decisionLog.accept(Json.COMPACT.toJson(line));
    }

    private void logNotice(FindingNotice n) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.decision");
        n.context().correlationId().ifPresent(v -> line.addProperty("correlationId", v));
        n.context().actor().ifPresent(v -> line.addProperty("actor", v));
        line.addProperty("workspace", n.assessment().finding().workspace());
        n.assessment().finding().subnetId().ifPresent(s -> line.addProperty("scope", s.toString()));
        line.addProperty("rule", n.assessment().finding().ruleId());
        line.addProperty("resource", n.assessment().finding().resourceId().toString());
        line.addProperty("verdict", n.assessment().finding().status().wireName());
        line.addProperty("mode", n.assessment().mode().wireName());
        line.addProperty("action", n.action().wireName());
        n.outcome().ifPresent(o -> line.addProperty("outcome", o.result().wireName()));
        if (n.stateUnavailable()) {
            line.addProperty("stateUnavailable", true);
        }
        decisionLog.accept(Json.COMPACT.toJson(line));
    }
}
