package com.dlpguard.hardening;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Resource families (a Microsoft.Network resource and its children share one etag) and a
 * normalised, flattened view of a family for diffs: the properties ARM maintains itself (etags,
 * provisioning states, back-references, a service endpoint's filled-in locations) are dropped and
 * named children are keyed by name, so a diff says exactly which property changed.
 */
final class Families {
    /** Properties ARM maintains itself: never a change a person or the guard made. */
    private static final Set<String> ARM_MAINTAINED = Set.of("etag", "provisioningState", "resourceGuid", "defaultSecurityRules", "type");

    private Families() {
    }

    /** The top-level resource whose etag {@code target} shares. */
    static ResourceId family(ResourceId target) {
        ResourceId r = target;
        while (r.parent().isPresent() && r.parent().get().isProviderResource()) {
            r = r.parent().get();
        }
        return r;
    }

    static Optional<String> etagIn(Estate estate, ResourceId family) {
        return estate.virtualNetwork(family).flatMap(v -> v.etag())
                .or(() -> estate.networkSecurityGroup(family).flatMap(n -> n.etag()))
                .or(() -> estate.serviceEndpointPolicy(family).flatMap(p -> p.etag()))
                .or(() -> estate.routeTable(family).flatMap(r -> r.etag()));
    }

    /** path → value of a rendered resource (children inline), normalised; empty when absent. */
    static Map<String, String> flatten(Optional<JsonObject> resource) {
        Map<String, String> out = new TreeMap<>();
        resource.ifPresent(r -> walk("", r, out, isVirtualNetwork(r)));
        return out;
    }

    /**
     * Like {@link #flatten}, for comparing two worlds: a SEP's definitions are compared by content
     * (service, entries, description) and a restored alias definition's name and description do
     * not count (the guard names it dlp-guard-ml-alias when the deleted one's name is unknown).
     */
    static Map<String, String> flattenByContent(Optional<JsonObject> resource) {
        return flatten(resource.map(Families::definitionsByContent));
    }

    private static JsonObject definitionsByContent(JsonObject resource) {
        JsonObject copy = resource.deepCopy();
        JsonElement props = copy.get("properties");
        if (props == null || !props.isJsonObject() || !props.getAsJsonObject().has("serviceEndpointPolicyDefinitions")) {
            return copy;
        }
        java.util.List<String> defs = new java.util.ArrayList<>();
        for (JsonElement d : props.getAsJsonObject().getAsJsonArray("serviceEndpointPolicyDefinitions")) {
            JsonObject p = d.getAsJsonObject().getAsJsonObject("properties");
            String service = p.get("service").getAsString();
            java.util.List<String> entries = new java.util.ArrayList<>();
            p.getAsJsonArray("serviceResources").forEach(x -> entries.add(x.getAsString().toLowerCase(java.util.Locale.ROOT)));
            java.util.Collections.sort(entries);
            String description = service.equalsIgnoreCase("Global") || !p.has("description") ? "" : p.get("description").getAsString();
            defs.add(service + " " + entries + " " + description);
        }
        java.util.Collections.sort(defs);
        JsonArray replaced = new JsonArray();
        defs.forEach(replaced::add);
        props.getAsJsonObject().add("serviceEndpointPolicyDefinitions", replaced);
        return copy;
    }

    private static boolean isVirtualNetwork(JsonObject resource) {
        return resource.has("type") && resource.get("type").getAsString().equalsIgnoreCase("Microsoft.Network/virtualNetworks");
    }

    private static void walk(String path, JsonElement e, Map<String, String> out, boolean vnet) {
        if (e.isJsonObject()) {
            JsonObject o = e.getAsJsonObject();
            if (o.size() == 0) {
                out.put(path, "{}");
            }
            for (String k : o.keySet()) {
                if (ARM_MAINTAINED.contains(k)
                        || k.equals("locations") && path.contains("serviceEndpoints")
                        // an NSG's, SEP's or route table's subnets are ARM's back-references
                        || k.equals("subnets") && path.equals("properties") && !vnet) {
                    continue;
                }
                walk(path.isEmpty() ? k : path + "." + k, o.get(k), out, vnet);
            }
        } else if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            if (a.size() == 0) {
                out.put(path, "[]");
            }
            for (int i = 0; i < a.size(); i++) {
                JsonElement item = a.get(i);
                walk(path + key(item, i), item, out, vnet);
            }
        } else {
            out.put(path, e.isJsonNull() ? "null" : e.getAsJsonPrimitive().isString() ? idCase(e.getAsString()) : e.toString());
        }
    }

    private static String key(JsonElement item, int index) {
        if (item.isJsonObject()) {
            JsonObject o = item.getAsJsonObject();
            for (String k : new String[] {"name", "service", "id"}) {
                if (o.has(k) && o.get(k).isJsonPrimitive()) {
                    return "[" + k + "=" + o.get(k).getAsString().toLowerCase(java.util.Locale.ROOT) + "]";
                }
            }
        }
        if (item.isJsonPrimitive() && item.getAsJsonPrimitive().isString()) {
            return "[=" + idCase(item.getAsString()) + "]";
        }
        return "[" + index + "]";
    }

    private static String idCase(String s) {
        return s.regionMatches(true, 0, "/subscriptions/", 0, 15) ? s.toLowerCase(java.util.Locale.ROOT) : s;
    }

    /** Paths whose value differs between the two views (present in one only, or changed). */
    static Set<String> changed(Map<String, String> before, Map<String, String> after) {
        Set<String> out = new java.util.TreeSet<>();
        before.forEach((k, v) -> {
            if (!v.equals(after.get(k))) {
                out.add(k);
            }
        });
        after.keySet().stream().filter(k -> !before.containsKey(k)).forEach(out::add);
        return out;
    }
}
