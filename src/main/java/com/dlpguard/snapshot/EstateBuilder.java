package com.dlpguard.snapshot;

import com.dlpguard.json.Json;
import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ManagedNetwork;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceDocument;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.ServiceEndpoint;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.model.Subnet;
import com.dlpguard.model.VirtualNetwork;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The one place mapping ARM resource JSON (GET, list, Resource Graph rows) to the model: the
 * snapshot loader, the live gateway and the in-memory ARM all feed resources through it.
 *
 * <p>Child resources inline in their parent (subnets in a VNet, security rules in an NSG,
 * definitions in a SEP, routes in a route table) and standalone child documents mean the same:
 * {@link #build()} merges them, and a standalone child replaces the inline copy with the same id
 * (it is the more specific read). A standalone child whose parent was never added makes the parent
 * a read failure: its other children are unknown, so rules must answer "unknown", not judge a
 * partial NSG or policy.
 *
 * <p>Types compare case-insensitively and come from {@code type}, else from the id. Resources of
 * types the guard does not model are skipped. Anything wrong with a modelled resource throws,
 * naming where it was read and the JSON path. Not thread-safe; one builder per load.
 */
public final class EstateBuilder {

    private static final String ASG = "microsoft.network/applicationsecuritygroups";
    private static final Set<String> MODELLED = Set.of(ResourceTypes.VIRTUAL_NETWORK, ResourceTypes.SUBNET,
            ResourceTypes.NETWORK_SECURITY_GROUP, ResourceTypes.SECURITY_RULE, ResourceTypes.DEFAULT_SECURITY_RULE,
            ResourceTypes.SERVICE_ENDPOINT_POLICY, ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION,
            ResourceTypes.ROUTE_TABLE, ResourceTypes.ROUTE, ResourceTypes.ML_WORKSPACE,
            ResourceTypes.ML_ENVIRONMENT_VERSION, ResourceTypes.ML_OUTBOUND_RULE);
    /**
     * The {@code type} the Microsoft.MachineLearningServices REST spec's outbound rule examples
     * answer (2025-09-01 getRule/listRule: {@code "workspace/outboundRules"}, not the full type):
     * read as the id's type, so a real ARM answer is not skipped as "not modelled".
     */
    private static final String ML_OUTBOUND_RULE_SHORT_TYPE = "workspace/outboundrules";

    /** A parsed resource with the object it came from (duplicate detection) and where (error messages). */
    private record Read<T>(T value, JsonObject source, String where) {
    }

    private final Map<ResourceId, Read<VirtualNetwork>> vnets = new LinkedHashMap<>();
    private final Map<ResourceId, Subnet> inlineSubnets = new LinkedHashMap<>();
    private final Map<ResourceId, Read<Subnet>> subnets = new LinkedHashMap<>();
    private final Map<ResourceId, Read<NetworkSecurityGroup>> nsgs = new LinkedHashMap<>();
    private final Map<ResourceId, Read<SecurityRule>> securityRules = new LinkedHashMap<>();
    private final Map<ResourceId, Read<ServiceEndpointPolicy>> policies = new LinkedHashMap<>();
    private final Map<ResourceId, Read<ServiceEndpointPolicyDefinition>> definitions = new LinkedHashMap<>();
    private final Map<ResourceId, Read<RouteTable>> routeTables = new LinkedHashMap<>();
    private final Map<ResourceId, Read<Route>> routes = new LinkedHashMap<>();
    private final Map<ResourceId, Read<MlWorkspace>> workspaces = new LinkedHashMap<>();
    private final Map<ResourceId, Read<EnvironmentVersion>> environmentVersions = new LinkedHashMap<>();
    private final Map<ResourceId, Read<OutboundRule>> outboundRules = new LinkedHashMap<>();
    private final Map<ResourceId, String> readFailures = new LinkedHashMap<>();

    /** True when {@code type} (any casing) is a type the guard models; other resources are skipped. */
    public static boolean isModelled(String type) {
        return MODELLED.contains(type.toLowerCase(Locale.ROOT));
    }

    /**
     * Adds one ARM resource object, copied: the caller keeps its tree and may change it later.
     * {@code where} locates it and ends in its JSON path, e.g. {@code snap/nsg.json: $.value[2]};
     * errors append the path inside the resource.
     *
     * @return true when the resource is of a modelled type and was added, false when skipped
     */
    public boolean add(JsonObject resource, String where) throws SnapshotException {
        Objects.requireNonNull(resource, "resource");
        return addOwned(resource.deepCopy(), where);
    }

    /**
     * Adds one ARM resource object the caller hands over for good: a tree it parsed for this
     * builder and will neither change nor hand to anyone who might. The records keep parts of it
     * and render their {@link ResourceDocument} text from it only when asked (a plan's PUT body),
     * so a later change would make that text, and the write built from it, show something ARM
     * never returned. When in doubt, {@link #add} (a deep copy costs less than that risk).
     *
     * @return true when the resource is of a modelled type and was added, false when skipped
     */
    public boolean addOwned(JsonObject resource, String where) throws SnapshotException {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(where, "where");
        Node node = new Node(resource, where);
        Optional<String> declaredType = node.optString("type")
                .map(t -> t.equalsIgnoreCase(ML_OUTBOUND_RULE_SHORT_TYPE) ? ResourceTypes.ML_OUTBOUND_RULE : t);
        if (declaredType.isPresent() && !isModelled(declaredType.get())) {
            return false;
        }
        if (!node.has("id")) {
            throw node.error("id", "missing");
        }
        ResourceId id = Node.parseId(node.string("id"), node.at("id"), null, null);
        if (!id.isProviderResource()) {
            throw node.error("id", "expected a resource id, got a " + id.type() + " id");
        }
        if (declaredType.isPresent() && !id.isOfType(declaredType.get())) {
            throw node.error("type", "'" + declaredType.get() + "' does not match the id's type " + id.type());
        }
        String type = id.type().toLowerCase(Locale.ROOT);
        if (!MODELLED.contains(type)) {
            return false;
        }
        switch (type) {
            case ResourceTypes.VIRTUAL_NETWORK -> addVirtualNetwork(node, id);
            case ResourceTypes.SUBNET -> put(subnets, id, subnet(node, id), node);
            case ResourceTypes.NETWORK_SECURITY_GROUP -> put(nsgs, id, networkSecurityGroup(node, id), node);
            case ResourceTypes.SECURITY_RULE -> put(securityRules, id, securityRule(node, id, false), node);
            case ResourceTypes.DEFAULT_SECURITY_RULE -> put(securityRules, id, securityRule(node, id, true), node);
            case ResourceTypes.SERVICE_ENDPOINT_POLICY -> put(policies, id, policy(node, id), node);
            case ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION -> put(definitions, id, definition(node, id), node);
            case ResourceTypes.ROUTE_TABLE -> put(routeTables, id, routeTable(node, id), node);
            case ResourceTypes.ROUTE -> put(routes, id, route(node, id), node);
            case ResourceTypes.ML_WORKSPACE -> put(workspaces, id, workspace(node, id), node);
            case ResourceTypes.ML_ENVIRONMENT_VERSION -> put(environmentVersions, id, environmentVersion(node, id), node);
            case ResourceTypes.ML_OUTBOUND_RULE -> put(outboundRules, id, outboundRule(node, id), node);
            default -> throw new IllegalStateException("modelled type without a mapping: " + type);
        }
        return true;
    }

    /** Records that {@code id} exists but could not be read (403, retries exhausted): rules answer unknown. */
    public EstateBuilder addReadFailure(ResourceId id, String reason) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        readFailures.put(id, reason);
        return this;
    }

    /** The merged, immutable estate. The builder stays usable (more adds, another build). */
    public Estate build() {
        Map<ResourceId, String> failures = new LinkedHashMap<>(readFailures);

        Map<ResourceId, Subnet> allSubnets = new LinkedHashMap<>(inlineSubnets);
        subnets.forEach((id, read) -> allSubnets.put(id, read.value()));
        List<VirtualNetwork> vnetList = new ArrayList<>();
        for (Read<VirtualNetwork> read : vnets.values()) {
            VirtualNetwork v = read.value();
            Set<ResourceId> ids = new LinkedHashSet<>(v.subnetIds());
            subnets.keySet().stream().filter(s -> isChildOf(s, v.id())).sorted().forEach(ids::add);
            vnetList.add(new VirtualNetwork(v.id(), v.location(), v.etag(), List.copyOf(ids), v.document()));
        }

        List<NetworkSecurityGroup> nsgList = new ArrayList<>();
        for (Read<NetworkSecurityGroup> read : nsgs.values()) {
            NetworkSecurityGroup n = read.value();
            Map<ResourceId, SecurityRule> standalone = childrenOf(securityRules, n.id());
            List<SecurityRule> custom = merge(n.securityRules(), filter(standalone, r -> !r.isDefault()), SecurityRule::id);
            List<SecurityRule> defaults = merge(n.defaultSecurityRules(), filter(standalone, SecurityRule::isDefault), SecurityRule::id);
            nsgList.add(new NetworkSecurityGroup(n.id(), n.location(), n.etag(), custom, defaults, n.subnetIds(), n.tags(),
                    n.document()));
        }
        orphans(securityRules.keySet(), nsgs.keySet(), "network security group", failures);

        List<ServiceEndpointPolicy> policyList = new ArrayList<>();
        for (Read<ServiceEndpointPolicy> read : policies.values()) {
            ServiceEndpointPolicy p = read.value();
            List<ServiceEndpointPolicyDefinition> defs = merge(p.definitions(), childrenOf(definitions, p.id()),
                    ServiceEndpointPolicyDefinition::id);
            policyList.add(new ServiceEndpointPolicy(p.id(), p.location(), p.etag(), defs, p.subnetIds(), p.tags(), p.document()));
        }
        orphans(definitions.keySet(), policies.keySet(), "service endpoint policy", failures);

        List<RouteTable> tableList = new ArrayList<>();
        for (Read<RouteTable> read : routeTables.values()) {
            RouteTable t = read.value();
            tableList.add(new RouteTable(t.id(), t.location(), t.etag(), merge(t.routes(), childrenOf(routes, t.id()), Route::id),
                    t.document()));
        }
        orphans(routes.keySet(), routeTables.keySet(), "route table", failures);

        List<MlWorkspace> workspaceList = new ArrayList<>();
        for (Read<MlWorkspace> read : workspaces.values()) {
            MlWorkspace w = read.value();
            Map<ResourceId, OutboundRule> standalone = childrenOf(outboundRules, w.id());
            if (standalone.isEmpty()) {
                workspaceList.add(w);
                continue;
            }
            // Standalone rules without a managedNetwork in the workspace document: the rules exist,
            // the isolation mode is not known (DLP015 answers unknown, DLP016 still judges them).
            ManagedNetwork network = w.managedNetwork().orElse(new ManagedNetwork(Optional.empty(), Optional.empty(),
                    Optional.empty(), List.of()));
            workspaceList.add(new MlWorkspace(w.id(), w.location(), w.storageAccount(), w.document(),
                    Optional.of(network.withOutboundRules(merge(network.outboundRules(), standalone, OutboundRule::id))),
                    w.publicNetworkAccess()));
        }
        orphans(outboundRules.keySet(), workspaces.keySet(), "workspace", failures);

        return Estate.of(vnetList, allSubnets.values(), nsgList, policyList, tableList, workspaceList,
                values(environmentVersions), failures);
    }

    // ---- merging ---------------------------------------------------------------------------

    private static <T> void put(Map<ResourceId, Read<T>> map, ResourceId id, T value, Node node) throws SnapshotException {
        Read<T> existing = map.get(id);
        if (existing != null) {
            // The same resource twice (two exports overlapping) is fine; two different bodies for one
            // resource leave the guard unable to tell which is current.
            if (!existing.source().equals(node.json())) {
                throw node.error("conflicts with a different document for the same resource " + id + " at " + existing.where());
            }
            return;
        }
        map.put(id, new Read<>(value, node.json(), node.at()));
    }

    private static boolean isChildOf(ResourceId child, ResourceId parent) {
        return child.parent().map(parent::equals).orElse(false);
    }

    private static <T> Map<ResourceId, T> childrenOf(Map<ResourceId, Read<T>> standalone, ResourceId parent) {
        Map<ResourceId, T> out = new LinkedHashMap<>();
        standalone.keySet().stream().filter(id -> isChildOf(id, parent)).sorted()
                .forEach(id -> out.put(id, standalone.get(id).value()));
        return out;
    }

    private static <T> Map<ResourceId, T> filter(Map<ResourceId, T> map, java.util.function.Predicate<T> keep) {
        Map<ResourceId, T> out = new LinkedHashMap<>();
        map.forEach((id, v) -> {
            if (keep.test(v)) {
                out.put(id, v);
            }
        });
        return out;
    }

    /** Inline children in their order, each replaced by a standalone read of the same id; other standalone ones after. */
    private static <T> List<T> merge(List<T> inline, Map<ResourceId, T> standalone, Function<T, ResourceId> id) {
        Map<ResourceId, T> out = new LinkedHashMap<>();
        for (T child : inline) {
            out.put(id.apply(child), child);
        }
        out.putAll(standalone);
        return List.copyOf(out.values());
    }

    private static void orphans(Set<ResourceId> children, Set<ResourceId> parents, String parentKind,
                                Map<ResourceId, String> failures) {
        for (ResourceId child : children) {
            ResourceId parent = child.parent().orElseThrow();
            if (!parents.contains(parent)) {
                failures.putIfAbsent(parent, "only part of this " + parentKind + " was read: its child "
                        + child.name() + " is present but the " + parentKind + " itself is not");
            }
        }
    }

    private static <T> List<T> values(Map<ResourceId, Read<T>> map) {
        return map.values().stream().map(Read::value).toList();
    }

    // ---- mapping ARM JSON to records ---------------------------------------------------------

    /** The resource's document, rendered only if a reader asks: the builder owns the tree (see {@link #addOwned}). */
    private static ResourceDocument document(Node node) {
        return ResourceDocument.ofOwnedTree(node.json());
    }

    private static Node properties(Node node) throws SnapshotException {
        return node.optObject("properties").orElse(new Node(new JsonObject(), node.at("properties")));
    }

    private static String location(Node node) throws SnapshotException {
        return node.optString("location").orElse("");
    }

    /**
     * The id of a child listed inside its parent. Its position is authoritative: inline children often
     * lack an id or type, and the REST spec's SEP example lists definitions under another policy's id.
     */
    private static ResourceId inlineChildId(Node child, ResourceId parent, String segment) throws SnapshotException {
        String expectedType = (parent.type() + "/" + segment).toLowerCase(Locale.ROOT);
        Optional<String> declaredType = child.optString("type");
        if (declaredType.isPresent() && !declaredType.get().equalsIgnoreCase(expectedType)) {
            throw child.error("type", "expected " + parent.type() + "/" + segment + " inside its parent, got '"
                    + declaredType.get() + "'");
        }
        Optional<ResourceId> declared = child.has("id")
                ? Optional.of(child.id("id", expectedType, "a " + segment)) : Optional.empty();
        if (declared.isPresent() && isChildOf(declared.get(), parent)) {
            return declared.get();
        }
        Optional<String> name = child.optString("name");
        String childName = name.or(() -> declared.map(ResourceId::name))
                .orElseThrow(() -> child.error("name", "missing (an inline child needs a name or an id)"));
        try {
            return parent.child(segment, childName);
        } catch (IllegalArgumentException e) {
            throw child.error("name", e.getMessage());
        }
    }

    private void addVirtualNetwork(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        List<ResourceId> subnetIds = new ArrayList<>();
        Map<ResourceId, Subnet> found = new LinkedHashMap<>();
        for (Node child : props.objects("subnets")) {
            ResourceId subnetId = inlineChildId(child, id, "subnets");
            if (found.containsKey(subnetId)) {
                throw child.error("the subnet " + subnetId.name() + " is listed twice");
            }
            found.put(subnetId, subnet(child, subnetId));
            subnetIds.add(subnetId);
        }
        Read<VirtualNetwork> before = vnets.get(id);
        put(vnets, id, new VirtualNetwork(id, location(node), node.optString("etag"), subnetIds, document(node)), node);
        if (before == null) {
            inlineSubnets.putAll(found);
        }
    }

    private static Subnet subnet(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        List<ServiceEndpoint> endpoints = new ArrayList<>();
        for (Node e : props.objects("serviceEndpoints")) {
            endpoints.add(new ServiceEndpoint(e.string("service"), e.strings("locations")));
        }
        List<ResourceId> policyIds = props.references("serviceEndpointPolicies", ResourceTypes.SERVICE_ENDPOINT_POLICY,
                "a service endpoint policy");
        Optional<ResourceId> nsg = props.optReference("networkSecurityGroup", ResourceTypes.NETWORK_SECURITY_GROUP,
                "a network security group");
        Optional<ResourceId> routeTable = props.optReference("routeTable", ResourceTypes.ROUTE_TABLE, "a route table");
        return new Subnet(id, node.optString("etag"), endpoints, policyIds, nsg, routeTable, document(node));
    }

    private static NetworkSecurityGroup networkSecurityGroup(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        List<SecurityRule> custom = inlineRules(props, id, "securityRules", false);
        List<SecurityRule> defaults = inlineRules(props, id, "defaultSecurityRules", true);
        List<ResourceId> subnetIds = props.references("subnets", ResourceTypes.SUBNET, "a subnet");
        return new NetworkSecurityGroup(id, location(node), node.optString("etag"), custom, defaults, subnetIds,
                node.tags(), document(node));
    }

    private static List<SecurityRule> inlineRules(Node props, ResourceId nsg, String key, boolean isDefault)
            throws SnapshotException {
        Map<ResourceId, SecurityRule> rules = new LinkedHashMap<>();
        for (Node child : props.objects(key)) {
            ResourceId ruleId = inlineChildId(child, nsg, key);
            if (rules.put(ruleId, securityRule(child, ruleId, isDefault)) != null) {
                throw child.error("the rule " + ruleId.name() + " is listed twice");
            }
        }
        return List.copyOf(rules.values());
    }

    private static SecurityRule securityRule(Node node, ResourceId id, boolean isDefault) throws SnapshotException {
        Node props = node.object("properties");
        int priority = props.integer("priority");
        SecurityRule.Direction direction;
        SecurityRule.Access access;
        try {
            direction = SecurityRule.Direction.parse(props.string("direction"));
        } catch (IllegalArgumentException e) {
            throw props.error("direction", e.getMessage());
        }
        try {
            access = SecurityRule.Access.parse(props.string("access"));
        } catch (IllegalArgumentException e) {
            throw props.error("access", e.getMessage());
        }
        String protocol = props.string("protocol");
        List<String> sourcePrefixes = singularAndPlural(props, "sourceAddressPrefix");
        List<ResourceId> sourceAsgs = props.references("sourceApplicationSecurityGroups", ASG, "an application security group");
        List<String> sourcePorts = singularAndPlural(props, "sourcePortRange");
        List<String> destinationPrefixes = singularAndPlural(props, "destinationAddressPrefix");
        List<ResourceId> destinationAsgs = props.references("destinationApplicationSecurityGroups", ASG,
                "an application security group");
        List<String> destinationPorts = singularAndPlural(props, "destinationPortRange");
        // ARM always returns one of these; a rule with neither would silently match nothing.
        requireSide(props, "sourceAddressPrefix", sourcePrefixes.isEmpty() && sourceAsgs.isEmpty(),
                "sourceAddressPrefix(es) or sourceApplicationSecurityGroups");
        requireSide(props, "destinationAddressPrefix", destinationPrefixes.isEmpty() && destinationAsgs.isEmpty(),
                "destinationAddressPrefix(es) or destinationApplicationSecurityGroups");
        requireSide(props, "sourcePortRange", sourcePorts.isEmpty(), "sourcePortRange(s)");
        requireSide(props, "destinationPortRange", destinationPorts.isEmpty(), "destinationPortRange(s)");
        return new SecurityRule(id, id.name(), node.optString("etag"), priority, direction, access, protocol,
                sourcePrefixes, sourceAsgs, sourcePorts, destinationPrefixes, destinationAsgs, destinationPorts,
                props.optString("description"), isDefault, document(node));
    }

    /** {@code x} and {@code xes} (or {@code xs}) merged: ARM fills one or the other, both count. */
    private static List<String> singularAndPlural(Node props, String singular) throws SnapshotException {
        String plural = singular.endsWith("Prefix") ? singular + "es" : singular + "s";
        List<String> values = new ArrayList<>();
        props.optString(singular).filter(s -> !s.isBlank()).ifPresent(values::add);
        for (String v : props.strings(plural)) {
            if (!values.contains(v)) {
                values.add(v);
            }
        }
        return values;
    }

    private static void requireSide(Node props, String key, boolean missing, String what) throws SnapshotException {
        if (missing) {
            throw props.error(key, "missing (a security rule needs " + what + ")");
        }
    }

    private static ServiceEndpointPolicy policy(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        Map<ResourceId, ServiceEndpointPolicyDefinition> defs = new LinkedHashMap<>();
        for (Node child : props.objects("serviceEndpointPolicyDefinitions")) {
            ResourceId defId = inlineChildId(child, id, "serviceEndpointPolicyDefinitions");
            if (defs.put(defId, definition(child, defId)) != null) {
                throw child.error("the definition " + defId.name() + " is listed twice");
            }
        }
        List<ResourceId> subnetIds = props.references("subnets", ResourceTypes.SUBNET, "a subnet");
        return new ServiceEndpointPolicy(id, location(node), node.optString("etag"), List.copyOf(defs.values()),
                subnetIds, node.tags(), document(node));
    }

    private static ServiceEndpointPolicyDefinition definition(Node node, ResourceId id) throws SnapshotException {
        Node props = node.object("properties");
        String service = props.string("service");
        if (props.optArray("serviceResources").isEmpty()) {
            throw props.error("serviceResources", "missing");
        }
        return new ServiceEndpointPolicyDefinition(id, id.name(), node.optString("etag"), service,
                props.strings("serviceResources"), props.optString("description"), document(node));
    }

    private static RouteTable routeTable(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        Map<ResourceId, Route> list = new LinkedHashMap<>();
        for (Node child : props.objects("routes")) {
            ResourceId routeId = inlineChildId(child, id, "routes");
            if (list.put(routeId, route(child, routeId)) != null) {
                throw child.error("the route " + routeId.name() + " is listed twice");
            }
        }
        return new RouteTable(id, location(node), node.optString("etag"), List.copyOf(list.values()), document(node));
    }

    private static Route route(Node node, ResourceId id) throws SnapshotException {
        Node props = node.object("properties");
        return new Route(id, id.name(), node.optString("etag"), props.string("addressPrefix"),
                props.string("nextHopType"), props.optString("nextHopIpAddress"), document(node));
    }

    private static MlWorkspace workspace(Node node, ResourceId id) throws SnapshotException {
        Node props = properties(node);
        Optional<ResourceId> storage = props.has("storageAccount")
                ? Optional.of(props.id("storageAccount", ResourceTypes.STORAGE_ACCOUNT, "a storage account"))
                : Optional.empty();
        Optional<ManagedNetwork> managedNetwork = Optional.empty();
        Optional<Node> mn = props.optObject("managedNetwork");
        if (mn.isPresent()) {
            Node m = mn.get();
            List<OutboundRule> rules = new ArrayList<>();
            Optional<Node> map = m.optObject("outboundRules");
            if (map.isPresent()) {
                for (String name : map.get().json().keySet()) {
                    Node rule = map.get().object(name);
                    rules.add(outboundRuleProperties(rule, id.child("outboundRules", name), Optional.empty(),
                            document(rule)));
                }
            }
            Optional<String> status = m.optObject("status").isPresent()
                    ? m.object("status").optString("status") : Optional.empty();
            managedNetwork = Optional.of(new ManagedNetwork(m.optString("isolationMode"), m.optString("firewallSku"),
                    status, rules));
        }
        return new MlWorkspace(id, location(node), storage, document(node), managedNetwork,
                props.optString("publicNetworkAccess"));
    }

    /** A standalone {@code workspaces/outboundRules} document (GET or list item). */
    private static OutboundRule outboundRule(Node node, ResourceId id) throws SnapshotException {
        return outboundRuleProperties(node.object("properties"), id, node.optString("etag"), document(node));
    }

    /**
     * An {@code OutboundRule} object (2025-09-01 spec): {@code type} discriminates the shape of
     * {@code destination}. A malformed known type is an error (the resource becomes unknown); an
     * unknown type is kept as {@link OutboundRule.Destination.Unrecognized} so the rules still see it.
     */
    private static OutboundRule outboundRuleProperties(Node props, ResourceId id, Optional<String> etag,
                                                       ResourceDocument document)
            throws SnapshotException {
        String type = props.string("type");
        OutboundRule.Destination destination;
        switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "fqdn" -> destination = new OutboundRule.Destination.Fqdn(props.string("destination"));
            case "privateendpoint" -> {
                Node d = props.object("destination");
                destination = new OutboundRule.Destination.PrivateEndpoint(d.string("serviceResourceId"),
                        d.optString("subresourceTarget"));
            }
            case "servicetag" -> {
                Node d = props.object("destination");
                destination = new OutboundRule.Destination.ServiceTag(d.optString("serviceTag").orElse(""),
                        d.optString("protocol"), d.optString("portRanges"), d.optString("action"),
                        d.strings("addressPrefixes"));
            }
            default -> destination = new OutboundRule.Destination.Unrecognized(
                    props.json().has("destination") ? Json.compact(props.json().get("destination")) : "null");
        }
        return new OutboundRule(id, id.name(), type, props.optString("category"), props.optString("status"),
                destination, etag, document);
    }

    private static EnvironmentVersion environmentVersion(Node node, ResourceId id) throws SnapshotException {
        return new EnvironmentVersion(id, properties(node).optString("image"), document(node));
    }
}
