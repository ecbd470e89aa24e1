package com.dlpguard.hardening;

import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.AmlManaged;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The guard's ARM during chaos: the in-memory ARM behind a gateway that injects faults the way the
 * live pipeline surfaces them, and checks every write as it is applied.
 *
 * <p>Faults (each counted): throttling with Retry-After, 5xx and dropped connections (mostly
 * absorbed by azure-core's retry policy; sometimes the retries run out and the call fails
 * transiently); slow answers; a write whose long-running operation ends Failed; a dropped
 * connection <em>after</em> a write was applied (the guard cannot know it succeeded); a concurrent
 * human edit just before a write (its If-Match is then stale: 412) or just after a read (the read
 * is stale).
 *
 * <p>Checks (each violation is a bad write): the target is inside the configured scopes and not
 * AML/Batch-managed; the write carries a precondition (If-Match; a create is refused when the
 * child exists, as If-None-Match: * does); its basis — the family etag in the read the guard last
 * made — is still current when it is applied (no write from a stale read); and it changes nothing
 * in its family but the properties its action restores.
 */
final class ChaosArm implements ArmGateway {
    /** One write the guard sent, and what became of it. */
    record WriteRecord(String method, ResourceId target, Optional<String> ifMatch, String result, String fault) {
    }

    interface ConcurrentEdit {
        void on(ResourceId family) throws SnapshotException;
    }

    private final InMemoryArmGateway arm;
    private final Random rnd;
    private final Figures figures;
    private final MutableClock clock;
    private final Set<ResourceId> allowedTargets;
    private final Set<ResourceId> allowedParents;
    private final ConcurrentEdit concurrentEdit;
    private final Consumer<PlannedWrite> applied;
    private final Object lock = new Object();
    private final ThreadLocal<Estate> lastRead = new ThreadLocal<>();
    final List<WriteRecord> writes = Collections.synchronizedList(new ArrayList<>());
    volatile double faultRate = 0.15;

    ChaosArm(InMemoryArmGateway arm, Random rnd, Figures figures, MutableClock clock, Set<ResourceId> allowedTargets,
             Set<ResourceId> allowedParents, ConcurrentEdit concurrentEdit, Consumer<PlannedWrite> applied) {
        this.arm = arm;
        this.rnd = rnd;
        this.figures = figures;
        this.clock = clock;
        this.allowedTargets = allowedTargets;
        this.allowedParents = allowedParents;
        this.concurrentEdit = concurrentEdit;
        this.applied = applied;
    }

    private boolean roll(double p) {
        synchronized (rnd) {
            return rnd.nextDouble() < p;
        }
    }

    private int pick(int n) {
        synchronized (rnd) {
            return rnd.nextInt(n);
        }
    }

    /**
     * A transport fault before the call is served: azure-core's RetryPolicy absorbs most (the
     * call then succeeds); when the retries run out the gateway reports a transient failure.
     */
    private void transportFault(String call) throws ArmException {
        if (!roll(faultRate)) {
            return;
        }
        figures.faultsInjected.incrementAndGet();
        String fault = switch (pick(4)) {
            case 0 -> "429 TooManyRequests (Retry-After: " + (1 + pick(30)) + " s)";
            case 1 -> "429 RetryableErrorDueToAnotherOperation (Retry-After: " + (1 + pick(10)) + " s)";
            case 2 -> (500 + pick(4)) + " server error";
            default -> "connection reset by peer";
        };
        if (pick(4) == 0) {
            throw new ArmException(call + ": " + fault + ", retries exhausted", true, null);
        }
        if (fault.startsWith("429")) {
            clock.advance(Duration.ofSeconds(1 + pick(5))); // Retry-After honoured by the pipeline
        }
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        transportFault("read");
        if (roll(faultRate / 3)) {
            figures.faultsInjected.incrementAndGet();
            clock.advance(Duration.ofSeconds(5 + pick(20))); // a slow answer
        }
        Estate estate;
        synchronized (lock) {
            estate = arm.read(scope);
            lastRead.set(estate);
        }
        if (roll(faultRate / 3)) {
            // Someone writes right after our read: whatever we plan from it is now stale.
            figures.faultsInjected.incrementAndGet();
            try {
                concurrentEdit.on(pickFamily());
            } catch (SnapshotException e) {
                throw new IllegalStateException(e);
            }
        }
        return estate;
    }

    private ResourceId pickFamily() {
        List<ResourceId> families = List.of(Humans.VNET, Humans.SEP, Humans.NSG);
        return families.get(pick(families.size()));
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        ResourceId target = write.target();
        ResourceId family = Families.family(target);
        String method = write.request().method();
        checkScope(write);
        transportFault("write " + method + " " + target.name());
        String fault = "";
        if (roll(faultRate / 2)) {
            figures.faultsInjected.incrementAndGet();
            try {
                concurrentEdit.on(family);
            } catch (SnapshotException e) {
                throw new IllegalStateException(e);
            }
            fault = "concurrent edit";
        }
        if (fault.isEmpty() && roll(faultRate / 3)) {
            figures.faultsInjected.incrementAndGet();
            writes.add(new WriteRecord(method, target, write.request().ifMatch(), "failed", "async operation Failed"));
            return new WriteOutcome(write, WriteOutcome.Result.FAILED, Optional.of("InternalServerError"),
                    "the long-running operation ended Failed", Optional.of("op-" + pick(1_000_000)));
        }
        boolean dropAfter = fault.isEmpty() && roll(faultRate / 4);
        if (dropAfter) {
            figures.faultsInjected.incrementAndGet();
            fault = "connection dropped after the write";
        }
        WriteOutcome outcome;
        synchronized (lock) {
            Optional<String> basis = Optional.ofNullable(lastRead.get()).flatMap(e -> Families.etagIn(e, family));
            Optional<String> current = arm.etag(family);
            boolean exists = arm.resource(target).isPresent();
            if (write.request().ifMatch().isEmpty() && exists && !method.equals("DELETE")) {
                // A create is sent with If-None-Match: *: a child someone created meanwhile is not overwritten.
                writes.add(new WriteRecord(method, target, Optional.empty(), "precondition-failed", fault));
                return new WriteOutcome(write, WriteOutcome.Result.PRECONDITION_FAILED, Optional.of("PreconditionFailed"),
                        "the resource exists (If-None-Match: *)", Optional.empty());
            }
            if (write.request().ifMatch().isEmpty() && (exists || method.equals("DELETE"))) {
                figures.badWrite("no precondition on " + method + " " + target);
            }
            Map<String, String> before = Families.flatten(arm.resource(family));
            outcome = arm.execute(write);
            if (outcome.result() == WriteOutcome.Result.APPLIED) {
                figures.writesMade.incrementAndGet();
                if (!basis.equals(current)) {
                    figures.badWrite("stale read: " + method + " " + target + " planned from family etag " + basis.orElse("(none)")
                            + " but the family was at " + current.orElse("(none)") + " when applied");
                }
                checkChanges(figures, write, before, Families.flatten(arm.resource(family)));
            }
            writes.add(new WriteRecord(method, target, write.request().ifMatch(), outcome.result().wireName(), fault));
        }
        if (outcome.result() == WriteOutcome.Result.APPLIED) {
            applied.accept(write);
        }
        if (dropAfter) {
            throw new ArmException("write " + method + " " + target.name() + ": connection reset while waiting for the answer",
                    true, null);
        }
        return outcome;
    }

    private void checkScope(PlannedWrite write) {
        ResourceId target = write.target();
        if (AmlManaged.isManaged(target)) {
            figures.badWrite("write to an AML/Batch-managed resource: " + target);
        }
        boolean allowed = allowedTargets.contains(target)
                || target.parent().map(allowedParents::contains).orElse(false);
        if (!allowed) {
            figures.badWrite("write outside the configured scopes: " + write.request().method() + " " + target);
        }
    }

    /** The family's flattened view may differ only under the paths this write restores. */
    static void checkChanges(Figures figures, PlannedWrite write, Map<String, String> before, Map<String, String> after) {
        ResourceId target = write.target();
        String child = "[name=" + target.name().toLowerCase(java.util.Locale.ROOT) + "]";
        List<String> allowed = new ArrayList<>();
        if (target.isOfType("microsoft.network/virtualnetworks/subnets")) {
            for (String p : List.of("serviceEndpoints", "serviceEndpointPolicies", "networkSecurityGroup", "routeTable")) {
                allowed.add("properties.subnets" + child + ".properties." + p);
            }
        } else if (target.isOfType("microsoft.network/serviceendpointpolicies/serviceendpointpolicydefinitions")) {
            boolean existed = before.keySet().stream().anyMatch(k -> k.startsWith("properties.serviceEndpointPolicyDefinitions" + child));
            allowed.add("properties.serviceEndpointPolicyDefinitions" + child + (existed ? ".properties.serviceResources" : ""));
        } else if (target.isOfType("microsoft.network/networksecuritygroups/securityrules")) {
            allowed.add("properties.securityRules" + child);
        } else if (target.isOfType("microsoft.network/routetables/routes")) {
            allowed.add("properties.routes" + child);
        }
        for (String path : Families.changed(before, after)) {
            if (allowed.stream().noneMatch(path::startsWith)) {
                figures.badWrite("unrelated property changed by " + write.action() + " on " + target + ": " + path
                        + " (" + before.get(path) + " -> " + after.get(path) + ")");
            }
        }
    }

    /** Reads the real world without faults (assertions, final checks). */
    Estate readQuietly(ReadScope scope) throws ArmException {
        synchronized (lock) {
            return arm.read(scope);
        }
    }

    JsonObject resource(ResourceId id) {
        return arm.resource(id).orElseThrow();
    }
}
