package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.Plan;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.RuleEngine;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.logging.Logger;

/**
 * The one path every trigger takes: read → evaluate → plan → execute → verify.
 *
 * <p>Writes to one resource family share an etag in Microsoft.Network, so a round executes at
 * most one write per family; the next round re-reads, re-evaluates and re-plans from the fresh
 * state (never a write based on a stale read). Rounds are bounded: a human or pipeline editing at
 * the same time cannot make the guard spin. A write refused for a precondition is not retried
 * blindly: the next round re-decides from what is there now.
 */
public final class Reconciler {
    private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

    /** Enough for every family of one subnet to be restored one write at a time. */
    public static final int MAX_ROUNDS = 6;

    private final ArmGateway gateway;
    private final RuleEngine engine;
    private final RollbackPlanner planner;
    private final Clock clock;

    public Reconciler(ArmGateway gateway, RuleEngine engine, RollbackPlanner planner, Clock clock) {
        this.gateway = gateway;
        this.engine = engine;
        this.planner = planner;
        this.clock = clock;
    }

    /** Reconciles without vetoing any write. */
    public ReconcileResult reconcile(GuardConfig config, ReconcileRequest request) throws ArmException {
        return reconcile(config, request, (w, etag) -> true);
    }

    /**
     * @param mayWrite a veto the caller applies per write (fight limit, cross-instance write claim),
     *                 given the etag of the write's family as read (it identifies the drift being
     *                 fixed); a vetoed write is skipped and stays a violation in the verified result.
     */
    public ReconcileResult reconcile(GuardConfig config, ReconcileRequest request,
                                     BiPredicate<PlannedWrite, Optional<String>> mayWrite)
            throws ArmException {
        List<WorkspaceConfig> workspaces = workspacesFor(config, request.subnets());
        ReadScope scope = readScope(config, workspaces, request.subnets());
        LocalDate today = LocalDate.now(clock);

        Estate estate = gateway.read(scope);
        Evaluation found = engine.evaluate(config, workspaces, estate, today);
        Plan firstPlan = planner.plan(found, estate);
        if (request.dryRun() || firstPlan.isEmpty()) {
            return new ReconcileResult(found, firstPlan, dryRunOutcomes(firstPlan, request.dryRun()), found, 1, estate);
        }

        List<WriteOutcome> outcomes = new ArrayList<>();
        Set<String> vetoed = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Plan plan = firstPlan;
        Evaluation current = found;
        int rounds = 1;
        while (true) {
            Set<ResourceId> familiesThisRound = new HashSet<>();
            int sent = 0;
            for (PlannedWrite write : plan.writes()) {
                String key = write.action() + "|" + write.target().key();
                if (vetoed.contains(key) || failed.contains(key)) {
                    continue;
                }
                if (!familiesThisRound.add(family(write.target()))) {
                    continue; // shares an etag with a write of this round: next round, after a fresh read
                }
                Optional<String> basis = familyEtag(estate, family(write.target()));
                if (!mayWrite.test(write, basis)) {
                    vetoed.add(key);
                    LOG.info(() -> "write vetoed: " + write.action() + " " + write.target());
                    continue;
                }
                LOG.info(() -> "writing " + write.request().method() + " " + write.target() + " for "
                        + write.ruleIds() + ": " + write.reason());
                WriteOutcome outcome = gateway.execute(pinned(write, basis));
                outcomes.add(outcome);
                sent++;
                if (outcome.result() == WriteOutcome.Result.FAILED) {
                    failed.add(key);
                }
            }
            if (sent == 0) {
                break; // nothing left the guard may do: current is the verified state
            }
            // Re-read after every round: it verifies what was written and gives the next
            // family write its fresh etag.
            estate = gateway.read(scope);
            current = engine.evaluate(config, workspaces, estate, today);
            plan = planner.plan(current, estate);
            if (++rounds > MAX_ROUNDS) {
                break;
            }
        }
        return new ReconcileResult(found, firstPlan, outcomes, current, rounds, estate);
    }

    /** Reads what a reconcile of the whole configuration would read, without evaluating. */
    public Estate read(GuardConfig config) throws ArmException {
        return gateway.read(readScope(config, config.workspaces(), Set.of()));
    }

    private static List<WriteOutcome> dryRunOutcomes(Plan plan, boolean dryRun) {
        if (!dryRun) {
            return List.of();
        }
        return plan.writes().stream()
                .map(w -> new WriteOutcome(w, WriteOutcome.Result.DRY_RUN, Optional.empty(),
                        "dry run: not sent", Optional.empty()))
                .toList();
    }

    /**
     * A create has no etag of its own, so the planner sends it without If-Match; pinned to the
     * family etag of the read it was planned from (the gateways accept a create pinned to its
     * parent's etag), it is refused with 412 when someone changed the family since that read, and
     * the next round re-decides from fresh state, instead of being applied to a state nobody
     * evaluated. Found by the hardening chaos suite (a concurrent edit between read and create).
     */
    static PlannedWrite pinned(PlannedWrite write, Optional<String> familyEtag) {
        ArmRequest r = write.request();
        if (r.ifMatch().isPresent() || familyEtag.isEmpty()) {
            return write;
        }
        return new PlannedWrite(write.ruleIds(), write.action(), write.target(),
                new ArmRequest(r.method(), r.url(), familyEtag, r.body()), write.reason(), write.property(), write.before(),
                write.after());
    }

    static Optional<String> familyEtag(Estate estate, ResourceId family) {
        return estate.virtualNetwork(family).flatMap(v -> v.etag())
                .or(() -> estate.networkSecurityGroup(family).flatMap(n -> n.etag()))
                .or(() -> estate.serviceEndpointPolicy(family).flatMap(p -> p.etag()))
                .or(() -> estate.routeTable(family).flatMap(r -> r.etag()));
    }

    /** The top-level resource whose etag a write shares (a subnet's VNet, a rule's NSG). */
    static ResourceId family(ResourceId target) {
        ResourceId r = target;
        while (r.parent().isPresent() && r.parent().get().isProviderResource()) {
            r = r.parent().get();
        }
        return r;
    }

    /**
     * The workspaces to evaluate, each narrowed to the requested subnets: an event on one subnet
     * re-reads that subnet only, not the workspace's others.
     */
    static List<WorkspaceConfig> workspacesFor(GuardConfig config, Set<ResourceId> subnets) {
        if (subnets.isEmpty()) {
            return config.workspaces();
        }
        List<WorkspaceConfig> narrowed = new ArrayList<>();
        for (WorkspaceConfig w : config.workspaces()) {
            List<ResourceId> mine = w.subnets().stream().filter(subnets::contains).toList();
            if (!mine.isEmpty()) {
                narrowed.add(new WorkspaceConfig(w.name(), w.region(), w.workspaceId(), mine, w.serviceEndpointPolicy(),
                        w.networkSecurityGroup(), w.defaultStorageAccount(), w.defaultStorageHasPrivateEndpoint(),
                        w.allowedStorageAccounts(), w.allowBatchInbound()));
            }
        }
        return narrowed;
    }

    static ReadScope readScope(GuardConfig config, List<WorkspaceConfig> workspaces, Set<ResourceId> requested) {
        Set<ResourceId> subnets = new LinkedHashSet<>();
        Set<ResourceId> policies = new LinkedHashSet<>();
        Set<ResourceId> nsgs = new LinkedHashSet<>();
        Set<ResourceId> mlWorkspaces = new LinkedHashSet<>();
        for (WorkspaceConfig w : workspaces) {
            subnets.addAll(w.subnets());
            policies.add(w.serviceEndpointPolicy());
            w.networkSecurityGroup().ifPresent(nsgs::add);
            w.workspaceId().ifPresent(mlWorkspaces::add);
        }
        boolean environments = config.modeOf("DLP013") != Mode.OFF;
        return new ReadScope.Targeted(subnets, policies, nsgs, mlWorkspaces, environments);
    }
}
