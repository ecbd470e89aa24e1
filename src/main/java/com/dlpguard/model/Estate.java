package com.dlpguard.model;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The observed state of the resources the rules look at: the same record whether it came from a
 * snapshot file or from a live ARM read. {@code readFailures} names resources the reader tried and
 * could not read (403, 5xx after retries): rules answer {@code unknown} for them instead of
 * treating them as absent, because an unreadable SEP is not a deleted SEP.
 */
public record Estate(Map<ResourceId, VirtualNetwork> virtualNetworks,
                     Map<ResourceId, Subnet> subnets,
                     Map<ResourceId, NetworkSecurityGroup> networkSecurityGroups,
                     Map<ResourceId, ServiceEndpointPolicy> serviceEndpointPolicies,
                     Map<ResourceId, RouteTable> routeTables,
                     Map<ResourceId, MlWorkspace> workspaces,
                     Map<ResourceId, EnvironmentVersion> environmentVersions,
                     Map<ResourceId, String> readFailures) {

    public static final Estate EMPTY = new Estate(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public Estate {
        virtualNetworks = Map.copyOf(virtualNetworks);
        subnets = Map.copyOf(subnets);
        networkSecurityGroups = Map.copyOf(networkSecurityGroups);
        serviceEndpointPolicies = Map.copyOf(serviceEndpointPolicies);
        routeTables = Map.copyOf(routeTables);
        workspaces = Map.copyOf(workspaces);
        environmentVersions = Map.copyOf(environmentVersions);
        readFailures = Map.copyOf(readFailures);
    }

    public static Estate of(Collection<VirtualNetwork> vnets, Collection<Subnet> subnets,
                            Collection<NetworkSecurityGroup> nsgs, Collection<ServiceEndpointPolicy> seps,
                            Collection<RouteTable> routeTables, Collection<MlWorkspace> workspaces,
                            Collection<EnvironmentVersion> environmentVersions, Map<ResourceId, String> readFailures) {
        return new Estate(index(vnets, VirtualNetwork::id), index(subnets, Subnet::id),
                index(nsgs, NetworkSecurityGroup::id), index(seps, ServiceEndpointPolicy::id),
                index(routeTables, RouteTable::id), index(workspaces, MlWorkspace::id),
                index(environmentVersions, EnvironmentVersion::id), readFailures);
    }

    private static <T> Map<ResourceId, T> index(Collection<T> items, Function<T, ResourceId> id) {
        Map<ResourceId, T> map = new LinkedHashMap<>();
        for (T item : items) {
            map.put(id.apply(item), item);
        }
        return map;
    }

    public Optional<Subnet> subnet(ResourceId id) {
        return Optional.ofNullable(subnets.get(id));
    }

    public Optional<VirtualNetwork> virtualNetwork(ResourceId id) {
        return Optional.ofNullable(virtualNetworks.get(id));
    }

    public Optional<NetworkSecurityGroup> networkSecurityGroup(ResourceId id) {
        return Optional.ofNullable(networkSecurityGroups.get(id));
    }

    public Optional<ServiceEndpointPolicy> serviceEndpointPolicy(ResourceId id) {
        return Optional.ofNullable(serviceEndpointPolicies.get(id));
    }

    public Optional<RouteTable> routeTable(ResourceId id) {
        return Optional.ofNullable(routeTables.get(id));
    }

    public Optional<MlWorkspace> workspace(ResourceId id) {
        return Optional.ofNullable(workspaces.get(id));
    }

    /** Why {@code id} could not be read, when the reader tried and failed. */
    public Optional<String> readFailure(ResourceId id) {
        return Optional.ofNullable(readFailures.get(id));
    }

    public List<EnvironmentVersion> environmentVersionsOf(ResourceId workspaceId) {
        return environmentVersions.values().stream()
                .filter(v -> v.id().isWithin(workspaceId))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** This estate with {@code other}'s resources added; {@code other} wins on the same id (it was read later). */
    public Estate merge(Estate other) {
        Objects.requireNonNull(other, "other");
        return new Estate(union(virtualNetworks, other.virtualNetworks), union(subnets, other.subnets),
                union(networkSecurityGroups, other.networkSecurityGroups),
                union(serviceEndpointPolicies, other.serviceEndpointPolicies), union(routeTables, other.routeTables),
                union(workspaces, other.workspaces), union(environmentVersions, other.environmentVersions),
                union(readFailures, other.readFailures));
    }

    private static <T> Map<ResourceId, T> union(Map<ResourceId, T> a, Map<ResourceId, T> b) {
        Map<ResourceId, T> map = new LinkedHashMap<>(a);
        map.putAll(b);
        return map;
    }

    public int size() {
        return virtualNetworks.size() + subnets.size() + networkSecurityGroups.size() + serviceEndpointPolicies.size()
                + routeTables.size() + workspaces.size() + environmentVersions.size();
    }
}
