package com.dlpguard.redteam;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The insider's hands: Network Contributor on the protected resource groups, editing through ARM
 * (the emulator's PUT semantics and validation, as the portal, the CLI or Terraform would), plus
 * the Event Grid events ARM raises for those edits. Everything a scenario builds is named here
 * once, so scenarios read as the attack they try.
 */
final class Insider {
    static final String SUB = "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String OTHER_SUB = "8e7d6c5b-4a39-4281-9f0e-1d2c3b4a5968";
    static final String NET = "/subscriptions/" + SUB + "/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    /** A resource group the insider owns and the guard's identity cannot read. */
    static final String ATTACKER_NET = "/subscriptions/" + SUB + "/resourceGroups/attacker-rg/providers/Microsoft.Network";
    static final String OTHER_SUB_NET = "/subscriptions/" + OTHER_SUB + "/resourceGroups/shadow-rg/providers/Microsoft.Network";

    static final ResourceId VNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = VNET.child("subnets", "compute");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId STORAGE_DEF = SEP.child("serviceEndpointPolicyDefinitions", "storage-allow");
    static final ResourceId ALIAS_DEF = SEP.child("serviceEndpointPolicyDefinitions", "ml-alias");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId DENY_INTERNET = NSG.child("securityRules", "deny-internet-outbound");
    static final ResourceId ROUTE_TABLE = ResourceId.parse(NET + "/routeTables/compute-rt");

    static final String DEFAULT_ACCOUNT = "/subscriptions/" + SUB
            + "/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore";
    static final String ROGUE_ACCOUNT = "/subscriptions/" + SUB
            + "/resourceGroups/personal-rg/providers/Microsoft.Storage/storageAccounts/mallorypersonal";
    /** Looks like a Batch "cloud service" resource: the platform-managed naming the guard used to skip. */
    static final String BATCH_LIKE = "0b6d7c1e-3f2a-4c5b-9e8d-7a6f5e4d3c2b-azurebatch-cloudservice";
    /** Microsoft Azure CLI's first-party app id: what an interactive `az` user's events carry. */
    static final String AZ_CLI_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

    static final String MODE_SWITCH_APPLIANCE = "10.20.5.4";

    /** Who made a change, as Event Grid's claims show it. */
    record Actor(Optional<String> upn, String appId, String objectId, String ip) {
        static final Actor MALLORY = new Actor(Optional.of("mallory@contoso.com"), AZ_CLI_APP,
                "5d4c3b2a-1908-4f7e-a6d5-c4b3a2918070", "203.0.113.77");
        /** The insider's own automation service principal: a second identity in the same fight. */
        static final Actor MALLORY_AUTOMATION = new Actor(Optional.empty(), "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
                "1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9", "198.51.100.23");
        /** The guard's user-assigned identity, attached by the insider to compute they control. */
        static final Actor GUARD = new Actor(Optional.empty(), GuardUnderTest.GUARD_APP_ID,
                GuardUnderTest.GUARD_OBJECT_ID, "198.51.100.99");
    }

    private static final JsonObject TEMPLATE;

    static {
        try {
            TEMPLATE = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")))
                    .getAsJsonArray().get(0).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final AtomicLong EVENT_IDS = new AtomicLong();

    final ArmEmulator arm;

    Insider(ArmEmulator arm) {
        this.arm = arm;
    }

    // ---- reading the world -------------------------------------------------------------------

    JsonObject get(ResourceId id) {
        return arm.resource(id.toString()).orElseThrow(() -> new AssertionError("no such resource in the world: " + id));
    }

    boolean exists(ResourceId id) {
        return arm.resource(id.toString()).isPresent();
    }

    static JsonObject props(JsonObject resource) {
        return resource.getAsJsonObject("properties");
    }

    static JsonArray array(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonArray() ? o.getAsJsonArray(key) : new JsonArray();
    }

    /** The ids in a subnet reference list ({@code serviceEndpointPolicies}), as written. */
    List<String> subnetRefs(String key) {
        List<String> out = new ArrayList<>();
        for (JsonElement e : array(props(get(SUBNET)), key)) {
            out.add(e.getAsJsonObject().get("id").getAsString());
        }
        return out;
    }

    Optional<String> subnetRef(String key) {
        JsonObject p = props(get(SUBNET));
        return p.has(key) && p.get(key).isJsonObject()
                ? Optional.of(p.getAsJsonObject(key).get("id").getAsString()) : Optional.empty();
    }

    /** Every Microsoft.Storage entry of a SEP, any definition, any casing of the service. */
    List<String> storageEntries(ResourceId sep) {
        List<String> out = new ArrayList<>();
        for (JsonElement d : array(props(get(sep)), "serviceEndpointPolicyDefinitions")) {
            JsonObject p = props(d.getAsJsonObject());
            if (p.get("service").getAsString().equalsIgnoreCase("Microsoft.Storage")) {
                array(p, "serviceResources").forEach(r -> out.add(r.getAsString()));
            }
        }
        return out;
    }

    List<String> definitionNames(ResourceId sep) {
        List<String> out = new ArrayList<>();
        array(props(get(sep)), "serviceEndpointPolicyDefinitions").forEach(d -> out.add(d.getAsJsonObject().get("name").getAsString()));
        return out;
    }

    List<String> ruleNames(ResourceId nsg) {
        List<String> out = new ArrayList<>();
        array(props(get(nsg)), "securityRules").forEach(d -> out.add(d.getAsJsonObject().get("name").getAsString()));
        return out;
    }

    List<String> routeNames(ResourceId routeTable) {
        List<String> out = new ArrayList<>();
        array(props(get(routeTable)), "routes").forEach(d -> out.add(d.getAsJsonObject().get("name").getAsString()));
        return out;
    }

    // ---- the insider's edits (ARM PUT semantics: validated, new family etag) ---------------

    void put(JsonObject resource) {
        arm.put(resource.get("id").getAsString(), resource);
    }

    void editSubnet(Consumer<JsonObject> change) {
        JsonObject subnet = get(SUBNET);
        change.accept(props(subnet));
        put(subnet);
    }

    void edit(ResourceId id, Consumer<JsonObject> change) {
        JsonObject r = get(id);
        change.accept(props(r));
        put(r);
    }

    void attachSep(String sepId) {
        editSubnet(p -> {
            JsonArray policies = array(p, "serviceEndpointPolicies");
            policies.add(ref(sepId));
            p.add("serviceEndpointPolicies", policies);
        });
    }

    void addStorageEntry(String entry) {
        edit(STORAGE_DEF, p -> p.getAsJsonArray("serviceResources").add(entry));
    }

    /** Creates the route table (if needed) with {@code routes} and attaches it to the protected subnet. */
    void routeSubnetThrough(ResourceId table, JsonObject... routes) {
        JsonObject rt = exists(table) ? get(table) : routeTable(table);
        JsonArray list = array(props(rt), "routes");
        for (JsonObject r : routes) {
            list.add(r);
        }
        props(rt).add("routes", list);
        put(rt);
        editSubnet(p -> p.add("routeTable", ref(table.toString())));
    }

    // ---- documents ---------------------------------------------------------------------------

    static JsonObject ref(String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        return o;
    }

    static JsonObject sep(ResourceId id, JsonObject... definitions) {
        JsonObject sep = new JsonObject();
        sep.addProperty("id", id.toString());
        sep.addProperty("name", id.name());
        sep.addProperty("type", "Microsoft.Network/serviceEndpointPolicies");
        sep.addProperty("location", "westeurope");
        JsonObject p = new JsonObject();
        JsonArray defs = new JsonArray();
        for (JsonObject d : definitions) {
            defs.add(d);
        }
        p.add("serviceEndpointPolicyDefinitions", defs);
        sep.add("properties", p);
        return sep;
    }

    static JsonObject definition(ResourceId sep, String name, String service, String... entries) {
        ResourceId id = sep.child("serviceEndpointPolicyDefinitions", name);
        JsonObject d = new JsonObject();
        d.addProperty("id", id.toString());
        d.addProperty("name", name);
        d.addProperty("type", "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions");
        JsonObject p = new JsonObject();
        p.addProperty("service", service);
        JsonArray list = new JsonArray();
        for (String e : entries) {
            list.add(e);
        }
        p.add("serviceResources", list);
        d.add("properties", p);
        return d;
    }

    static JsonObject securityRule(ResourceId nsg, String name, String direction, int priority, String access,
                                   String source, String destination, String port) {
        ResourceId id = nsg.child("securityRules", name);
        JsonObject p = new JsonObject();
        p.addProperty("protocol", "Tcp");
        p.addProperty("sourcePortRange", "*");
        p.addProperty("destinationPortRange", port);
        p.addProperty("sourceAddressPrefix", source);
        p.addProperty("destinationAddressPrefix", destination);
        p.addProperty("access", access);
        p.addProperty("priority", priority);
        p.addProperty("direction", direction);
        JsonObject rule = new JsonObject();
        rule.addProperty("id", id.toString());
        rule.addProperty("name", name);
        rule.addProperty("type", "Microsoft.Network/networkSecurityGroups/securityRules");
        rule.add("properties", p);
        return rule;
    }

    static JsonObject nsg(ResourceId id, JsonObject... rules) {
        JsonObject nsg = new JsonObject();
        nsg.addProperty("id", id.toString());
        nsg.addProperty("name", id.name());
        nsg.addProperty("type", "Microsoft.Network/networkSecurityGroups");
        nsg.addProperty("location", "westeurope");
        JsonObject p = new JsonObject();
        JsonArray list = new JsonArray();
        for (JsonObject r : rules) {
            list.add(r);
        }
        p.add("securityRules", list);
        nsg.add("properties", p);
        return nsg;
    }

    static JsonObject routeTable(ResourceId id) {
        JsonObject rt = new JsonObject();
        rt.addProperty("id", id.toString());
        rt.addProperty("name", id.name());
        rt.addProperty("type", "Microsoft.Network/routeTables");
        rt.addProperty("location", "westeurope");
        JsonObject p = new JsonObject();
        p.add("routes", new JsonArray());
        p.addProperty("disableBgpRoutePropagation", false);
        rt.add("properties", p);
        return rt;
    }

    static JsonObject route(ResourceId table, String name, String prefix, String nextHopType, Optional<String> nextHopIp) {
        ResourceId id = table.child("routes", name);
        JsonObject p = new JsonObject();
        p.addProperty("addressPrefix", prefix);
        p.addProperty("nextHopType", nextHopType);
        nextHopIp.ifPresent(ip -> p.addProperty("nextHopIpAddress", ip));
        JsonObject r = new JsonObject();
        r.addProperty("id", id.toString());
        r.addProperty("name", name);
        r.addProperty("type", "Microsoft.Network/routeTables/routes");
        r.add("properties", p);
        return r;
    }

    static JsonObject toAppliance(ResourceId table, String name, String prefix) {
        return route(table, name, prefix, "VirtualAppliance", Optional.of(MODE_SWITCH_APPLIANCE));
    }

    // ---- events ------------------------------------------------------------------------------

    /**
     * The Event Grid event ARM raises for {@code operation} on {@code subject} by {@code actor}
     * (the subscription system topic's schema, from the shared fixtures).
     */
    static JsonObject event(String subject, String operation, Actor actor, Instant when) {
        boolean delete = operation.endsWith("/delete");
        JsonObject e = TEMPLATE.deepCopy();
        e.addProperty("id", "redteam-" + EVENT_IDS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()));
        e.addProperty("subject", subject);
        e.addProperty("eventType", delete ? "Microsoft.Resources.ResourceDeleteSuccess" : "Microsoft.Resources.ResourceWriteSuccess");
        e.addProperty("eventTime", when.toString());
        JsonObject data = e.getAsJsonObject("data");
        data.addProperty("operationName", operation);
        data.addProperty("resourceUri", subject);
        data.addProperty("correlationId", "corr-" + EVENT_IDS.get());
        data.getAsJsonObject("httpRequest").addProperty("method", delete ? "DELETE" : "PUT");
        data.getAsJsonObject("httpRequest").addProperty("clientIpAddress", actor.ip());
        data.getAsJsonObject("httpRequest").addProperty("url", "https://management.azure.com" + subject + "?api-version=2025-03-01");
        JsonObject claims = data.getAsJsonObject("claims");
        claims.addProperty("appid", actor.appId());
        claims.addProperty("ipaddr", actor.ip());
        claims.addProperty("http://schemas.microsoft.com/identity/claims/objectidentifier", actor.objectId());
        String upnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
        if (actor.upn().isPresent()) {
            claims.addProperty(upnClaim, actor.upn().get());
        } else {
            claims.remove(upnClaim);
            claims.remove("name");
        }
        JsonObject authorization = data.getAsJsonObject("authorization");
        authorization.addProperty("action", operation);
        authorization.addProperty("scope", subject);
        authorization.getAsJsonObject("evidence").addProperty("principalId", actor.objectId().replace("-", ""));
        authorization.getAsJsonObject("evidence").addProperty("principalType", actor.upn().isPresent() ? "User" : "ServicePrincipal");
        return e;
    }

    /** The write operation name ARM reports for a resource of {@code id}'s type. */
    static String writeOf(ResourceId id) {
        return id.type() + "/write";
    }

    static String deleteOf(ResourceId id) {
        return id.type() + "/delete";
    }
}
