package com.dlpguard.whatif;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.VirtualNetwork;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An {@link Estate} as ARM documents, one per resource: parents without their inline children,
 * every child (subnet, security rule, SEP definition, route) as its own document with its id.
 * Fed back through {@link com.dlpguard.snapshot.EstateBuilder} they give the same estate (the
 * builder treats inline and standalone children alike), and in this form a change to one
 * resource is a change to one document: replacing a parent drops its children, deleting a child
 * drops only it. The merge itself stays in the builder.
 */
final class EstateDocuments {

    private EstateDocuments() {
    }

    static Map<ResourceId, JsonObject> of(Estate estate) {
        Map<ResourceId, JsonObject> out = new LinkedHashMap<>();
        for (VirtualNetwork v : estate.virtualNetworks().values()) {
            out.put(v.id(), stripped(v.json(), v.id(), "subnets"));
        }
        estate.subnets().values().forEach(s -> out.put(s.id(), withId(s.json(), s.id())));
        for (NetworkSecurityGroup n : estate.networkSecurityGroups().values()) {
            out.put(n.id(), stripped(n.json(), n.id(), "securityRules", "defaultSecurityRules"));
            n.securityRules().forEach(r -> out.put(r.id(), withId(r.json(), r.id())));
            n.defaultSecurityRules().forEach(r -> out.put(r.id(), withId(r.json(), r.id())));
        }
        for (ServiceEndpointPolicy p : estate.serviceEndpointPolicies().values()) {
            out.put(p.id(), stripped(p.json(), p.id(), "serviceEndpointPolicyDefinitions"));
            p.definitions().forEach(d -> out.put(d.id(), withId(d.json(), d.id())));
        }
        for (RouteTable t : estate.routeTables().values()) {
            out.put(t.id(), stripped(t.json(), t.id(), "routes"));
            t.routes().forEach(r -> out.put(r.id(), withId(r.json(), r.id())));
        }
        estate.workspaces().values().forEach(w -> out.put(w.id(), withId(w.json(), w.id())));
        estate.environmentVersions().values().forEach(e -> out.put(e.id(), withId(e.json(), e.id())));
        return out;
    }

    private static JsonObject stripped(String json, ResourceId id, String... childKeys) {
        JsonObject doc = withId(json, id);
        JsonElement props = doc.get("properties");
        if (props != null && props.isJsonObject()) {
            for (String key : childKeys) {
                props.getAsJsonObject().remove(key);
            }
        }
        return doc;
    }

    /**
     * The record's JSON with its id: an inline child often has none (its position gave it one), and
     * the REST spec's SEP example even lists definitions under another policy's id.
     */
    private static JsonObject withId(String json, ResourceId id) {
        JsonElement parsed;
        try {
            parsed = StrictJson.parse(json);
        } catch (JsonInputException e) {
            // The model only ever holds JSON the builder parsed: anything else is a bug here.
            throw new IllegalStateException("model JSON of " + id + " does not parse: " + e.getMessage());
        }
        JsonObject doc = parsed.getAsJsonObject();
        doc.addProperty("id", id.toString());
        return doc;
    }
}
