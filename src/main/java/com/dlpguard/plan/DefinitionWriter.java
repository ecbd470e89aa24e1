package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A PUT of one service endpoint policy definition (the child resource, never the whole policy: a
 * policy PUT replaces every definition). Aliases and resource ids cannot share a definition, so a
 * definition is either the Global alias definition or a Microsoft.Storage one.
 */
final class DefinitionWriter {
    static final String GLOBAL_SERVICE = "Global";
    static final String DEFAULT_ALIAS_DEFINITION = "dlp-guard-ml-alias";
    /** Microsoft.Network's limit of resources per definition. */
    static final int MAX_SERVICE_RESOURCES = 200;
    static final String RESTORED_DESCRIPTION = "Restored by DLP Guard";
    private static final String DEFINITIONS = "serviceEndpointPolicyDefinitions";

    private DefinitionWriter() {
    }

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.RestoreMlAlias || remedy instanceof Remedy.AddStorageAccount
                || remedy instanceof Remedy.RemoveStorageEntries || remedy instanceof Remedy.DeleteStorageDefinition;
    }

    /**
     * Where a remedy writes. The alias goes back under its old name unless a Microsoft.Storage
     * definition took that name meanwhile: the alias cannot join it, so it gets the guard's name.
     */
    static ResourceId target(Remedy remedy, Estate estate) {
        if (remedy instanceof Remedy.RestoreMlAlias alias) {
            Optional<ServiceEndpointPolicyDefinition> existing = estate.serviceEndpointPolicy(alias.policy())
                    .flatMap(p -> p.definition(alias.definitionName()));
            if (existing.isPresent() && !existing.get().isForService(GLOBAL_SERVICE)) {
                return alias.policy().child(DEFINITIONS, DEFAULT_ALIAS_DEFINITION);
            }
        }
        return remedy.target();
    }

    static Outcome write(ResourceId definitionId, List<Claim> claims, Estate estate) {
        ResourceId policyId = definitionId.parent().orElseThrow();
        Optional<ServiceEndpointPolicy> policy = estate.serviceEndpointPolicy(policyId);
        if (policy.isEmpty()) {
            String reason = estate.readFailure(policyId).isPresent()
                    ? SubnetWriter.notRead("service endpoint policy", policyId, estate)
                    : "service endpoint policy " + policyId.name() + " does not exist; the guard restores definitions,"
                      + " not deleted policies";
            return Outcome.skipped(Claim.skipAll(claims, definitionId, reason));
        }
        if (claims.stream().anyMatch(c -> c.remedy() instanceof Remedy.DeleteStorageDefinition)) {
            return delete(definitionId, claims, policy.get());
        }
        boolean alias = claims.stream().anyMatch(c -> c.remedy() instanceof Remedy.RestoreMlAlias);
        boolean storage = claims.stream().anyMatch(c -> !(c.remedy() instanceof Remedy.RestoreMlAlias));
        if (alias && storage) {
            return Outcome.skipped(Claim.skipAll(claims, definitionId, "contradictory remedies: definition "
                    + definitionId.name() + " cannot hold both the Azure ML alias and storage accounts"));
        }
        String service = alias ? GLOBAL_SERVICE : SubnetWriter.STORAGE_SERVICE;
        Optional<ServiceEndpointPolicyDefinition> existing = policy.get().definition(definitionId.name());
        if (existing.isPresent() && !existing.get().isForService(service)) {
            return Outcome.skipped(Claim.skipAll(claims, definitionId, "definition " + definitionId.name() + " is for service "
                    + existing.get().service() + ", not " + service + "; aliases and resource ids cannot share a definition"));
        }

        List<String> resources = new ArrayList<>(existing.map(ServiceEndpointPolicyDefinition::serviceResources).orElse(List.of()));
        List<SkippedRemedy> skipped = new ArrayList<>();
        List<Claim> effective = new ArrayList<>();
        for (Claim claim : claims) {
            if (existing.isEmpty() && claim.remedy() instanceof Remedy.RemoveStorageEntries) {
                skipped.addAll(claim.skip(definitionId, "definition " + definitionId.name() + " no longer exists;"
                        + " nothing to remove"));
            } else if (apply(claim.remedy(), resources)) {
                effective.add(claim);
            } else {
                skipped.addAll(claim.skip(definitionId, "already in the desired state: " + describe(claim.remedy(), definitionId)));
            }
        }
        if (effective.isEmpty()) {
            return Outcome.skipped(skipped);
        }
        if (resources.isEmpty()) {
            // An empty Microsoft.Storage definition, or deleting it, would leave an alias-only policy,
            // which does not filter storage at all: worse than the violation being rolled back.
            skipped.addAll(Claim.skipAll(effective, definitionId, "removing every entry would leave definition "
                    + definitionId.name() + " empty, and a policy without storage entries does not filter storage;"
                    + " a human must choose the approved accounts"));
            return Outcome.skipped(skipped);
        }
        if (resources.size() > MAX_SERVICE_RESOURCES) {
            skipped.addAll(Claim.skipAll(effective, definitionId, "definition " + definitionId.name() + " would hold "
                    + resources.size() + " resources; Azure allows " + MAX_SERVICE_RESOURCES));
            return Outcome.skipped(skipped);
        }

        JsonArray resourceArray = new JsonArray();
        resources.forEach(resourceArray::add);
        JsonObject body;
        JsonBodies.Change change;
        Optional<String> ifMatch;
        if (existing.isPresent()) {
            body = JsonBodies.updateBody(existing.get().json());
            JsonObject properties = JsonBodies.properties(body);
            JsonObject before = properties.deepCopy();
            properties.add("serviceResources", resourceArray);
            change = JsonBodies.change(before, properties);
            ifMatch = existing.get().etag();
        } else {
            JsonObject properties = new JsonObject();
            properties.addProperty("service", service);
            properties.add("serviceResources", resourceArray);
            properties.addProperty("description", RESTORED_DESCRIPTION);
            body = new JsonObject();
            body.add("properties", properties);
            change = JsonBodies.creation(properties);
            ifMatch = Optional.empty();
        }
        List<String> actions = effective.stream().map(c -> action(c.remedy())).distinct().toList();
        String action = actions.size() == 1 ? actions.get(0) : "restore-service-endpoint-policy-definition";
        String reason = String.join("; ", effective.stream().map(c -> c.rules() + ": " + describe(c.remedy(), definitionId)).toList());
        ArmRequest request = new ArmRequest("PUT", NetworkApi.url(definitionId), ifMatch, Optional.of(JsonBodies.compact(body)));
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(effective), action, definitionId, request, reason,
                change.property(), change.before(), change.after()), skipped);
    }

    /**
     * DLP005's delete of a definition holding only unapproved entries. It wins over other remedies
     * for the same definition (they are re-planned from the next read, against what is left). The
     * rule decided another definition keeps an approved entry; the planner still refuses when no
     * other Microsoft.Storage definition with an entry remains, because an alias-only policy filters
     * no storage at all.
     */
    private static Outcome delete(ResourceId definitionId, List<Claim> claims, ServiceEndpointPolicy policy) {
        List<Claim> deletes = claims.stream().filter(c -> c.remedy() instanceof Remedy.DeleteStorageDefinition).toList();
        List<SkippedRemedy> skipped = new ArrayList<>();
        claims.stream().filter(c -> !deletes.contains(c)).forEach(c -> skipped.addAll(c.skip(definitionId,
                "definition " + definitionId.name() + " is deleted by " + Claim.ruleIdsOf(deletes) + " in this plan;"
                        + " re-planned from the next read")));
        Optional<ServiceEndpointPolicyDefinition> existing = policy.definition(definitionId.name());
        if (existing.isEmpty()) {
            skipped.addAll(Claim.skipAll(deletes, definitionId, "already in the desired state: definition "
                    + definitionId.name() + " no longer exists"));
            return Outcome.skipped(skipped);
        }
        boolean otherStorageRemains = policy.definitionsFor(SubnetWriter.STORAGE_SERVICE).stream()
                .anyMatch(d -> !d.name().equalsIgnoreCase(definitionId.name()) && !d.serviceResources().isEmpty());
        if (!existing.get().isForService(SubnetWriter.STORAGE_SERVICE) || !otherStorageRemains) {
            skipped.addAll(Claim.skipAll(deletes, definitionId, "deleting definition " + definitionId.name()
                    + " would leave service endpoint policy " + policy.id().name() + " without a Microsoft.Storage entry,"
                    + " which filters no storage; a human must choose the approved accounts"));
            return Outcome.skipped(skipped);
        }
        String before = JsonBodies.compact(JsonBodies.properties(JsonBodies.parseObject(existing.get().json())));
        String reason = String.join(", ", Claim.ruleIdsOf(deletes)) + ": delete definition " + definitionId.name()
                + " of service endpoint policy " + policy.id().name() + " (it lists only unapproved entries: "
                + String.join(", ", existing.get().serviceResources()) + "); another Microsoft.Storage definition keeps"
                + " the approved accounts";
        // If-Match: the definition as judged; a definition changed since is re-read and re-judged, never deleted blind.
        ArmRequest request = new ArmRequest("DELETE", NetworkApi.url(definitionId), existing.get().etag(), Optional.empty());
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(deletes), "delete-storage-definition", definitionId, request,
                reason, "properties", before, "null"), skipped);
    }

    /** Applies one remedy to the definition's serviceResources (order kept); false when already satisfied. */
    private static boolean apply(Remedy remedy, List<String> resources) {
        if (remedy instanceof Remedy.RestoreMlAlias a) {
            return addIfMissing(resources, a.alias());
        }
        if (remedy instanceof Remedy.AddStorageAccount s) {
            return addIfMissing(resources, s.account().toString());
        }
        Remedy.RemoveStorageEntries r = (Remedy.RemoveStorageEntries) remedy;
        return resources.removeIf(existing -> r.entries().stream().anyMatch(existing::equalsIgnoreCase));
    }

    private static boolean addIfMissing(List<String> resources, String resource) {
        if (resources.stream().anyMatch(resource::equalsIgnoreCase)) {
            return false;
        }
        resources.add(resource);
        return true;
    }

    static String action(Remedy remedy) {
        if (remedy instanceof Remedy.RestoreMlAlias) {
            return "restore-ml-alias";
        }
        if (remedy instanceof Remedy.AddStorageAccount) {
            return "add-storage-account";
        }
        return "remove-storage-entries";
    }

    private static String describe(Remedy remedy, ResourceId definitionId) {
        String where = " definition " + definitionId.name() + " of service endpoint policy "
                + definitionId.parent().orElseThrow().name();
        if (remedy instanceof Remedy.RestoreMlAlias a) {
            return "restore the alias " + a.alias() + " in" + where;
        }
        if (remedy instanceof Remedy.AddStorageAccount s) {
            return "add storage account " + s.account().name() + " to" + where;
        }
        Remedy.RemoveStorageEntries r = (Remedy.RemoveStorageEntries) remedy;
        return "remove unapproved " + (r.entries().size() == 1 ? "entry " : "entries ") + String.join(", ", r.entries())
                + " from" + where;
    }
}
