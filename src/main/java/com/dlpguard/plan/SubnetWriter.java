package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One subnet PUT carrying every subnet remedy of the plan. The body is the subnet as read with only
 * the restored properties changed: a subnet PUT replaces all properties, so a body without
 * {@code networkSecurityGroup} would detach the NSG.
 */
final class SubnetWriter {
    static final String STORAGE_SERVICE = "Microsoft.Storage";
    private static final String STORAGE_GLOBAL_SERVICE = "Microsoft.Storage.Global";

    private SubnetWriter() {
    }

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.AddServiceEndpoint || remedy instanceof Remedy.AttachServiceEndpointPolicy
                || remedy instanceof Remedy.DetachServiceEndpointPolicy || remedy instanceof Remedy.AttachNetworkSecurityGroup;
    }

    static Outcome write(ResourceId subnetId, List<Claim> claims, Estate estate) {
        Optional<Subnet> read = estate.subnet(subnetId);
        if (read.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, subnetId, notRead("subnet", subnetId, estate)));
        }
        Subnet subnet = read.get();
        List<SkippedRemedy> skipped = new ArrayList<>();
        List<Claim> applicable = withoutConflicts(subnetId, claims, skipped);
        applicable = withoutEndpointClash(subnet, applicable, skipped);
        applicable = withoutUnsupportedPolicies(subnet, applicable, skipped);

        JsonObject body = JsonBodies.updateBody(subnet.json());
        JsonObject properties = JsonBodies.properties(body);
        JsonObject before = properties.deepCopy();
        List<Claim> effective = new ArrayList<>();
        for (Claim claim : applicable) {
            if (apply(claim.remedy(), properties)) {
                effective.add(claim);
            } else {
                skipped.addAll(claim.skip(subnetId, "already in the desired state: " + describe(claim.remedy())));
            }
        }
        if (effective.isEmpty()) {
            return Outcome.skipped(skipped);
        }
        JsonBodies.Change change = JsonBodies.change(before, properties);
        List<String> actions = effective.stream().map(c -> action(c.remedy())).distinct().toList();
        String action = actions.size() == 1 ? actions.get(0) : "restore-subnet";
        String reason = effective.size() == 1
                ? effective.get(0).rules() + ": " + describe(effective.get(0).remedy())
                : "restore subnet " + subnetId.name() + ": " + String.join("; ",
                        effective.stream().map(c -> c.rules() + ": " + describe(c.remedy())).toList());
        ArmRequest request = new ArmRequest("PUT", NetworkApi.url(subnetId), subnet.etag(),
                Optional.of(JsonBodies.compact(body)));
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(effective), action, subnetId, request, reason,
                change.property(), change.before(), change.after()), skipped);
    }

    /**
     * Contradictory remedies (two workspaces sharing a subnet, each detaching the other's policy, or
     * wanting different NSGs) come from a contradictory configuration: none of them is applied.
     */
    private static List<Claim> withoutConflicts(ResourceId subnetId, List<Claim> claims, List<SkippedRemedy> skipped) {
        Set<ResourceId> attached = new LinkedHashSet<>();
        Set<ResourceId> detached = new LinkedHashSet<>();
        Set<ResourceId> nsgs = new LinkedHashSet<>();
        for (Claim c : claims) {
            if (c.remedy() instanceof Remedy.AttachServiceEndpointPolicy a) {
                attached.add(a.policy());
            } else if (c.remedy() instanceof Remedy.DetachServiceEndpointPolicy d) {
                detached.add(d.policy());
            } else if (c.remedy() instanceof Remedy.AttachNetworkSecurityGroup n) {
                nsgs.add(n.networkSecurityGroup());
            }
        }
        List<Claim> kept = new ArrayList<>();
        for (Claim c : claims) {
            Optional<String> conflict = Optional.empty();
            if (c.remedy() instanceof Remedy.AttachServiceEndpointPolicy a && detached.contains(a.policy())
                    || c.remedy() instanceof Remedy.DetachServiceEndpointPolicy d && attached.contains(d.policy())) {
                conflict = Optional.of("contradictory remedies: one rule attaches service endpoint policy "
                        + policyOf(c.remedy()).name() + " to subnet " + subnetId.name() + " and another detaches it;"
                        + " check the workspaces sharing this subnet");
            } else if (c.remedy() instanceof Remedy.AttachNetworkSecurityGroup && nsgs.size() > 1) {
                conflict = Optional.of("contradictory remedies: rules want different network security groups on subnet "
                        + subnetId.name() + " (" + String.join(", ", nsgs.stream().map(ResourceId::name).toList()) + ")");
            }
            // The NSG DLP011 attaches is the configured one: never "managed" whatever its name (rule book 2.2).
            if (conflict.isPresent()) {
                skipped.addAll(c.skip(subnetId, conflict.get()));
            } else {
                kept.add(c);
            }
        }
        return kept;
    }

    /**
     * The local ({@code Microsoft.Storage}) and cross-region ({@code Microsoft.Storage.Global})
     * endpoints cannot share a subnet (Azure Storage network security docs; not verified against ARM
     * here). Swapping one for the other changes which regions' accounts the subnet reaches over the
     * backbone, so the guard leaves that choice to a human.
     */
    private static List<Claim> withoutEndpointClash(Subnet subnet, List<Claim> claims, List<SkippedRemedy> skipped) {
        List<Claim> kept = new ArrayList<>();
        for (Claim c : claims) {
            if (c.remedy() instanceof Remedy.AddServiceEndpoint e && e.service().equalsIgnoreCase(STORAGE_SERVICE)
                    && !subnet.hasServiceEndpoint(STORAGE_SERVICE) && subnet.hasServiceEndpoint(STORAGE_GLOBAL_SERVICE)) {
                skipped.addAll(c.skip(subnet.id(), "subnet " + subnet.id().name() + " has the cross-region "
                        + STORAGE_GLOBAL_SERVICE + " endpoint, which cannot coexist with " + STORAGE_SERVICE
                        + "; replacing it changes which regions' storage the subnet reaches, so a human must decide"));
            } else {
                kept.add(c);
            }
        }
        return kept;
    }

    /**
     * ARM rejects a service endpoint policy on a subnet without the Microsoft.Storage service
     * endpoint. Adding the endpoint is another rule's remedy (DLP001): attaching is planned only when
     * the subnet has it or this same PUT restores it.
     */
    private static List<Claim> withoutUnsupportedPolicies(Subnet subnet, List<Claim> claims, List<SkippedRemedy> skipped) {
        boolean hasStorageEndpoint = subnet.hasServiceEndpoint(STORAGE_SERVICE) || subnet.hasServiceEndpoint(STORAGE_GLOBAL_SERVICE)
                || claims.stream().anyMatch(c -> c.remedy() instanceof Remedy.AddServiceEndpoint e
                        && (e.service().equalsIgnoreCase(STORAGE_SERVICE) || e.service().equalsIgnoreCase(STORAGE_GLOBAL_SERVICE)));
        if (hasStorageEndpoint) {
            return claims;
        }
        List<Claim> kept = new ArrayList<>();
        for (Claim c : claims) {
            if (c.remedy() instanceof Remedy.AttachServiceEndpointPolicy a && !subnet.hasPolicy(a.policy())) {
                skipped.addAll(c.skip(subnet.id(), "subnet " + subnet.id().name() + " has no Microsoft.Storage service endpoint and"
                        + " ARM rejects a service endpoint policy without it; restore DLP001 first (set it to rollback)"));
            } else {
                kept.add(c);
            }
        }
        return kept;
    }

    /** Applies one remedy to the subnet's {@code properties}; false when it was already satisfied. */
    private static boolean apply(Remedy remedy, JsonObject properties) {
        if (remedy instanceof Remedy.AddServiceEndpoint e) {
            JsonArray endpoints = array(properties, "serviceEndpoints");
            for (JsonElement entry : endpoints) {
                if (stringField(entry, "service").filter(s -> s.equalsIgnoreCase(e.service())).isPresent()) {
                    return false;
                }
            }
            JsonObject added = new JsonObject();
            added.addProperty("service", e.service());
            endpoints.add(added);
            return true;
        }
        if (remedy instanceof Remedy.AttachServiceEndpointPolicy a) {
            JsonArray policies = array(properties, "serviceEndpointPolicies");
            if (indexOfId(policies, a.policy()) >= 0) {
                return false;
            }
            policies.add(reference(a.policy()));
            return true;
        }
        if (remedy instanceof Remedy.DetachServiceEndpointPolicy d) {
            JsonElement existing = properties.get("serviceEndpointPolicies");
            if (existing == null || !existing.isJsonArray()) {
                return false;
            }
            JsonArray policies = existing.getAsJsonArray();
            boolean removed = false;
            for (int i = indexOfId(policies, d.policy()); i >= 0; i = indexOfId(policies, d.policy())) {
                policies.remove(i);
                removed = true;
            }
            return removed;
        }
        if (remedy instanceof Remedy.AttachNetworkSecurityGroup n) {
            JsonElement current = properties.get("networkSecurityGroup");
            if (current != null && idOf(current).filter(n.networkSecurityGroup()::equals).isPresent()) {
                return false;
            }
            properties.add("networkSecurityGroup", reference(n.networkSecurityGroup()));
            return true;
        }
        throw new IllegalArgumentException("not a subnet remedy: " + remedy);
    }

    private static JsonArray array(JsonObject properties, String key) {
        JsonElement existing = properties.get(key);
        if (existing != null && existing.isJsonArray()) {
            return existing.getAsJsonArray();
        }
        JsonArray created = new JsonArray();
        properties.add(key, created);
        return created;
    }

    private static int indexOfId(JsonArray references, ResourceId id) {
        for (int i = 0; i < references.size(); i++) {
            if (idOf(references.get(i)).filter(id::equals).isPresent()) {
                return i;
            }
        }
        return -1;
    }

    private static Optional<ResourceId> idOf(JsonElement reference) {
        return stringField(reference, "id").flatMap(ResourceId::tryParse);
    }

    private static Optional<String> stringField(JsonElement element, String key) {
        return element.isJsonObject() ? com.dlpguard.json.Json.string(element.getAsJsonObject(), key) : Optional.empty();
    }

    private static JsonObject reference(ResourceId id) {
        JsonObject ref = new JsonObject();
        ref.addProperty("id", id.toString());
        return ref;
    }

    private static ResourceId policyOf(Remedy remedy) {
        if (remedy instanceof Remedy.AttachServiceEndpointPolicy a) {
            return a.policy();
        }
        return ((Remedy.DetachServiceEndpointPolicy) remedy).policy();
    }

    static String action(Remedy remedy) {
        if (remedy instanceof Remedy.AddServiceEndpoint) {
            return "add-service-endpoint";
        }
        if (remedy instanceof Remedy.AttachServiceEndpointPolicy) {
            return "attach-service-endpoint-policy";
        }
        if (remedy instanceof Remedy.DetachServiceEndpointPolicy) {
            return "detach-service-endpoint-policy";
        }
        return "attach-network-security-group";
    }

    private static String describe(Remedy remedy) {
        if (remedy instanceof Remedy.AddServiceEndpoint e) {
            return "add the " + e.service() + " service endpoint to subnet " + e.subnet().name();
        }
        if (remedy instanceof Remedy.AttachServiceEndpointPolicy a) {
            return "re-attach service endpoint policy " + a.policy().name() + " to subnet " + a.subnet().name();
        }
        if (remedy instanceof Remedy.DetachServiceEndpointPolicy d) {
            return "detach service endpoint policy " + d.policy().name() + " from subnet " + d.subnet().name()
                    + " (it allows storage accounts that are not approved)";
        }
        Remedy.AttachNetworkSecurityGroup n = (Remedy.AttachNetworkSecurityGroup) remedy;
        return "re-attach network security group " + n.networkSecurityGroup().name() + " to subnet " + n.subnet().name();
    }

    static String notRead(String kind, ResourceId id, Estate estate) {
        return estate.readFailure(id)
                .map(f -> kind + " " + id.name() + " could not be read (" + f + "); nothing is written without a current read")
                .orElse(kind + " " + id.name() + " is not in the observed state; nothing is written without a current read");
    }
}
