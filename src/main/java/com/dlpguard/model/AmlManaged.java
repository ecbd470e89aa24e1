package com.dlpguard.model;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Recognises network resources Azure Machine Learning (through Azure Batch) creates and deletes
 * itself for compute with a public IP. The guard never writes them: the platform recreates them
 * when a cluster scales from zero, and a rollback would fight the platform.
 *
 * <p>Microsoft documents their names (Batch "cloud service" resources in the VNet's resource
 * group: {@code <guid>-azurebatch-cloudservicenetworksecuritygroup}, {@code -cloudserviceloadbalancer},
 * {@code -cloudservicepublicip}). No tag that AML or Batch puts on them is documented (Batch only
 * propagates the pool's user-specified {@code resourceTags}), so tags are not used: a tag a user can
 * set would let anyone exempt an NSG from rollback. The match is on the name suffix and the resource
 * type, case-insensitively; the GUID prefix is not checked because its format is not documented.
 *
 * <p>Rule book v2, 2.2 (mimicry): the test is on the <b>top-level</b> resource only. A child (a
 * security rule, a SEP definition, a route) is never managed because of its own name (version 1's
 * event router dropped any event whose resource was named like a Batch resource: attack #2). And a
 * resource a protected subnet references (its NSG, SEPs, route table) or the configuration names is
 * never managed whatever its name: anyone can name an NSG like Batch's and attach it.
 */
public final class AmlManaged {

    private static final String NSG_SUFFIX = "-azurebatch-cloudservicenetworksecuritygroup";
    private static final String LOAD_BALANCER_SUFFIX = "-azurebatch-cloudserviceloadbalancer";
    private static final String PUBLIC_IP_SUFFIX = "-azurebatch-cloudservicepublicip";

    private static final List<String[]> TYPE_AND_SUFFIX = List.of(
            new String[] {ResourceTypes.NETWORK_SECURITY_GROUP, NSG_SUFFIX},
            new String[] {"microsoft.network/loadbalancers", LOAD_BALANCER_SUFFIX},
            new String[] {"microsoft.network/publicipaddresses", PUBLIC_IP_SUFFIX});

    private AmlManaged() {
    }

    public static boolean isManaged(NetworkSecurityGroup nsg) {
        return isManaged(nsg.id());
    }

    /**
     * The decision the guard acts on: {@code id}'s top-level resource is named and typed like a
     * platform resource, and {@code referencedOrConfigured} (the resources protected subnets
     * reference, and those the configuration names) does not hold it.
     */
    public static boolean isManaged(ResourceId id, Predicate<ResourceId> referencedOrConfigured) {
        if (!id.isProviderResource()) {
            return false;
        }
        ResourceId top = topLevel(id);
        return !referencedOrConfigured.test(top) && isManaged(top);
    }

    /**
     * True when {@code id}'s top-level resource is named and typed like the platform-managed NSG,
     * load balancer or public IP (so a security rule of the managed NSG is too, while a rule merely
     * named like one is not). The naming test only: see {@link #isManaged(ResourceId, Predicate)}.
     */
    public static boolean isManaged(ResourceId id) {
        if (!id.isProviderResource()) {
            return false;
        }
        ResourceId top = topLevel(id);
        String name = top.name().toLowerCase(Locale.ROOT);
        for (String[] typeAndSuffix : TYPE_AND_SUFFIX) {
            if (top.isOfType(typeAndSuffix[0]) && name.endsWith(typeAndSuffix[1]) && name.length() > typeAndSuffix[1].length()) {
                return true;
            }
        }
        return false;
    }

    /** The top-level provider resource holding {@code id} ({@code id} itself when it is top-level). */
    public static ResourceId topLevel(ResourceId id) {
        ResourceId top = id;
        while (top.parent().filter(ResourceId::isProviderResource).isPresent()) {
            top = top.parent().orElseThrow();
        }
        return top;
    }
}
