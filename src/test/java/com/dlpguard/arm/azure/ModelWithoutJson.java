package com.dlpguard.arm.azure;

import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.Estate;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.model.Subnet;
import com.dlpguard.model.VirtualNetwork;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Model records with {@code json} blanked: a live read's JSON is the SDK's serialization (no
 * provisioning state, its own member order), a snapshot's is the file's; every field the rules read
 * must still be equal. Lists of children are sorted by id (inline order is not a property).
 */
final class ModelWithoutJson {
    private ModelWithoutJson() {
    }

    static Map<String, Object> of(Estate e) {
        Map<String, Object> all = new TreeMap<>();
        e.virtualNetworks().values().forEach(v -> all.put(v.id().key(), vnet(v)));
        e.subnets().values().forEach(s -> all.put(s.id().key(), subnet(s)));
        e.networkSecurityGroups().values().forEach(n -> all.put(n.id().key(), nsg(n)));
        e.serviceEndpointPolicies().values().forEach(p -> all.put(p.id().key(), policy(p)));
        e.routeTables().values().forEach(t -> all.put(t.id().key(), table(t)));
        e.workspaces().values().forEach(w -> all.put(w.id().key(), new MlWorkspace(w.id(), w.location(), w.storageAccount(), "")));
        e.environmentVersions().values().forEach(v -> all.put(v.id().key(), new EnvironmentVersion(v.id(), v.image(), "")));
        e.readFailures().forEach((id, why) -> all.put("read-failure " + id.key(), why));
        return all;
    }

    static VirtualNetwork vnet(VirtualNetwork v) {
        return new VirtualNetwork(v.id(), v.location(), v.etag(), sorted(v.subnetIds(), x -> x), "");
    }

    static Subnet subnet(Subnet s) {
        return new Subnet(s.id(), s.etag(), s.serviceEndpoints(), s.serviceEndpointPolicyIds(), s.networkSecurityGroupId(),
                s.routeTableId(), "");
    }

    static NetworkSecurityGroup nsg(NetworkSecurityGroup n) {
        return new NetworkSecurityGroup(n.id(), n.location(), n.etag(), sorted(rules(n.securityRules()), SecurityRule::id),
                sorted(rules(n.defaultSecurityRules()), SecurityRule::id), sorted(n.subnetIds(), x -> x), n.tags(), "");
    }

    static List<SecurityRule> rules(List<SecurityRule> rules) {
        return rules.stream().map(r -> new SecurityRule(r.id(), r.name(), r.etag(), r.priority(), r.direction(), r.access(),
                r.protocol(), r.sourceAddressPrefixes(), r.sourceApplicationSecurityGroups(), r.sourcePortRanges(),
                r.destinationAddressPrefixes(), r.destinationApplicationSecurityGroups(), r.destinationPortRanges(),
                r.description(), r.isDefault(), "")).toList();
    }

    static ServiceEndpointPolicy policy(ServiceEndpointPolicy p) {
        List<ServiceEndpointPolicyDefinition> defs = p.definitions().stream().map(d -> new ServiceEndpointPolicyDefinition(
                d.id(), d.name(), d.etag(), d.service(), d.serviceResources(), d.description(), "")).toList();
        return new ServiceEndpointPolicy(p.id(), p.location(), p.etag(), sorted(defs, ServiceEndpointPolicyDefinition::id),
                sorted(p.subnetIds(), x -> x), p.tags(), "");
    }

    static RouteTable table(RouteTable t) {
        List<Route> routes = t.routes().stream().map(r -> new Route(r.id(), r.name(), r.etag(), r.addressPrefix(),
                r.nextHopType(), r.nextHopIpAddress(), "")).toList();
        return new RouteTable(t.id(), t.location(), t.etag(), sorted(routes, Route::id), "");
    }

    private static <T, K extends Comparable<K>> List<T> sorted(List<T> items, Function<T, K> key) {
        return items.stream().sorted(Comparator.comparing(key)).toList();
    }
}
