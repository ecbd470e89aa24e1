package com.dlpguard.plan;

import com.dlpguard.json.Json;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.ServiceEndpoint;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.model.Subnet;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds model records from the ARM JSON under {@code src/test/resources/plan/} (one GET body per
 * file), so planner tests start from realistic resources without depending on the snapshot reader.
 */
final class TestEstates {

    static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Network";
    static final ResourceId VNET = ResourceId.parse(SUB + "/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = VNET.child("subnets", "compute");
    static final ResourceId NSG = ResourceId.parse(SUB + "/networkSecurityGroups/compute-nsg");
    static final ResourceId SEP = ResourceId.parse(SUB + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId ROGUE_SEP = ResourceId.parse(SUB + "/serviceEndpointPolicies/rogue-sep");
    static final ResourceId ROUTE_TABLE = ResourceId.parse(SUB + "/routeTables/compute-rt");
    static final ResourceId MANAGED_NSG = ResourceId.parse(SUB
            + "/networkSecurityGroups/5f3a9c1e-8b2d-4f6a-9e0c-7d1b3a5c9e2f-azurebatch-cloudservicenetworksecuritygroup");
    static final ResourceId DEFAULT_STORAGE = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
            + "/providers/Microsoft.Storage/storageAccounts/contosomlstore");

    private TestEstates() {
    }

    /** The standard estate: subnet, its NSG, the configured SEP, the route table, an AML-managed NSG. */
    static Estate standard() {
        return of(read("subnet-compute.json"), read("nsg-compute.json"), read("sep-aml-dlp.json"),
                read("routetable-compute.json"), read("nsg-aml-managed.json"));
    }

    static JsonObject read(String name) {
        try (InputStream in = TestEstates.class.getResourceAsStream("/plan/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /plan/" + name);
            }
            return StrictJson.parse(in.readAllBytes()).getAsJsonObject();
        } catch (IOException | com.dlpguard.json.JsonInputException e) {
            throw new IllegalStateException(e);
        }
    }

    static Estate of(JsonObject... resources) {
        List<Subnet> subnets = new ArrayList<>();
        List<NetworkSecurityGroup> nsgs = new ArrayList<>();
        List<ServiceEndpointPolicy> seps = new ArrayList<>();
        List<RouteTable> tables = new ArrayList<>();
        for (JsonObject r : resources) {
            ResourceId id = ResourceId.parse(Json.string(r, "id").orElseThrow());
            if (id.isOfType("microsoft.network/virtualnetworks/subnets")) {
                subnets.add(subnet(r));
            } else if (id.isOfType("microsoft.network/networksecuritygroups")) {
                nsgs.add(nsg(r));
            } else if (id.isOfType("microsoft.network/serviceendpointpolicies")) {
                seps.add(sep(r));
            } else if (id.isOfType("microsoft.network/routetables")) {
                tables.add(routeTable(r));
            } else {
                throw new IllegalArgumentException("unsupported test resource " + id);
            }
        }
        return Estate.of(List.of(), subnets, nsgs, seps, tables, List.of(), List.of(), Map.of());
    }

    static Subnet subnet(JsonObject r) {
        JsonObject p = props(r);
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        for (JsonElement e : array(p, "serviceEndpoints")) {
            endpoints.add(new ServiceEndpoint(Json.string(e.getAsJsonObject(), "service").orElseThrow(),
                    strings(e.getAsJsonObject(), "locations")));
        }
        List<ResourceId> policies = new ArrayList<>();
        for (JsonElement e : array(p, "serviceEndpointPolicies")) {
            policies.add(ResourceId.parse(Json.string(e.getAsJsonObject(), "id").orElseThrow()));
        }
        return new Subnet(id(r), Json.string(r, "etag"), endpoints, policies, ref(p, "networkSecurityGroup"),
                ref(p, "routeTable"), Json.COMPACT.toJson(r));
    }

    static NetworkSecurityGroup nsg(JsonObject r) {
        JsonObject p = props(r);
        List<SecurityRule> custom = new ArrayList<>();
        array(p, "securityRules").forEach(e -> custom.add(rule(e.getAsJsonObject(), false)));
        List<SecurityRule> defaults = new ArrayList<>();
        array(p, "defaultSecurityRules").forEach(e -> defaults.add(rule(e.getAsJsonObject(), true)));
        Map<String, String> tags = new LinkedHashMap<>();
        Json.object(r, "tags").ifPresent(t -> t.entrySet().forEach(en -> tags.put(en.getKey(), en.getValue().getAsString())));
        return new NetworkSecurityGroup(id(r), Json.string(r, "location").orElse("westeurope"), Json.string(r, "etag"),
                custom, defaults, List.of(), tags, Json.COMPACT.toJson(r));
    }

    static SecurityRule rule(JsonObject r, boolean isDefault) {
        JsonObject p = props(r);
        return new SecurityRule(id(r), Json.string(r, "name").orElseThrow(), Json.string(r, "etag"),
                p.get("priority").getAsInt(), SecurityRule.Direction.parse(Json.string(p, "direction").orElseThrow()),
                SecurityRule.Access.parse(Json.string(p, "access").orElseThrow()), Json.string(p, "protocol").orElseThrow(),
                both(p, "sourceAddressPrefix"), List.of(), both(p, "sourcePortRange"),
                both(p, "destinationAddressPrefix"), List.of(), both(p, "destinationPortRange"),
                Json.string(p, "description"), isDefault, Json.COMPACT.toJson(r));
    }

    static ServiceEndpointPolicy sep(JsonObject r) {
        JsonObject p = props(r);
        List<ServiceEndpointPolicyDefinition> definitions = new ArrayList<>();
        for (JsonElement e : array(p, "serviceEndpointPolicyDefinitions")) {
            JsonObject d = e.getAsJsonObject();
            JsonObject dp = props(d);
            definitions.add(new ServiceEndpointPolicyDefinition(id(d), Json.string(d, "name").orElseThrow(),
                    Json.string(d, "etag"), Json.string(dp, "service").orElseThrow(), strings(dp, "serviceResources"),
                    Json.string(dp, "description"), Json.COMPACT.toJson(d)));
        }
        return new ServiceEndpointPolicy(id(r), Json.string(r, "location").orElse("westeurope"), Json.string(r, "etag"),
                definitions, List.of(), Map.of(), Json.COMPACT.toJson(r));
    }

    static RouteTable routeTable(JsonObject r) {
        List<Route> routes = new ArrayList<>();
        for (JsonElement e : array(props(r), "routes")) {
            JsonObject o = e.getAsJsonObject();
            JsonObject p = props(o);
            routes.add(new Route(id(o), Json.string(o, "name").orElseThrow(), Json.string(o, "etag"),
                    Json.string(p, "addressPrefix").orElseThrow(), Json.string(p, "nextHopType").orElseThrow(),
                    Json.string(p, "nextHopIpAddress"), Json.COMPACT.toJson(o)));
        }
        return new RouteTable(id(r), Json.string(r, "location").orElse("westeurope"), Json.string(r, "etag"), routes,
                Json.COMPACT.toJson(r));
    }

    private static ResourceId id(JsonObject r) {
        return ResourceId.parse(Json.string(r, "id").orElseThrow());
    }

    private static JsonObject props(JsonObject r) {
        return Json.object(r, "properties").orElseGet(JsonObject::new);
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }

    private static List<String> strings(JsonObject o, String key) {
        List<String> out = new ArrayList<>();
        array(o, key).forEach(e -> out.add(e.getAsString()));
        return out;
    }

    private static List<String> both(JsonObject p, String singular) {
        List<String> out = new ArrayList<>();
        Json.string(p, singular).ifPresent(out::add);
        out.addAll(strings(p, singular + "es").isEmpty() ? strings(p, singular + "s") : strings(p, singular + "es"));
        return out;
    }

    private static Optional<ResourceId> ref(JsonObject p, String key) {
        return Json.object(p, key).flatMap(o -> Json.string(o, "id")).map(ResourceId::parse);
    }
}
