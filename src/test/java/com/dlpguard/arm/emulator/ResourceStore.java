package com.dlpguard.arm.emulator;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The emulator's state: every resource stored once under its own id, its inline children
 * (subnets, security rules, SEP definitions, routes) stored as resources of their own and
 * composed back into the parent on every read, so a child written on its own and the parent's
 * inline copy can never disagree.
 *
 * <p>Etags belong to a family (a top-level resource and all its children), as Microsoft.Network
 * shows them: any write in the family gives every member a new etag. Only Microsoft.Network
 * resources carry an etag. A PUT replaces: a parent PUT without an inline collection drops those
 * children (what the real RP does to an NSG PUT without {@code securityRules}); read-only
 * properties ({@code subnets} back-references, default rules, provisioning state) are kept by the
 * emulator, not taken from the body.
 */
final class ResourceStore {

    private static final Map<String, List<String>> INLINE_COLLECTIONS = Map.of(
            "microsoft.network/virtualnetworks", List.of("subnets"),
            "microsoft.network/networksecuritygroups", List.of("securityRules", "defaultSecurityRules"),
            "microsoft.network/serviceendpointpolicies", List.of("serviceEndpointPolicyDefinitions"),
            "microsoft.network/routetables", List.of("routes"));

    static final Set<String> KNOWN_TYPES = Set.of(
            "microsoft.network/virtualnetworks",
            "microsoft.network/virtualnetworks/subnets",
            "microsoft.network/networksecuritygroups",
            "microsoft.network/networksecuritygroups/securityrules",
            "microsoft.network/networksecuritygroups/defaultsecurityrules",
            "microsoft.network/serviceendpointpolicies",
            "microsoft.network/serviceendpointpolicies/serviceendpointpolicydefinitions",
            "microsoft.network/routetables",
            "microsoft.network/routetables/routes",
            "microsoft.machinelearningservices/workspaces",
            "microsoft.machinelearningservices/workspaces/environments",
            "microsoft.machinelearningservices/workspaces/environments/versions",
            // The guard's self-check reads its Event Grid delivery (not Microsoft.Network: no etag, no LRO).
            "microsoft.eventgrid/systemtopics",
            "microsoft.eventgrid/systemtopics/eventsubscriptions");

    private static final String SUBNET = "microsoft.network/virtualnetworks/subnets";
    private static final String NSG = "microsoft.network/networksecuritygroups";
    private static final String SECURITY_RULE = "microsoft.network/networksecuritygroups/securityrules";
    private static final String DEFAULT_RULE = "microsoft.network/networksecuritygroups/defaultsecurityrules";
    private static final String SEP = "microsoft.network/serviceendpointpolicies";
    private static final String ENV_VERSION = "microsoft.machinelearningservices/workspaces/environments/versions";
    private static final Set<String> HOLDS_SUBNET_BACK_REFERENCES = Set.of(NSG, SEP, "microsoft.network/routetables");

    private record Node(ResourceId id, JsonObject own) {
    }

    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, Set<String>> children = new HashMap<>();
    private final Map<String, String> familyEtags = new HashMap<>();

    static String typeKey(ResourceId id) {
        return id.type().toLowerCase(Locale.ROOT);
    }

    static boolean isKnownType(ResourceId id) {
        return id.isProviderResource() && KNOWN_TYPES.contains(typeKey(id));
    }

    static boolean isNetwork(ResourceId id) {
        return typeKey(id).startsWith("microsoft.network/");
    }

    static boolean isReadOnlyType(ResourceId id) {
        return typeKey(id).equals(DEFAULT_RULE);
    }

    /** The top-level resource whose etag {@code id} shares. */
    static ResourceId family(ResourceId id) {
        ResourceId current = id;
        while (current.parent().map(ResourceId::isProviderResource).orElse(false)) {
            current = current.parent().orElseThrow();
        }
        return current;
    }

    static String newEtag() {
        return "W/\"" + UUID.randomUUID() + "\"";
    }

    // ---- seeding ---------------------------------------------------------------------------

    /** Adds a document as read from a snapshot; false when its type is not one the emulator serves. */
    synchronized boolean seed(JsonObject doc) {
        ResourceId id = idOf(doc, Optional.empty());
        if (!isKnownType(id)) {
            return false;
        }
        Optional<String> seedEtag = string(doc, "etag");
        store(id, doc, false, false);
        String family = family(id).key();
        if (isNetwork(id) && (!familyEtags.containsKey(family) || id.key().equals(family) && seedEtag.isPresent())) {
            familyEtags.put(family, seedEtag.orElseGet(ResourceStore::newEtag));
        }
        if (typeKey(id).equals(ENV_VERSION)) {
            ResourceId container = id.parent().orElseThrow();
            if (!nodes.containsKey(container.key())) {
                JsonObject synthetic = new JsonObject();
                synthetic.addProperty("id", container.toString());
                synthetic.add("properties", new JsonObject());
                store(container, synthetic, false, false);
            }
        }
        return true;
    }

    // ---- reads -----------------------------------------------------------------------------

    synchronized boolean exists(ResourceId id) {
        return nodes.containsKey(id.key());
    }

    synchronized Optional<JsonObject> view(ResourceId id) {
        Node node = nodes.get(id.key());
        return node == null ? Optional.empty() : Optional.of(compose(node));
    }

    /** The etag a conditional request is compared with; empty when the resource does not exist or has none. */
    synchronized Optional<String> etag(ResourceId id) {
        if (!nodes.containsKey(id.key()) || !isNetwork(id)) {
            return Optional.empty();
        }
        return Optional.ofNullable(familyEtags.get(family(id).key()));
    }

    /** Top-level resources of {@code fullType} in a subscription, or one of its resource groups. */
    synchronized List<JsonObject> listTopLevel(String subscriptionId, Optional<String> resourceGroup, String fullType) {
        List<JsonObject> out = new ArrayList<>();
        for (Node node : nodes.values()) {
            ResourceId id = node.id();
            boolean topLevel = !id.parent().orElseThrow().isProviderResource();
            if (topLevel && id.isOfType(fullType) && id.subscriptionId().equalsIgnoreCase(subscriptionId)
                    && resourceGroup.map(g -> g.equalsIgnoreCase(id.resourceGroup().orElse(""))).orElse(true)) {
                out.add(compose(node));
            }
        }
        return out;
    }

    /** Children of {@code parent} whose type segment is {@code childType} (e.g. {@code subnets}). */
    synchronized List<JsonObject> listChildren(ResourceId parent, String childType) {
        List<JsonObject> out = new ArrayList<>();
        for (String key : children.getOrDefault(parent.key(), Set.of())) {
            Node child = nodes.get(key);
            if (lastTypeSegment(child.id()).equalsIgnoreCase(childType)) {
                out.add(compose(child));
            }
        }
        return out;
    }

    /** The location of the resource's family root, for operation URLs. */
    synchronized String location(ResourceId id) {
        Node root = nodes.get(family(id).key());
        return root == null ? "westeurope" : string(root.own(), "location").orElse("westeurope");
    }

    // ---- writes ----------------------------------------------------------------------------

    /** Validates and stores a PUT body; true when the resource was created. Throws {@link ArmError} on a bad body. */
    synchronized boolean put(ResourceId id, JsonObject body) {
        if (isReadOnlyType(id)) {
            throw new ArmError(405, "MethodNotAllowed", "Default security rules cannot be written.");
        }
        ResourceId parent = id.parent().orElseThrow();
        if (parent.isProviderResource() && !nodes.containsKey(parent.key())) {
            throw new ArmError(404, "ParentResourceNotFound", "Can not perform requested operation on nested resource. Parent resource '"
                    + parent.name() + "' not found.");
        }
        validate(id, body);
        boolean created = !nodes.containsKey(id.key());
        JsonObject incoming = body.deepCopy();
        Node old = nodes.get(id.key());
        keepReadOnlyProperties(id, old == null ? null : old.own(), incoming);
        store(id, incoming, true, true);
        if (typeKey(id).equals(NSG) && created) {
            addDefaultSecurityRules(id);
        }
        if (typeKey(id).equals(SUBNET)) {
            fillServiceEndpointLocations(id);
        }
        if (isNetwork(id)) {
            familyEtags.put(family(id).key(), newEtag());
        }
        return created;
    }

    /** Removes the resource and its children; false when it did not exist. */
    synchronized boolean delete(ResourceId id) {
        Node node = nodes.get(id.key());
        if (node == null) {
            return false;
        }
        if (isReadOnlyType(id)) {
            throw new ArmError(405, "MethodNotAllowed", "Default security rules cannot be deleted.");
        }
        remove(node.id(), true);
        String family = family(id).key();
        if (family.equals(id.key())) {
            familyEtags.remove(family);
        } else if (isNetwork(id)) {
            familyEtags.put(family, newEtag());
        }
        return true;
    }

    /**
     * Someone else's write: {@code mutation} edits the resource as a GET would show it (children
     * inline), the result is stored with PUT semantics and the family gets a new etag.
     */
    synchronized void edit(ResourceId id, Consumer<JsonObject> mutation) {
        Node node = nodes.get(id.key());
        if (node == null) {
            throw new IllegalArgumentException("no such resource in the emulator: " + id);
        }
        JsonObject view = compose(node);
        mutation.accept(view);
        store(id, view, true, true);
        if (isNetwork(id)) {
            familyEtags.put(family(id).key(), newEtag());
        }
    }

    synchronized int size() {
        return nodes.size();
    }

    /** Every top-level resource as a GET shows it (children inline), by id. */
    synchronized Map<String, JsonObject> topLevelViews() {
        Map<String, JsonObject> out = new LinkedHashMap<>();
        for (Node node : nodes.values()) {
            if (!node.id().parent().orElseThrow().isProviderResource()) {
                out.put(node.id().toString(), compose(node));
            }
        }
        return out;
    }

    // ---- internals -------------------------------------------------------------------------

    private void store(ResourceId id, JsonObject doc, boolean replaceCollections, boolean trackReferences) {
        JsonObject own = doc.deepCopy();
        own.remove("etag");
        if (!own.has("id")) {
            own.addProperty("id", id.toString());
        }
        if (!own.has("name")) {
            own.addProperty("name", id.name());
        }
        if (!own.has("type")) {
            own.addProperty("type", id.type());
        }
        if (!own.has("properties") || !own.get("properties").isJsonObject()) {
            own.add("properties", new JsonObject());
        }
        JsonObject properties = own.getAsJsonObject("properties");
        Node old = nodes.get(id.key());
        nodes.put(id.key(), new Node(old == null ? id : old.id(), own));
        id.parent().filter(ResourceId::isProviderResource)
                .ifPresent(p -> children.computeIfAbsent(p.key(), k -> new LinkedHashSet<>()).add(id.key()));

        for (String collection : INLINE_COLLECTIONS.getOrDefault(typeKey(id), List.of())) {
            JsonElement inline = properties.remove(collection);
            if (replaceCollections && collection.equals("defaultSecurityRules")) {
                continue; // read-only: ARM ignores them in a PUT body
            }
            if (replaceCollections) {
                for (String key : List.copyOf(children.getOrDefault(id.key(), Set.of()))) {
                    Node child = nodes.get(key);
                    if (lastTypeSegment(child.id()).equalsIgnoreCase(collection)) {
                        remove(child.id(), trackReferences);
                    }
                }
            }
            if (inline != null && inline.isJsonArray()) {
                for (JsonElement element : inline.getAsJsonArray()) {
                    if (!element.isJsonObject()) {
                        throw new ArmError(400, "InvalidRequestFormat", "Elements of '" + collection + "' must be objects.");
                    }
                    JsonObject child = element.getAsJsonObject();
                    ResourceId childId = idOf(child, string(child, "name").map(n -> id.child(collection, n)));
                    if (!childId.parent().orElseThrow().equals(id) || !lastTypeSegment(childId).equalsIgnoreCase(collection)) {
                        throw new ArmError(400, "InvalidRequestFormat",
                                "Inline resource '" + childId + "' does not belong to '" + id + "'.");
                    }
                    store(childId, child, replaceCollections, trackReferences);
                }
            }
        }
        if (trackReferences && typeKey(id).equals(SUBNET)) {
            syncSubnetBackReferences(id, old == null ? null : old.own(), own);
        }
    }

    private void remove(ResourceId id, boolean trackReferences) {
        for (String key : List.copyOf(children.getOrDefault(id.key(), Set.of()))) {
            remove(nodes.get(key).id(), trackReferences);
        }
        children.remove(id.key());
        Node node = nodes.remove(id.key());
        id.parent().ifPresent(p -> {
            Set<String> siblings = children.get(p.key());
            if (siblings != null) {
                siblings.remove(id.key());
            }
        });
        if (node != null && trackReferences && typeKey(id).equals(SUBNET)) {
            syncSubnetBackReferences(id, node.own(), null);
        }
    }

    private JsonObject compose(Node node) {
        JsonObject out = new JsonObject();
        // ARM's member order: name, id, etag, type, then the rest.
        copyIfPresent(node.own(), out, "name");
        copyIfPresent(node.own(), out, "id");
        if (isNetwork(node.id())) {
            String etag = familyEtags.get(family(node.id()).key());
            if (etag != null) {
                out.addProperty("etag", etag);
            }
        }
        copyIfPresent(node.own(), out, "type");
        for (Map.Entry<String, JsonElement> e : node.own().entrySet()) {
            if (!out.has(e.getKey())) {
                out.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        List<String> collections = INLINE_COLLECTIONS.getOrDefault(typeKey(node.id()), List.of());
        if (!collections.isEmpty()) {
            JsonObject properties = out.getAsJsonObject("properties");
            for (String collection : collections) {
                JsonArray array = new JsonArray();
                for (String key : children.getOrDefault(node.id().key(), Set.of())) {
                    Node child = nodes.get(key);
                    if (lastTypeSegment(child.id()).equalsIgnoreCase(collection)) {
                        array.add(compose(child));
                    }
                }
                properties.add(collection, array);
            }
        }
        return out;
    }

    /**
     * Checks what the real RP refuses and the guard could get wrong. The error codes below are the
     * emulator's own names where ARM's exact code is not documented.
     */
    private void validate(ResourceId id, JsonObject body) {
        if (body.has("id") && !ResourceId.tryParse(string(body, "id").orElse("")).map(id::equals).orElse(false)) {
            throw new ArmError(400, "InvalidRequestFormat", "The id in the body does not match the request URL.");
        }
        JsonObject properties = body.has("properties") && body.get("properties").isJsonObject()
                ? body.getAsJsonObject("properties") : new JsonObject();
        String type = typeKey(id);
        if (type.equals(SUBNET)) {
            validateSubnet(id, properties);
        } else if (type.equals(SECURITY_RULE)) {
            validateSecurityRule(id, properties);
        } else if (type.equals("microsoft.network/virtualnetworks") && properties.has("subnets")
                && properties.get("subnets").isJsonArray()) {
            for (JsonElement subnet : properties.getAsJsonArray("subnets")) {
                if (subnet.isJsonObject()) {
                    JsonObject s = subnet.getAsJsonObject();
                    ResourceId subnetId = id.child("subnets", string(s, "name").orElse("unnamed"));
                    validateSubnet(subnetId, s.has("properties") && s.get("properties").isJsonObject()
                            ? s.getAsJsonObject("properties") : new JsonObject());
                }
            }
        }
    }

    private void validateSubnet(ResourceId subnetId, JsonObject properties) {
        for (String ref : references(properties)) {
            ResourceId target = ResourceId.tryParse(ref).orElseThrow(() ->
                    new ArmError(400, "InvalidResourceReference", "Resource reference '" + ref + "' is not a valid id."));
            if (isKnownType(target) && !nodes.containsKey(target.key())) {
                throw new ArmError(400, "InvalidResourceReference", "Resource " + target
                        + " referenced by resource " + subnetId + " was not found.");
            }
        }
        JsonArray policies = array(properties, "serviceEndpointPolicies");
        if (policies.size() > 0) {
            boolean storageEndpoint = false;
            for (JsonElement endpoint : array(properties, "serviceEndpoints")) {
                if (endpoint.isJsonObject() && string(endpoint.getAsJsonObject(), "service")
                        .map(s -> s.equalsIgnoreCase("Microsoft.Storage")).orElse(false)) {
                    storageEndpoint = true;
                }
            }
            if (!storageEndpoint) {
                throw new ArmError(400, "ServiceEndpointPolicyWithoutServiceEndpoint", "Subnet " + subnetId
                        + " cannot have service endpoint policies for Microsoft.Storage without a Microsoft.Storage service endpoint.");
            }
        }
    }

    private void validateSecurityRule(ResourceId ruleId, JsonObject properties) {
        for (String required : List.of("protocol", "access", "direction", "priority")) {
            if (!properties.has(required)) {
                throw new ArmError(400, "SecurityRuleParameterMissing",
                        "Security rule " + ruleId.name() + " has no value for '" + required + "'.");
            }
        }
        int priority;
        try {
            priority = properties.get("priority").getAsInt();
        } catch (RuntimeException e) {
            throw new ArmError(400, "SecurityRuleInvalidPriority", "Security rule priority must be a number.");
        }
        if (priority < 100 || priority > 4096) {
            throw new ArmError(400, "SecurityRuleInvalidPriority",
                    "Security rule " + ruleId.name() + " has invalid priority " + priority + ". Value provided: must be between 100 and 4096.");
        }
        String direction = string(properties, "direction").orElse("");
        ResourceId nsg = ruleId.parent().orElseThrow();
        for (String key : children.getOrDefault(nsg.key(), Set.of())) {
            Node other = nodes.get(key);
            if (!typeKey(other.id()).equals(SECURITY_RULE) || other.id().equals(ruleId)) {
                continue;
            }
            JsonObject p = other.own().getAsJsonObject("properties");
            if (p.has("priority") && p.get("priority").getAsInt() == priority
                    && string(p, "direction").orElse("").equalsIgnoreCase(direction)) {
                throw new ArmError(400, "SecurityRuleConflict", "Security rule " + ruleId.name()
                        + " conflicts with rule " + other.id().name() + ". Rules cannot have the same Priority and Direction.");
            }
        }
    }

    private void keepReadOnlyProperties(ResourceId id, JsonObject oldOwn, JsonObject incoming) {
        if (!incoming.has("properties") || !incoming.get("properties").isJsonObject()) {
            incoming.add("properties", new JsonObject());
        }
        JsonObject properties = incoming.getAsJsonObject("properties");
        properties.remove("provisioningState");
        properties.addProperty("provisioningState", "Succeeded");
        if (HOLDS_SUBNET_BACK_REFERENCES.contains(typeKey(id))) {
            properties.remove("subnets");
            if (oldOwn != null && oldOwn.getAsJsonObject("properties").has("subnets")) {
                properties.add("subnets", oldOwn.getAsJsonObject("properties").get("subnets").deepCopy());
            }
        }
        if (oldOwn != null && oldOwn.getAsJsonObject("properties").has("resourceGuid")) {
            properties.add("resourceGuid", oldOwn.getAsJsonObject("properties").get("resourceGuid").deepCopy());
        }
    }

    /** ARM fills a service endpoint's {@code locations} when a PUT leaves them out (with the VNet's region). */
    private void fillServiceEndpointLocations(ResourceId subnetId) {
        JsonObject properties = nodes.get(subnetId.key()).own().getAsJsonObject("properties");
        Node vnet = nodes.get(subnetId.parent().orElseThrow().key());
        String region = vnet == null ? "westeurope" : string(vnet.own(), "location").orElse("westeurope");
        for (JsonElement endpoint : array(properties, "serviceEndpoints")) {
            if (endpoint.isJsonObject() && !endpoint.getAsJsonObject().has("locations")) {
                JsonArray locations = new JsonArray();
                locations.add(region);
                endpoint.getAsJsonObject().add("locations", locations);
            }
        }
    }

    /** NSGs, SEPs and route tables list the subnets using them; ARM maintains that, so does the emulator. */
    private void syncSubnetBackReferences(ResourceId subnetId, JsonObject oldOwn, JsonObject newOwn) {
        Set<String> before = referenceKeys(oldOwn);
        Set<String> after = referenceKeys(newOwn);
        for (String key : before) {
            Node target = nodes.get(key);
            if (!after.contains(key) && target != null) {
                JsonArray subnets = array(target.own().getAsJsonObject("properties"), "subnets");
                for (int i = subnets.size() - 1; i >= 0; i--) {
                    JsonElement e = subnets.get(i);
                    if (e.isJsonObject() && string(e.getAsJsonObject(), "id").map(s -> s.equalsIgnoreCase(subnetId.toString())).orElse(false)) {
                        subnets.remove(i);
                    }
                }
            }
        }
        for (String key : after) {
            Node target = nodes.get(key);
            if (!before.contains(key) && target != null) {
                JsonObject properties = target.own().getAsJsonObject("properties");
                if (!properties.has("subnets") || !properties.get("subnets").isJsonArray()) {
                    properties.add("subnets", new JsonArray());
                }
                JsonObject ref = new JsonObject();
                ref.addProperty("id", subnetId.toString());
                properties.getAsJsonArray("subnets").add(ref);
            }
        }
    }

    private static Set<String> referenceKeys(JsonObject subnetOwn) {
        Set<String> keys = new LinkedHashSet<>();
        if (subnetOwn != null && subnetOwn.has("properties") && subnetOwn.get("properties").isJsonObject()) {
            for (String ref : references(subnetOwn.getAsJsonObject("properties"))) {
                ResourceId.tryParse(ref).ifPresent(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static List<String> references(JsonObject subnetProperties) {
        List<String> refs = new ArrayList<>();
        for (String single : List.of("networkSecurityGroup", "routeTable")) {
            JsonElement e = subnetProperties.get(single);
            if (e != null && e.isJsonObject()) {
                string(e.getAsJsonObject(), "id").ifPresent(refs::add);
            }
        }
        for (JsonElement e : array(subnetProperties, "serviceEndpointPolicies")) {
            if (e.isJsonObject()) {
                string(e.getAsJsonObject(), "id").ifPresent(refs::add);
            }
        }
        return refs;
    }

    private void addDefaultSecurityRules(ResourceId nsg) {
        Object[][] defaults = {
            {"AllowVnetInBound", "Allow inbound traffic from all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Inbound"},
            {"AllowAzureLoadBalancerInBound", "Allow inbound traffic from azure load balancer", "AzureLoadBalancer", "*", "Allow", 65001, "Inbound"},
            {"DenyAllInBound", "Deny all inbound traffic", "*", "*", "Deny", 65500, "Inbound"},
            {"AllowVnetOutBound", "Allow outbound traffic from all VMs to all VMs in VNET", "VirtualNetwork", "VirtualNetwork", "Allow", 65000, "Outbound"},
            {"AllowInternetOutBound", "Allow outbound traffic from all VMs to Internet", "*", "Internet", "Allow", 65001, "Outbound"},
            {"DenyAllOutBound", "Deny all outbound traffic", "*", "*", "Deny", 65500, "Outbound"},
        };
        for (Object[] d : defaults) {
            JsonObject rule = new JsonObject();
            rule.addProperty("name", (String) d[0]);
            rule.addProperty("id", nsg.child("defaultSecurityRules", (String) d[0]).toString());
            rule.addProperty("type", "Microsoft.Network/networkSecurityGroups/defaultSecurityRules");
            JsonObject p = new JsonObject();
            p.addProperty("provisioningState", "Succeeded");
            p.addProperty("description", (String) d[1]);
            p.addProperty("protocol", "*");
            p.addProperty("sourcePortRange", "*");
            p.addProperty("destinationPortRange", "*");
            p.addProperty("sourceAddressPrefix", (String) d[2]);
            p.addProperty("destinationAddressPrefix", (String) d[3]);
            p.addProperty("access", (String) d[4]);
            p.addProperty("priority", (Integer) d[5]);
            p.addProperty("direction", (String) d[6]);
            rule.add("properties", p);
            store(nsg.child("defaultSecurityRules", (String) d[0]), rule, false, false);
        }
    }

    private static ResourceId idOf(JsonObject doc, Optional<ResourceId> fallback) {
        Optional<String> raw = string(doc, "id");
        if (raw.isEmpty()) {
            return fallback.orElseThrow(() -> new ArmError(400, "InvalidRequestFormat", "A resource without 'id' or 'name'."));
        }
        return ResourceId.tryParse(raw.get()).orElseThrow(() ->
                new ArmError(400, "InvalidRequestFormat", "Not a resource id: '" + raw.get() + "'."));
    }

    private static String lastTypeSegment(ResourceId id) {
        String type = id.type();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    private static void copyIfPresent(JsonObject from, JsonObject to, String key) {
        if (from.has(key)) {
            to.add(key, from.get(key).deepCopy());
        }
    }

    static Optional<String> string(JsonObject object, String key) {
        JsonElement e = object.get(key);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString() ? Optional.of(e.getAsString()) : Optional.empty();
    }

    private static JsonArray array(JsonObject object, String key) {
        JsonElement e = object.get(key);
        return e != null && e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
    }
}
