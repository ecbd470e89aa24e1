package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;
import com.dlpguard.config.Exemption;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.EventContext;
import com.dlpguard.events.EventDecision;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.ScopeResolver;
import com.dlpguard.events.Topology;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.StateUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The runtime around the one reconcile path, put together from small parts the way
 * controller-runtime is: {@link EventIntake} turns events into keys (routing, redelivery
 * de-duplication); {@link KeyedQueue} coalesces and paces per key (no global lock: two keys never
 * wait for each other); the {@link Reconciler} reads, evaluates, plans and writes, asking the
 * {@link WriteArbiter} before every write (fights, backoff, cross-instance claims); {@link DecisionLog}
 * words the outcome (notices, log lines) and the {@link Notifier} sends it. {@link KnownTopology}
 * remembers what each protected subnet referenced (for routing); {@link DeferredRestores} what a
 * fight backoff still owes. Every trigger (Event Grid, HTTP re-check, timer, CLI replay) comes
 * through here.
 */
public final class Guard {
    private final GuardConfig config;
    private final Reconciler reconciler;
    private final GuardStateStore state;
    private final Notifier notifier;
    private final Clock clock;
    private final Set<Exemption> lapsedLogged = ConcurrentHashMap.newKeySet();
    private final GuardPolicy policy;
    private final EventIntake intake;
    private final KeyedQueue<ReconcileKey> queue;
    private final WriteArbiter arbiter;
    private final DecisionLog log;
    private final KnownTopology topology;
    private final DeferredRestores deferred = new DeferredRestores();
    private final AtomicBoolean recheckWarmUp = new AtomicBoolean();

    /** What the app wires: one reconcile per subnet per {@code PRODUCTION_PACE} while a burst lasts. */
    public static final Duration PRODUCTION_PACE = Duration.ofSeconds(3);

    /** A guard without pacing (tests, the CLI's replay): every event not already covered reconciles at once. */
    public Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                 GuardPolicy policy, Consumer<String> decisionLog) {
        this(config, reconciler, state, notifier, clock, policy, decisionLog, Duration.ZERO, Optional.empty());
    }

    /**
     * @param ticker a monotonic nanosecond source (the app passes {@code System::nanoTime}) for
     *               pacing; injected so this package never reads a clock itself
     */
    public Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                 GuardPolicy policy, Consumer<String> decisionLog, Duration pace, LongSupplier ticker) {
        this(config, reconciler, state, notifier, clock, policy, decisionLog, pace, Optional.of(ticker));
    }

    private Guard(GuardConfig config, Reconciler reconciler, GuardStateStore state, Notifier notifier, Clock clock,
                  GuardPolicy policy, Consumer<String> decisionLog, Duration pace, Optional<LongSupplier> ticker) {
        this.queue = new KeyedQueue<>(pace, ticker);
        this.config = config;
        this.reconciler = reconciler;
        this.state = state;
        this.notifier = notifier;
        this.clock = clock;
        this.policy = policy;
        this.intake = new EventIntake(config, state, clock, policy);
        this.arbiter = new WriteArbiter(state, policy, clock);
        this.log = new DecisionLog(decisionLog);
        this.topology = new KnownTopology(config);
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
        Estate estate = reconciler.read(config);
        topology.learn(estate, allSubnets());
    }

    /** {@link Reconciler#prime}: the decision path's classes loaded ahead of the first event's read. */
    public void prime() {
        reconciler.prime(config);
    }

    /** True once every protected subnet has been read by this instance. */
    public boolean knowsTopology() {
        return topology.current().complete();
    }

    /** What one trigger led to. {@code retryAt}: a critical restore was deferred by the fight backoff until then. */
    public record Outcome(List<EventDecision> decisions, Optional<ReconcileResult> result, List<FindingNotice> notices,
                          boolean stateUnavailable, Optional<Instant> retryAt) {
        public Outcome {
            decisions = List.copyOf(decisions);
            notices = List.copyOf(notices);
            Objects.requireNonNull(retryAt, "retryAt");
        }

        public Outcome(List<EventDecision> decisions, Optional<ReconcileResult> result, List<FindingNotice> notices,
                       boolean stateUnavailable) {
            this(decisions, result, notices, stateUnavailable, Optional.empty());
        }
    }


    /**
     * Handles one delivery. Throws {@link ArmException} only for transient failures, and lets any
     * {@link RuntimeException} through: in both cases the delivery's event ids are released first,
     * so Event Grid's redelivery is reconciled rather than dropped as a duplicate.
     *
     * <p>When a critical restore is deferred by the fight backoff, the delivery is answered with
     * {@link RestoreDeferredException} after everything else (alerts, log) is done: the event must
     * not be acknowledged while its change is still open. Event Grid redelivers it, and
     * {@link #recheckDue} restores on time when this instance is still alive; the sweep is the
     * last resort.
     */
    public Outcome handle(List<ParsedEvent> events) throws ArmException {
        KeyedQueue.Ticket arrival = queue.arrive();
        EventIntake.Intake in = intake.take(events, topology.current(), reconciler::forgetEnvironments, log::event);
        if (in.keys().isEmpty()) {
            return new Outcome(in.decisions(), Optional.empty(), List.of(), in.stateUnavailable());
        }
        Outcome outcome;
        try {
            outcome = reconcile(arrival, in.keys(), policy.dryRun(), in.context(), true, in.stateUnavailable());
        } catch (ArmException | RuntimeException e) {
            intake.release(in.markedIds());
            throw e;
        }
        if (outcome.retryAt().isPresent()) {
            intake.release(in.markedIds());
            throw new RestoreDeferredException(outcome.retryAt().get());
        }
        return new Outcome(in.decisions(), outcome.result(), outcome.notices(),
                outcome.stateUnavailable() || in.stateUnavailable(), outcome.retryAt());
    }

    /**
     * Re-checks the keys whose deferred restore is due by the injected clock. The app calls it
     * every few seconds (and tests after moving their clock); it is cheap when nothing is due.
     * Empty when nothing was due.
     */
    public Optional<Outcome> recheckDue() throws ArmException {
        Optional<DeferredRestores.Due> due = deferred.takeDue(clock.instant());
        if (due.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(reconcile(queue.arrive(), ReconcileKey.of(due.get().subnets(), config), policy.dryRun(),
                due.get().context(), false, false));
    }

    /** When the earliest deferred restore is due (tests, the app's scheduler). */
    public Optional<Instant> nextDue() {
        return deferred.nextDue();
    }

    /**
     * The protected subnets a re-check of {@code scope} covers, from the configuration and what this
     * instance has read (no read here); empty when the scope is not one of the configured
     * workspaces' resources as far as this instance knows.
     */
    public Set<ResourceId> protectedSubnetsFor(ResourceId scope) {
        Topology known = new Topology(topology.current().subnetsByReference(), true);
        return ScopeResolver.resolve(scope, config, known).map(ScopeResolver.Resolution::subnets).orElse(Set.of());
    }

    /**
     * Reads the topology for a re-check whose scope this instance cannot place yet: only on a cold
     * instance (some protected subnet never read), only for a scope that a protected subnet could
     * reference (an NSG, SEP or route table, or a child of one, in a subscription holding
     * protected subnets), and at most once per instance whatever its outcome. So a function-key
     * holder cannot drain the guard's ARM read budget with out-of-scope re-checks: everything else
     * is refused without a read. A warm instance that has not seen a newly attached policy yet
     * refuses it too; re-checking the subnet (or the event of the attachment) covers it.
     *
     * @return true when a read was made
     */
    public boolean warmUpForRecheck(ResourceId scope) throws ArmException {
        if (knowsTopology() || !couldBeReferenced(scope) || !recheckWarmUp.compareAndSet(false, true)) {
            return false;
        }
        warmUp();
        return true;
    }

    private boolean couldBeReferenced(ResourceId scope) {
        boolean reference = scope.isOfType(ResourceTypes.NETWORK_SECURITY_GROUP) || scope.isOfType(ResourceTypes.SECURITY_RULE)
                || scope.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY)
                || scope.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION)
                || scope.isOfType(ResourceTypes.ROUTE_TABLE) || scope.isOfType(ResourceTypes.ROUTE);
        return reference && allSubnets().stream().anyMatch(s -> s.subscriptionId().equalsIgnoreCase(scope.subscriptionId()));
    }

    /**
     * An explicit re-check (HTTP): the named protected scopes (subnets, managed workspace ids), dry-run
     * unless the caller said otherwise.
     */
    public Outcome recheck(Set<ResourceId> scopes, boolean dryRun) throws ArmException {
        reconciler.forgetEnvironments();
        return reconcile(queue.arrive(), ReconcileKey.of(scopes, config), dryRun, EventContext.NONE, false, false);
    }

    /** The timer sweep: every protected subnet and managed-network workspace, catching anything events missed. */
    public Outcome sweep() throws ArmException {
        KeyedQueue.Ticket arrival = queue.arrive();
        Set<ReconcileKey> all = new LinkedHashSet<>();
        allSubnets().forEach(s -> all.add(ReconcileKey.subnet(s)));
        config.managedWorkspaces().forEach(w -> all.add(ReconcileKey.managedWorkspace(w.workspaceId())));
        reconciler.forgetEnvironments(); // the sweep catches what events missed, deleted versions included
        Outcome outcome = reconcile(arrival, all, policy.dryRun(), EventContext.NONE, false, false);
        boolean degraded = outcome.stateUnavailable();
        try {
            state.purgeExpired(clock.instant());
        } catch (StateUnavailableException e) {
            degraded = true;
        }
        return new Outcome(List.of(), outcome.result(), outcome.notices(), degraded, outcome.retryAt());
    }

    private Set<ResourceId> allSubnets() {
        Set<ResourceId> all = new LinkedHashSet<>();
        config.workspaces().forEach(w -> all.addAll(w.subnets()));
        return all;
    }

    /**
     * Waits for the keys to be covered (another caller's complete read after {@code arrival}) or
     * reconciles them itself; {@code paced}: event deliveries only (the sweep and explicit
     * re-checks always read and are never paced).
     */
    private Outcome reconcile(KeyedQueue.Ticket arrival, Set<ReconcileKey> keys, boolean dryRun, EventContext context,
                              boolean paced, boolean degradedBefore) throws ArmException {
        Optional<Outcome> ran = queue.process(arrival, keys, paced, mine -> run(mine, dryRun, context, degradedBefore));
        return ran.orElseGet(() -> new Outcome(List.of(), Optional.empty(), List.of(), false));
    }

    /** Exemptions lapse by the injected clock's date (as the reconciler judges them), each logged once. */
    private void logLapsedExemptions(Instant now) {
        for (Exemption e : config.lapsedExemptions(LocalDate.ofInstant(now, clock.getZone()))) {
            if (lapsedLogged.add(e)) {
                log.lapsedExemption(e);
            }
        }
    }

    /** One reconcile of keys this caller holds in the queue. */
    private KeyedQueue.Done<ReconcileKey, Outcome> run(Set<ReconcileKey> keys, boolean dryRun, EventContext context,
                                                       boolean degradedBefore) throws ArmException {
        // The request names scopes of both kinds by id; the reconciler tells a managed workspace by its configuration.
        Set<ResourceId> scopes = keys.stream().map(ReconcileKey::id).collect(Collectors.toCollection(LinkedHashSet::new));
        Instant readAt = clock.instant();
        logLapsedExemptions(readAt);
        WriteArbiter.Round round = arbiter.open(context);
        ReconcileResult result = reconciler.reconcile(config, new ReconcileRequest(scopes, dryRun), round);
        // Only a complete read may absorb later events: after a partial one (403, outage) the next
        // event must reconcile again.
        boolean complete = result.lastRead().readFailures().isEmpty();
        Set<ReconcileKey> covered = new LinkedHashSet<>();
        for (ReconcileKey k : keys) {
            if (complete && k.coveredBy(result.lastRead())) {
                covered.add(k);
            }
        }
        intake.readCompleted(covered, readAt);
        topology.learn(result.lastRead(), scopes);
        round.releaseFailed(result.outcomes());
        // The production store falls back to memory instead of throwing: ask it, so alerts and
        // logs still say when dedupe and fight history were this instance's only.
        boolean degraded = degradedBefore || round.degraded() || state.isDegraded();
        List<FindingNotice> notices = DecisionLog.notices(result, round, context, degraded);
        notices.forEach(log::notice);
        notifier.notify(notices, result.outcomes(), context);
        Optional<Instant> retryAt = round.earliestRetry();
        if (!dryRun) {
            deferred.settle(scopes, retryAt, context);
        }
        return new KeyedQueue.Done<>(new Outcome(List.of(), Optional.of(result), notices, degraded, retryAt), covered);
    }
}
