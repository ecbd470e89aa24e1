package com.dlpguard.hardening;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.AmlManaged;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.snapshot.SnapshotException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Wraps the live gateway (against the emulator) with the chaos suite's write checks: scope and
 * AML/Batch-managed targets, a precondition on every write equal to the family etag of the read
 * it was planned from, and nothing changed in the family but what the write restores. Optionally
 * makes a read stale by an edit right after it.
 */
final class CheckingGateway implements ArmGateway {
    interface Edit {
        void on(ResourceId family) throws SnapshotException;
    }

    private final ArmGateway delegate;
    private final Function<ResourceId, Optional<com.google.gson.JsonObject>> view;
    private final Figures figures;
    private final Set<ResourceId> allowedTargets;
    private final Set<ResourceId> allowedParents;
    private final Consumer<PlannedWrite> applied;
    private final ThreadLocal<Estate> lastRead = new ThreadLocal<>();
    final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    volatile Optional<Edit> staleReads = Optional.empty();
    volatile double staleReadRate;
    private final java.util.Random rnd;

    CheckingGateway(ArmGateway delegate, Function<ResourceId, Optional<com.google.gson.JsonObject>> view, Figures figures,
                    Set<ResourceId> allowedTargets, Set<ResourceId> allowedParents, Consumer<PlannedWrite> applied,
                    java.util.Random rnd) {
        this.delegate = delegate;
        this.view = view;
        this.figures = figures;
        this.allowedTargets = allowedTargets;
        this.allowedParents = allowedParents;
        this.applied = applied;
        this.rnd = rnd;
    }

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        Estate estate = delegate.read(scope);
        lastRead.set(estate);
        if (staleReads.isPresent() && rnd.nextDouble() < staleReadRate) {
            figures.faultsInjected.incrementAndGet();
            List<ResourceId> families = List.of(Humans.VNET, Humans.SEP, Humans.NSG);
            try {
                staleReads.get().on(families.get(rnd.nextInt(families.size())));
            } catch (SnapshotException e) {
                throw new IllegalStateException(e);
            }
        }
        return estate;
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        ResourceId target = write.target();
        ResourceId family = Families.family(target);
        if (AmlManaged.isManaged(target)) {
            figures.badWrite("write to an AML/Batch-managed resource: " + target);
        }
        if (!allowedTargets.contains(target) && !target.parent().map(allowedParents::contains).orElse(false)) {
            figures.badWrite("write outside the configured scopes: " + write.request().method() + " " + target);
        }
        // The live gateway reads subnets one by one (not their VNet): a subnet's own etag is its family's.
        Optional<String> basis = Optional.ofNullable(lastRead.get()).flatMap(e -> Families.etagIn(e, family)
                .or(() -> e.subnet(target).flatMap(s -> s.etag())));
        if (write.request().ifMatch().isEmpty()) {
            figures.badWrite("a write without If-Match reached the gateway: " + write.request().method() + " " + target);
        } else if (!write.request().ifMatch().equals(basis)) {
            figures.badWrite("If-Match " + write.request().ifMatch().get() + " is not the etag of the read the write was planned from ("
                    + basis.orElse("none") + "): " + target);
        }
        Map<String, String> before = Families.flatten(view.apply(family));
        WriteOutcome outcome = delegate.execute(write);
        outcomes.add(outcome.result().wireName() + outcome.errorCode().map(c -> " " + c).orElse(""));
        if (outcome.result() == WriteOutcome.Result.APPLIED) {
            figures.writesMade.incrementAndGet();
            ChaosArm.checkChanges(figures, write, before, Families.flatten(view.apply(family)));
            applied.accept(write);
        }
        return outcome;
    }
}
