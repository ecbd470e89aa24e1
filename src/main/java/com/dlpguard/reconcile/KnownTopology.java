package com.dlpguard.reconcile;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.events.Topology;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which NSG, SEPs and route table each protected subnet referenced when this instance last read
 * it, learned subnet by subnet: a reconcile of one key updates that key's references only, so
 * concurrent reconciles of different keys never erase each other's knowledge.
 */
final class KnownTopology {
    private final GuardConfig config;
    private final Map<ResourceId, Set<ResourceId>> referencesBySubnet = new ConcurrentHashMap<>();

    KnownTopology(GuardConfig config) {
        this.config = config;
    }

    /** What {@code estate} says about the protected subnets in {@code read}. */
    void learn(Estate estate, Set<ResourceId> read) {
        for (ResourceId id : read) {
            estate.subnet(id).ifPresent(s -> referencesBySubnet.put(id, references(s)));
        }
    }

    /** The topology for routing; complete once every protected subnet has been read. */
    Topology current() {
        Map<ResourceId, Set<ResourceId>> map = new HashMap<>();
        boolean complete = true;
        for (WorkspaceConfig w : config.workspaces()) {
            for (ResourceId subnet : w.subnets()) {
                link(map, w.serviceEndpointPolicy(), subnet);
                w.networkSecurityGroup().ifPresent(n -> link(map, n, subnet));
                Set<ResourceId> refs = referencesBySubnet.get(subnet);
                if (refs == null) {
                    complete = false;
                } else {
                    refs.forEach(r -> link(map, r, subnet));
                }
            }
        }
        return new Topology(map, complete);
    }

    private static Set<ResourceId> references(Subnet s) {
        Set<ResourceId> refs = new LinkedHashSet<>(s.serviceEndpointPolicyIds());
        s.networkSecurityGroupId().ifPresent(refs::add);
        s.routeTableId().ifPresent(refs::add);
        return Set.copyOf(refs);
    }

    private static void link(Map<ResourceId, Set<ResourceId>> map, ResourceId reference, ResourceId subnet) {
        map.computeIfAbsent(reference, k -> new HashSet<>()).add(subnet);
    }
}
