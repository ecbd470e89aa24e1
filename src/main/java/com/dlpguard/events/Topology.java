package com.dlpguard.events;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which protected subnets use which NSG, SEP and route table, as last read. The router needs it
 * because an event on a SEP that is not the configured one (a rogue second policy) only matters
 * through the subnets using it. {@code complete} is false on a cold instance that has read
 * nothing yet: the router then treats an unknown reference conservatively.
 */
public record Topology(Map<ResourceId, Set<ResourceId>> subnetsByReference, boolean complete) {
    public static final Topology UNKNOWN = new Topology(Map.of(), false);

    public Topology {
        Map<ResourceId, Set<ResourceId>> copy = new HashMap<>();
        subnetsByReference.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        subnetsByReference = Map.copyOf(copy);
    }

    /** The references of every protected subnet present in {@code estate}, plus the configured ones. */
    public static Topology from(GuardConfig config, Estate estate) {
        Map<ResourceId, Set<ResourceId>> map = new HashMap<>();
        boolean complete = true;
        for (WorkspaceConfig w : config.workspaces()) {
            for (ResourceId subnetId : w.subnets()) {
                link(map, w.serviceEndpointPolicy(), subnetId);
                w.additionalServiceEndpointPolicies().forEach(p -> link(map, p, subnetId));
                w.networkSecurityGroup().ifPresent(n -> link(map, n, subnetId));
                Subnet subnet = estate.subnet(subnetId).orElse(null);
                if (subnet == null) {
                    complete = false;
                    continue;
                }
                subnet.serviceEndpointPolicyIds().forEach(p -> link(map, p, subnetId));
                subnet.networkSecurityGroupId().ifPresent(n -> link(map, n, subnetId));
                subnet.routeTableId().ifPresent(r -> link(map, r, subnetId));
            }
        }
        return new Topology(map, complete);
    }

    private static void link(Map<ResourceId, Set<ResourceId>> map, ResourceId reference, ResourceId subnet) {
        map.computeIfAbsent(reference, k -> new HashSet<>()).add(subnet);
    }

    public Set<ResourceId> subnetsUsing(ResourceId reference) {
        return subnetsByReference.getOrDefault(reference, Set.of());
    }
}
