package com.dlpguard.plan;

import com.dlpguard.model.AmlManaged;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The planner's guard against fighting Azure ML: which resources the platform owns. */
class AmlManagedTest {

    private static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Network/";
    private static final String GUID = "5f3a9c1e-8b2d-4f6a-9e0c-7d1b3a5c9e2f";

    @ParameterizedTest
    @CsvSource({
            "networkSecurityGroups/" + GUID + "-azurebatch-cloudservicenetworksecuritygroup, true",
            "networkSecurityGroups/" + GUID + "-AzureBatch-CloudServiceNetworkSecurityGroup, true",
            "networkSecurityGroups/" + GUID + "-azurebatch-cloudservicenetworksecuritygroup/securityRules/BatchNodeManagement, true",
            "loadBalancers/" + GUID + "-azurebatch-cloudserviceloadbalancer, true",
            "publicIPAddresses/" + GUID + "-azurebatch-cloudservicepublicip, true",
            "networkSecurityGroups/compute-nsg, false",
            "networkSecurityGroups/compute-nsg/securityRules/azurebatch-cloudservicenetworksecuritygroup, false",
            "networkSecurityGroups/-azurebatch-cloudservicenetworksecuritygroup, false",
            "virtualNetworks/" + GUID + "-azurebatch-cloudservicenetworksecuritygroup, false",
            "loadBalancers/" + GUID + "-azurebatch-cloudservicenetworksecuritygroup, false"
    })
    void recognisesPlatformResourcesByTypeAndName(String path, boolean managed) {
        assertEquals(managed, AmlManaged.isManaged(ResourceId.parse(RG + path)));
    }

    @org.junit.jupiter.api.Test
    void aReferencedOrConfiguredResourceIsNeverManagedWhateverItsName() {
        ResourceId batchNsg = ResourceId.parse(RG + "networkSecurityGroups/" + GUID + "-azurebatch-cloudservicenetworksecuritygroup");
        assertEquals(true, AmlManaged.isManaged(batchNsg.child("securityRules", "r"), id -> false));
        assertEquals(false, AmlManaged.isManaged(batchNsg.child("securityRules", "r"), batchNsg::equals));
        assertEquals(false, AmlManaged.isManaged(batchNsg, batchNsg::equals));
        // A child is judged by its top-level resource, never by its own name.
        ResourceId mimic = ResourceId.parse(RG + "networkSecurityGroups/compute-nsg/securityRules/" + GUID
                + "-azurebatch-cloudservicenetworksecuritygroup");
        assertEquals(false, AmlManaged.isManaged(mimic, id -> false));
        assertEquals(ResourceId.parse(RG + "networkSecurityGroups/compute-nsg"), AmlManaged.topLevel(mimic));
    }
}
