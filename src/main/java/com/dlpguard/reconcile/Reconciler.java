package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The one path every trigger takes: read → evaluate → plan → execute → verify.
 *
 * <p>Writes to one resource family share an etag in Microsoft.Network, so a round executes at
 * most one write per family; the next round re-reads the families it wrote, re-evaluates and
 * re-plans (never a write based on a stale read: every write carries the etag it was planned
 * from, and ARM refuses it if the family changed since). Rounds are bounded: a human or pipeline editing at
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
    /**
     * Environment versions per workspace as last listed (DLP013). An AML environment version is
     * immutable and a new one comes with its own event ({@link #forgetEnvironments}), so a network
     * event does not re-list them: two list calls saved on every read. The sweep refreshes them.
     */
    private final Map<ResourceId, List<EnvironmentVersion>> environments = new ConcurrentHashMap<>();
    /** ARM requests the last listing of each resource group cost (estimated from what it returned). */
    private final Map<String, Integer> listingCost = new ConcurrentHashMap<>();

    /**
     * A read that would GET more than this many network resources one by one lists their resource
     * groups instead (the sweep of a large configuration): ARM's read bucket holds 250 requests per
     * principal, refilled at 25 a second, and a list page carries up to {@link #LIST_PAGE} resources.
     */
    static final int LIST_ABOVE_GETS = 40;
    /** Resources per ARM list page assumed when estimating what a listing costs. */
    static final int LIST_PAGE = 100;

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
        List<ManagedWorkspaceConfig> managed = managedFor(config, request.subnets());
        ReadScope.Targeted scope = readScope(config, workspaces, request.subnets());
        LocalDate today = LocalDate.now(clock);

        Estate estate = readCheapest(scope);
        Evaluation found = engine.evaluate(config, workspaces, managed, estate, today);
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
            Set<ResourceId> written = new LinkedHashSet<>();
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
                written.add(family(write.target()));
                sent++;
                if (outcome.result() == WriteOutcome.Result.FAILED) {
                    failed.add(key);
                }
            }
            if (sent == 0) {
                break; // nothing left the guard may do: current is the verified state
            }
            // Re-read what was written after every round: it verifies the writes and gives the
            // next write to those families its fresh etag.
            estate = reread(scope, estate, written);
            current = engine.evaluate(config, workspaces, managed, estate, today);
            plan = planner.plan(current, estate);
            if (++rounds > MAX_ROUNDS) {
                break;
            }
        }
        return new ReconcileResult(found, firstPlan, outcomes, current, rounds, estate);
    }

    /**
     * The state after a round of writes: the written families read again, the others as read
     * before. Only the guard's own writes are being verified here; a change someone else made
     * meanwhile to another family raises its own event (and a write planned from the older read
     * of that family carries its old etag, so ARM refuses it rather than overwrite the change).
     * A route table write, or a family this cannot narrow to, re-reads the whole scope.
     */
    private Estate reread(ReadScope.Targeted scope, Estate before, Set<ResourceId> families) throws ArmException {
        Set<ResourceId> subnets = new LinkedHashSet<>();
        Set<ResourceId> policies = new LinkedHashSet<>();
        Set<ResourceId> nsgs = new LinkedHashSet<>();
        for (ResourceId f : families) {
            if (f.isOfType(ResourceTypes.VIRTUAL_NETWORK)) {
                // Every protected subnet of the VNet: they all carry the family etag that just changed.
                List<ResourceId> mine = scope.subnets().stream().filter(s -> s.parent().map(f::equals).orElse(false)).toList();
                if (mine.isEmpty()) {
                    return readCheapest(scope);
                }
                subnets.addAll(mine);
            } else if (f.isOfType(ResourceTypes.NETWORK_SECURITY_GROUP)) {
                nsgs.add(f);
            } else if (f.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY)) {
                policies.add(f);
            } else {
                return readCheapest(scope);
            }
        }
        if (policies.isEmpty() && nsgs.isEmpty()) {
            // A subnet write: read what was written, not what it references (read just before and
            // not changed by it). Anything the written subnets reference that was not read before
            // (or whose read failed) makes this the full read below: never judged from a gap.
            Estate written = merge(before, gateway.read(new ReadScope.Targeted(subnets, Set.of(), Set.of(), Set.of(),
                    false, Set.of(), false)), families);
            if (referencesKnown(written, subnets)) {
                return written;
            }
        }
        Estate fresh = gateway.read(new ReadScope.Targeted(subnets, policies, nsgs, Set.of(), false));
        return merge(before, fresh, families);
    }

    private static boolean referencesKnown(Estate estate, Set<ResourceId> subnets) {
        for (ResourceId id : subnets) {
            com.dlpguard.model.Subnet subnet = estate.subnets().get(id);
            if (subnet == null) {
                continue; // gone or unreadable: the estate says so, the rules judge it
            }
            List<ResourceId> refs = new ArrayList<>(subnet.serviceEndpointPolicyIds());
            subnet.networkSecurityGroupId().ifPresent(refs::add);
            subnet.routeTableId().ifPresent(refs::add);
            for (ResourceId ref : refs) {
                boolean read = estate.serviceEndpointPolicies().containsKey(ref) || estate.networkSecurityGroups().containsKey(ref)
                        || estate.routeTables().containsKey(ref);
                if (!read || estate.readFailures().containsKey(ref)) {
                    return false;
                }
            }
            // A policy or NSG read before the write that still lists the subnet it no longer
            // references (a detach) would show DLP005 a link that is gone: read it again instead.
            // A link the write added is on the subnet's side, which the rules read first.
            boolean staleBackReference = estate.serviceEndpointPolicies().values().stream()
                    .anyMatch(p -> p.subnetIds().contains(id) && !refs.contains(p.id()))
                    || estate.networkSecurityGroups().values().stream()
                    .anyMatch(n -> n.subnetIds().contains(id) && !refs.contains(n.id()));
            if (staleBackReference) {
                return false;
            }
        }
        return true;
    }

    /** {@code before} without the families, then everything {@code fresh} read (a subnet read brings what it references). */
    static Estate merge(Estate before, Estate fresh, Set<ResourceId> families) {
        Predicate<ResourceId> stale = id -> families.stream().anyMatch(f -> id.equals(f) || id.isWithin(f));
        return new Estate(merged(before.virtualNetworks(), fresh.virtualNetworks(), stale),
                merged(before.subnets(), fresh.subnets(), stale),
                merged(before.networkSecurityGroups(), fresh.networkSecurityGroups(), stale),
                merged(before.serviceEndpointPolicies(), fresh.serviceEndpointPolicies(), stale),
                merged(before.routeTables(), fresh.routeTables(), stale),
                merged(before.workspaces(), fresh.workspaces(), stale),
                merged(before.environmentVersions(), fresh.environmentVersions(), stale),
                merged(before.readFailures(), fresh.readFailures(),
                        stale.or(id -> fresh.readFailures().containsKey(id) || freshlyRead(fresh, id))));
    }

    private static boolean freshlyRead(Estate fresh, ResourceId id) {
        return fresh.subnets().containsKey(id) || fresh.networkSecurityGroups().containsKey(id)
                || fresh.serviceEndpointPolicies().containsKey(id) || fresh.routeTables().containsKey(id);
    }

    private static <T> Map<ResourceId, T> merged(Map<ResourceId, T> before, Map<ResourceId, T> fresh,
                                                 Predicate<ResourceId> stale) {
        Map<ResourceId, T> out = new LinkedHashMap<>();
        before.forEach((id, v) -> {
            if (!stale.test(id)) {
                out.put(id, v);
            }
        });
        out.putAll(fresh);
        return out;
    }

    /**
     * Runs the decision path once on an estate where nothing was read (every rule answers
     * unknown; nothing is planned, written or reported) so that a cold instance loads its classes
     * while the first read waits on ARM, not after it. The result is discarded.
     */
    public void prime(GuardConfig config) {
        Estate nothing = Estate.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Map.of());
        planner.plan(engine.evaluate(config, config.workspaces(), config.managedWorkspaces(), nothing, LocalDate.now(clock)),
                nothing);
    }

    /** Reads what a reconcile of the whole configuration would read, without evaluating. */
    public Estate read(GuardConfig config) throws ArmException {
        return readCheapest(readScope(config, config.workspaces(), Set.of()));
    }

    /**
     * The scope by GETs, or, when that costs fewer requests, by listing the resource groups that
     * hold its subnets, SEPs and NSGs (the guard's role is granted per resource group: a
     * subscription-wide list would be refused) plus the workspaces by GET. A resource group not
     * listed yet is assumed cheap (five types, a page each); its first listing tells what it
     * really costs, and the next read chooses with that.
     */
    private Estate readCheapest(ReadScope.Targeted scope) throws ArmException {
        int gets = scope.subnets().size() + scope.serviceEndpointPolicies().size() + scope.networkSecurityGroups().size();
        if (gets <= LIST_ABOVE_GETS) {
            return read(scope);
        }
        Map<String, ReadScope.Subscription> groups = new TreeMap<>();
        for (Set<ResourceId> ids : List.of(scope.subnets(), scope.serviceEndpointPolicies(), scope.networkSecurityGroups())) {
            for (ResourceId id : ids) {
                if (id.resourceGroup().isEmpty()) {
                    return read(scope);
                }
                groups.putIfAbsent(groupKey(id.subscriptionId(), id.resourceGroup().get()),
                        new ReadScope.Subscription(id.subscriptionId(), id.resourceGroup(), Optional.of(scope)));
            }
        }
        int lists = groups.keySet().stream().mapToInt(g -> listingCost.getOrDefault(g, 5)).sum();
        if (lists >= gets) {
            return read(scope);
        }
        Estate estate = read(new ReadScope.Targeted(Set.of(), Set.of(), Set.of(), scope.workspaces(), scope.environmentVersions(),
                scope.managedWorkspaces()));
        for (Map.Entry<String, ReadScope.Subscription> group : groups.entrySet()) {
            ArmGateway.Listing listing = gateway.readListing(group.getValue());
            Estate listed = listing.estate();
            // With an interest the estate holds only part of what was listed: the gateway's page count
            // (network lists) plus the workspace listings tells what the next listing will cost.
            listingCost.put(group.getKey(), listing.pages().isPresent()
                    ? listing.pages().getAsInt() + workspaceListingCost(listed) : listingCost(listed));
            estate = merge(estate, listed, Set.of());
        }
        return estate;
    }

    private static String groupKey(String subscription, String resourceGroup) {
        return (subscription + "/" + resourceGroup).toLowerCase(Locale.ROOT);
    }

    /** Pages of each listed type, plus the environment listings of every workspace (one per workspace and per environment). */
    static int listingCost(Estate listed) {
        return pages(listed.virtualNetworks().size()) + pages(listed.networkSecurityGroups().size())
                + pages(listed.serviceEndpointPolicies().size()) + pages(listed.routeTables().size())
                + workspaceListingCost(listed);
    }

    /** The workspace list's pages plus the environment listings of every workspace (one per workspace and per environment). */
    static int workspaceListingCost(Estate listed) {
        long environmentsListed = listed.environmentVersions().keySet().stream().map(v -> v.parent().orElse(v)).distinct().count();
        return pages(listed.workspaces().size()) + listed.workspaces().size() + (int) environmentsListed;
    }

    private static int pages(int resources) {
        return Math.max(1, (resources + LIST_PAGE - 1) / LIST_PAGE);
    }

    /** {@code changed} (a workspace or anything in it) changed: the next read lists its environments again. */
    public void forgetEnvironments(ResourceId changed) {
        environments.keySet().removeIf(w -> w.equals(changed) || changed.isWithin(w));
    }

    /** Every cached environment listing is dropped (the sweep, an explicit re-check). */
    public void forgetEnvironments() {
        environments.clear();
    }

    /** The gateway's read, with environment versions from the cache when every workspace of the scope has them. */
    private Estate read(ReadScope.Targeted scope) throws ArmException {
        if (!scope.environmentVersions()) {
            return gateway.read(scope);
        }
        if (!scope.workspaces().isEmpty() && environments.keySet().containsAll(scope.workspaces())) {
            Estate estate = gateway.read(new ReadScope.Targeted(scope.subnets(), scope.serviceEndpointPolicies(),
                    scope.networkSecurityGroups(), scope.workspaces(), false, scope.managedWorkspaces()));
            Map<ResourceId, EnvironmentVersion> versions = new LinkedHashMap<>(estate.environmentVersions());
            scope.workspaces().forEach(w -> environments.get(w).forEach(v -> versions.put(v.id(), v)));
            return new Estate(estate.virtualNetworks(), estate.subnets(), estate.networkSecurityGroups(),
                    estate.serviceEndpointPolicies(), estate.routeTables(), estate.workspaces(), versions,
                    estate.readFailures());
        }
        Estate estate = gateway.read(scope);
        for (ResourceId w : scope.workspaces()) {
            // Only a complete listing is remembered: a failed one must be retried, not trusted.
            boolean failed = estate.readFailures().keySet().stream().anyMatch(f -> f.equals(w) || f.isWithin(w));
            if (!failed && estate.workspaces().containsKey(w)) {
                environments.put(w, estate.environmentVersions().values().stream().filter(v -> v.id().isWithin(w)).toList());
            }
        }
        return estate;
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
        if (target.isOfType(ResourceTypes.ML_OUTBOUND_RULE)) {
            // A managed network's outbound rule shares no etag with its workspace or siblings (ML
            // has no family etag): its deletes need not wait for one another's re-read.
            return target;
        }
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
                narrowed.add(w.withSubnets(mine));
            }
        }
        return narrowed;
    }

    static ReadScope.Targeted readScope(GuardConfig config, List<WorkspaceConfig> workspaces, Set<ResourceId> requested) {
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
        Set<ResourceId> managed = new LinkedHashSet<>();
        managedFor(config, requested).forEach(m -> managed.add(m.workspaceId()));
        return new ReadScope.Targeted(subnets, policies, nsgs, mlWorkspaces, environments, managed);
    }

    /**
     * The managed-network workspaces a request names by their id (their reconcile key; the
     * configuration's all when the request names nothing: the sweep, the CLI).
     */
    static List<ManagedWorkspaceConfig> managedFor(GuardConfig config, Set<ResourceId> requested) {
        if (requested.isEmpty()) {
            return config.managedWorkspaces();
        }
        return config.managedWorkspaces().stream().filter(m -> requested.contains(m.workspaceId())).toList();
    }
}
