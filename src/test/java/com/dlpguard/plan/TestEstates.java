package com.dlpguard.plan;

import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.EstateBuilder;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.InputStream;

/**
 * The estate of the ARM JSON under {@code src/test/resources/plan/} (one GET body per file), read by
 * the snapshot reader so planner tests start from resources exactly as the guard models them.
 */
final class TestEstates {

    static final String SUB = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Network";
    static final ResourceId VNET = ResourceId.parse(SUB + "/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = VNET.child("subnets", "compute");
    static final ResourceId NSG = ResourceId.parse(SUB + "/networkSecurityGroups/compute-nsg");
    static final ResourceId SEP = ResourceId.parse(SUB + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId ROGUE_SEP = ResourceId.parse(SUB + "/serviceEndpointPolicies/rogue-sep");
    static final ResourceId ROUTE_TABLE = ResourceId.parse(SUB + "/routeTables/compute-rt");
    static final ResourceId MANAGED_NSG = ResourceId.parse(SUB
            + "/networkSecurityGroups/5f3a9c1e-8b2d-4f6a-9e0c-7d1b3a5c9e2f-azurebatch-cloudservicenetworksecuritygroup");
    static final ResourceId DEFAULT_STORAGE = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg"
            + "/providers/Microsoft.Storage/storageAccounts/contosomlstore");

    private TestEstates() {
    }

    /** The standard estate: subnet, its NSG, the configured SEP, the route table, an AML-managed NSG. */
    static Estate standard() {
        return of(read("subnet-compute.json"), read("nsg-compute.json"), read("sep-aml-dlp.json"),
                read("routetable-compute.json"), read("nsg-aml-managed.json"));
    }

    static JsonObject read(String name) {
        return readPath("/plan/" + name);
    }

    static JsonObject readPath(String path) {
        try (InputStream in = TestEstates.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return StrictJson.parse(in.readAllBytes()).getAsJsonObject();
        } catch (IOException | com.dlpguard.json.JsonInputException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The resources read through the snapshot reader's builder, exactly as the guard would read them. */
    static Estate of(JsonObject... resources) {
        EstateBuilder builder = new EstateBuilder();
        try {
            for (int i = 0; i < resources.length; i++) {
                if (!builder.add(resources[i], "test resource " + i + ": $")) {
                    throw new IllegalArgumentException("not a modelled resource: " + resources[i].get("id"));
                }
            }
        } catch (SnapshotException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        return builder.build();
    }
}
