package com.dlpguard.arm.azure;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonSerializable;
import com.azure.json.JsonWriter;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.RouteInner;
import com.azure.resourcemanager.network.fluent.models.RouteTableInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.ServiceEndpointPolicyDefinitionInner;
import com.azure.resourcemanager.network.fluent.models.ServiceEndpointPolicyInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.fluent.models.VirtualNetworkInner;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * The one conversion of live reads: Azure SDK inner models to ARM resource JSON, which
 * {@code snapshot.EstateBuilder} then maps to the model exactly as it maps a snapshot file.
 *
 * <p>{@code toJson} writes what a PUT would send, so it drops read-only members. Those the rules and
 * the planner read are put back from the inner model: etags (top level and inline children, the
 * plan's If-Match), an NSG's default rules (the effective NSG evaluation) and the subnets an NSG,
 * SEP or route table serves (DLP005 follows them). Other read-only members (provisioning state,
 * resource GUIDs) are not needed and ARM ignores them in a PUT body anyway.
 */
final class InnerJson {
    private InnerJson() {
    }

    static JsonObject subnet(SubnetInner subnet) {
        return withEtag(json(subnet), subnet.etag());
    }

    static JsonObject virtualNetwork(VirtualNetworkInner vnet) {
        JsonObject json = withEtag(json(vnet), vnet.etag());
        restoreChildEtags(json, "subnets", vnet.subnets(), SubnetInner::etag);
        return json;
    }

    static JsonObject networkSecurityGroup(NetworkSecurityGroupInner nsg) {
        JsonObject json = withEtag(json(nsg), nsg.etag());
        restoreChildEtags(json, "securityRules", nsg.securityRules(), SecurityRuleInner::etag);
        if (nsg.defaultSecurityRules() != null) {
            JsonArray defaults = new JsonArray();
            for (SecurityRuleInner rule : nsg.defaultSecurityRules()) {
                defaults.add(withEtag(json(rule), rule.etag()));
            }
            properties(json).add("defaultSecurityRules", defaults);
        }
        restoreSubnetReferences(json, nsg.subnets());
        return json;
    }

    static JsonObject serviceEndpointPolicy(ServiceEndpointPolicyInner policy) {
        JsonObject json = withEtag(json(policy), policy.etag());
        restoreChildEtags(json, "serviceEndpointPolicyDefinitions", policy.serviceEndpointPolicyDefinitions(),
                ServiceEndpointPolicyDefinitionInner::etag);
        restoreSubnetReferences(json, policy.subnets());
        return json;
    }

    static JsonObject routeTable(RouteTableInner table) {
        JsonObject json = withEtag(json(table), table.etag());
        restoreChildEtags(json, "routes", table.routes(), RouteInner::etag);
        restoreSubnetReferences(json, table.subnets());
        return json;
    }

    /**
     * ML workspaces and environment versions: generic resources keep every property as ARM sent it,
     * but {@code toJson} drops the read-only id, name and type, which are put back.
     */
    static JsonObject generic(GenericResourceInner resource) {
        JsonObject json = json(resource);
        JsonObject out = new JsonObject();
        if (resource.id() != null) {
            out.addProperty("id", resource.id());
        }
        if (resource.name() != null) {
            out.addProperty("name", resource.name());
        }
        if (resource.type() != null) {
            out.addProperty("type", resource.type());
        }
        json.entrySet().forEach(e -> out.add(e.getKey(), e.getValue()));
        return out;
    }

    /** A planned request body as the inner model the SDK sends (it re-serializes it with {@code toJson}). */
    static <T> T parse(String body, ReadingFunction<T> fromJson) {
        try (JsonReader reader = JsonProviders.createReader(body)) {
            return fromJson.read(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("the planned body is not a valid resource: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    interface ReadingFunction<T> {
        T read(JsonReader reader) throws IOException;
    }

    static JsonObject json(JsonSerializable<?> inner) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = JsonProviders.createWriter(out)) {
            inner.toJson(writer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            JsonElement parsed = StrictJson.parse(out.toString());
            return parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("the Azure SDK wrote invalid JSON at " + e.getMessage(), e);
        }
    }

    private static JsonObject withEtag(JsonObject json, String etag) {
        if (etag != null) {
            json.addProperty("etag", etag);
        }
        return json;
    }

    private static JsonObject properties(JsonObject json) {
        if (!json.has("properties") || !json.get("properties").isJsonObject()) {
            json.add("properties", new JsonObject());
        }
        return json.getAsJsonObject("properties");
    }

    /** toJson writes an inline list in list order, so the i-th JSON element is the i-th inner child. */
    private static <C> void restoreChildEtags(JsonObject json, String collection, List<C> children, Function<C, String> etag) {
        JsonElement array = properties(json).get(collection);
        if (children == null || array == null || !array.isJsonArray() || array.getAsJsonArray().size() != children.size()) {
            return;
        }
        for (int i = 0; i < children.size(); i++) {
            JsonElement element = array.getAsJsonArray().get(i);
            if (element.isJsonObject()) {
                withEtag(element.getAsJsonObject(), etag.apply(children.get(i)));
            }
        }
    }

    private static void restoreSubnetReferences(JsonObject json, List<SubnetInner> subnets) {
        if (subnets == null) {
            return;
        }
        JsonArray references = new JsonArray();
        for (SubnetInner subnet : subnets) {
            if (subnet.id() != null) {
                JsonObject reference = new JsonObject();
                reference.addProperty("id", subnet.id());
                references.add(reference);
            }
        }
        properties(json).add("subnets", references);
    }
}
