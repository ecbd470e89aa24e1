package com.dlpguard.model;

import java.util.List;
import java.util.Locale;

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
     * True for the platform-managed NSG, load balancer or public IP, and for anything inside one
     * (a security rule of the managed NSG).
     */
    public static boolean isManaged(ResourceId id) {
        if (!id.isProviderResource()) {
            return false;
        }
        ResourceId top = id;
        while (top.parent().filter(ResourceId::isProviderResource).isPresent()) {
            top = top.parent().orElseThrow();
        }
        String name = top.name().toLowerCase(Locale.ROOT);
        for (String[] typeAndSuffix : TYPE_AND_SUFFIX) {
            if (top.isOfType(typeAndSuffix[0]) && name.endsWith(typeAndSuffix[1]) && name.length() > typeAndSuffix[1].length()) {
                return true;
            }
        }
        return false;
    }
}
