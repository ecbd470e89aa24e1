package com.dlpguard.whatif;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.snapshot.EstateBuilder;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Current state + what-if results → the predicted state, pure.
 *
 * <p>Per change: Create / Modify / Deploy replace the resource with ARM's {@code after} (a parent's
 * {@code after} is its full predicted state, so the children it lists replace the current ones:
 * a VNet PUT without a subnet's policy is a subnet without the policy); Delete removes the resource
 * and everything under it; NoChange / Ignore keep it as it is now. Parents are applied before
 * children, so a child's own change wins over the copy inline in its parent, as in a snapshot.
 * Results apply in the order given (deployments run one after another).
 *
 * <p>What ARM cannot predict is never dropped: an Unsupported (or "potential") change of a
 * resource the rules read makes that resource unreadable in the predicted state, so every rule
 * that needs it answers unknown; a failed what-if, or an unpredictable change whose target is
 * not one resource the guard can name (a nested deployment, an id ARM could not compute), makes
 * the whole prediction unknown. An insider cannot hide a change in what ARM fails to resolve.
 */
public final class Predictor {

    /** Parents whose {@code after} lists children inline; normalised through the builder. */
    private static final Set<String> PARENTS = Set.of(ResourceTypes.VIRTUAL_NETWORK, ResourceTypes.NETWORK_SECURITY_GROUP,
            ResourceTypes.SERVICE_ENDPOINT_POLICY, ResourceTypes.ROUTE_TABLE);
    private static final String DEPLOYMENTS = "microsoft.resources/deployments";

    private Predictor() {
    }

    public static Prediction predict(Estate current, List<WhatIfResult> results) throws WhatIfInputException {
        Map<ResourceId, JsonObject> docs = new LinkedHashMap<>(EstateDocuments.of(current));
        // Every what-if of a pull request is computed against what is deployed now.
        Map<ResourceId, JsonObject> deployed = Map.copyOf(docs);
        Map<ResourceId, String> wheres = new LinkedHashMap<>();
        Map<ResourceId, String> failures = new LinkedHashMap<>(current.readFailures());
        Map<WhatIfChange, AppliedChange> applied = new java.util.IdentityHashMap<>();
        List<String> unpredictable = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (WhatIfResult result : results) {
            result.failure().ifPresent(unpredictable::add);
            List<WhatIfChange> ordered = result.changes().stream()
                    .sorted(Comparator.comparingInt(Predictor::depth))
                    .toList();
            // Each what-if was computed against the state before its own deployment.
            Map<ResourceId, JsonObject> beforeThis = new LinkedHashMap<>(docs);
            for (WhatIfChange change : ordered) {
                disagreement(change, deployed, current.readFailures()).ifPresent(warnings::add);
                applied.put(change, apply(change, beforeThis, docs, wheres, failures, unpredictable));
            }
        }
        EstateBuilder builder = new EstateBuilder();
        try {
            for (Map.Entry<ResourceId, JsonObject> doc : docs.entrySet()) {
                builder.add(doc.getValue(), wheres.getOrDefault(doc.getKey(), "predicted state: " + doc.getKey()));
            }
        } catch (SnapshotException e) {
            throw new WhatIfInputException(e.getMessage());
        }
        failures.forEach(builder::addReadFailure);
        // Keep the report in the files' order, not the application order.
        List<AppliedChange> inFileOrder = new ArrayList<>();
        for (WhatIfResult result : results) {
            result.changes().forEach(c -> inFileOrder.add(applied.get(c)));
        }
        return new Prediction(builder.build(), results, inFileOrder, unpredictable, warnings);
    }

    /** Azure saw a different current state than the one given (see {@link Prediction#warnings()}). */
    private static java.util.Optional<String> disagreement(WhatIfChange change, Map<ResourceId, JsonObject> current,
                                                           Map<ResourceId, String> failures) {
        if (change.id().isEmpty() || change.potential() || !EstateBuilder.isModelled(change.id().get().type())
                || failures.containsKey(change.id().get())) {
            return java.util.Optional.empty();
        }
        boolean present = current.containsKey(change.id().get());
        return switch (change.changeType()) {
            case CREATE -> present ? java.util.Optional.of(change.where() + ": the what-if creates " + change.rawResourceId()
                    + " but the current state already has it") : java.util.Optional.empty();
            case MODIFY, DELETE, NO_CHANGE, IGNORE -> present ? java.util.Optional.empty()
                    : java.util.Optional.of(change.where() + ": the what-if found " + change.rawResourceId() + " ("
                    + change.changeType().wireName() + ") but the current state does not have it");
            default -> java.util.Optional.empty();
        };
    }

    private static int depth(WhatIfChange c) {
        return c.id().map(id -> id.toString().split("/").length).orElse(Integer.MAX_VALUE);
    }

    private static AppliedChange apply(WhatIfChange change, Map<ResourceId, JsonObject> beforeThis,
                                       Map<ResourceId, JsonObject> docs, Map<ResourceId, String> wheres,
                                       Map<ResourceId, String> failures, List<String> unpredictable)
            throws WhatIfInputException {
        if (change.id().isEmpty()) {
            if (change.changeType() == ChangeType.UNSUPPORTED || change.potential()) {
                unpredictable.add(change.where() + ": " + change.describe() + " cannot be resolved to a resource"
                        + change.unsupportedReason().map(r -> " (" + r + ")").orElse(""));
                return new AppliedChange(change, AppliedChange.Effect.UNPREDICTABLE, "not an ARM resource id: everything is unknown");
            }
            // Extension resources (Microsoft Graph, Kubernetes) and ids outside a subscription are not
            // ARM network or AML resources: no rule reads them, so they cannot hide anything from one.
            return new AppliedChange(change, AppliedChange.Effect.NOT_READ_BY_RULES, "not an ARM resource in a subscription");
        }
        ResourceId id = change.id().get();
        String type = id.type().toLowerCase(Locale.ROOT);
        boolean modelled = EstateBuilder.isModelled(type);
        if (change.changeType() == ChangeType.UNSUPPORTED || change.potential()) {
            String reason = "the what-if cannot predict it (" + change.describe() + " in " + change.source()
                    + change.unsupportedReason().map(r -> ": " + r).orElse("") + ")";
            if (modelled && !id.toString().contains("[")) {
                removeWithin(id, docs);
                for (ResourceId inside : List.copyOf(beforeThis.keySet())) {
                    if (inside.isWithin(id)) {
                        failures.put(inside, reason);
                    }
                }
                failures.put(id, reason);
                return new AppliedChange(change, AppliedChange.Effect.UNPREDICTABLE, "unknown in the predicted state");
            }
            if (type.equals(DEPLOYMENTS) || id.toString().contains("[") || !id.isProviderResource()) {
                // A nested deployment or a scope can hold any resource; an id with a template
                // expression can be any resource of its type: nothing can be shown safe.
                unpredictable.add(change.where() + ": " + reason);
                return new AppliedChange(change, AppliedChange.Effect.UNPREDICTABLE, "could touch anything: everything is unknown");
            }
            return new AppliedChange(change, AppliedChange.Effect.NOT_READ_BY_RULES,
                    "unpredictable, but no rule reads a " + id.type());
        }
        switch (change.changeType()) {
            case CREATE, MODIFY, DEPLOY -> {
                if (!modelled) {
                    // The rules see only the modelled types (the estate holds nothing else), so a
                    // storage account or role assignment cannot change a finding: the rogue account
                    // itself is harmless until a policy lists it, and that policy is modelled.
                    return new AppliedChange(change, AppliedChange.Effect.NOT_READ_BY_RULES, "no rule reads a " + id.type());
                }
                JsonObject after = change.after().orElseThrow(() -> new IllegalStateException(
                        "the parser lets no write of a modelled resource through without after: " + change.where()));
                Map<ResourceId, JsonObject> replacement = normalise(after, id, type, change.where() + ".after");
                removeWithin(id, docs);
                clearFailuresWithin(id, failures);
                replacement.forEach((rid, doc) -> {
                    docs.put(rid, doc);
                    wheres.put(rid, change.where() + ".after");
                });
                return new AppliedChange(change, AppliedChange.Effect.APPLIED, "predicted state from after");
            }
            case DELETE -> {
                boolean any = removeWithin(id, docs);
                clearFailuresWithin(id, failures);
                return any || modelled
                        ? new AppliedChange(change, AppliedChange.Effect.REMOVED, "removed with everything under it")
                        : new AppliedChange(change, AppliedChange.Effect.NOT_READ_BY_RULES, "no rule reads a " + id.type());
            }
            case NO_CHANGE, IGNORE -> {
                // A parent replaced earlier may have dropped it; ARM says it stays, so it stays.
                for (Map.Entry<ResourceId, JsonObject> e : beforeThis.entrySet()) {
                    if (e.getKey().isWithin(id) && !docs.containsKey(e.getKey())) {
                        docs.put(e.getKey(), e.getValue());
                    }
                }
                return new AppliedChange(change, modelled ? AppliedChange.Effect.KEPT : AppliedChange.Effect.NOT_READ_BY_RULES,
                        modelled ? "stays as it is" : "no rule reads a " + id.type());
            }
            default -> throw new IllegalStateException("unhandled change type " + change.changeType());
        }
    }

    /**
     * The documents {@code after} stands for. A parent goes through a builder of its own (the one
     * merge there is: inline children get their ids there) and comes back as parent + children;
     * a leaf is checked by the builder too, so a malformed {@code after} fails here with its path.
     */
    private static Map<ResourceId, JsonObject> normalise(JsonObject after, ResourceId id, String type, String where)
            throws WhatIfInputException {
        JsonObject doc = after.deepCopy();
        if (!doc.has("id")) {
            doc.addProperty("id", id.toString());
        }
        EstateBuilder alone = new EstateBuilder();
        try {
            alone.add(doc, where);
        } catch (SnapshotException e) {
            throw new WhatIfInputException(e.getMessage());
        }
        if (PARENTS.contains(type)) {
            return EstateDocuments.of(alone.build());
        }
        Map<ResourceId, JsonObject> single = new LinkedHashMap<>();
        single.put(id, doc);
        return single;
    }

    private static boolean removeWithin(ResourceId id, Map<ResourceId, JsonObject> docs) {
        return docs.keySet().removeIf(d -> d.isWithin(id));
    }

    private static void clearFailuresWithin(ResourceId id, Map<ResourceId, String> failures) {
        failures.keySet().removeIf(f -> f.isWithin(id));
    }
}
