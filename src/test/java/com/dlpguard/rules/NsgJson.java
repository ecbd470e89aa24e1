package com.dlpguard.rules;

import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.EstateBuilder;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Optional;

/**
 * Test helper: an NSG whose rules are given in ARM's GET shape, read through the snapshot reader,
 * so the evaluator's cases see exactly what a snapshot or a live read would give it.
 */
final class NsgJson {
    static final ResourceId NSG = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
            + "ml-rg/providers/Microsoft.Network/networkSecurityGroups/compute-nsg");

    private NsgJson() {
    }

    static NetworkSecurityGroup nsg(JsonArray securityRules, Optional<JsonArray> defaultSecurityRules) {
        JsonObject properties = new JsonObject();
        properties.add("securityRules", securityRules);
        defaultSecurityRules.ifPresent(d -> properties.add("defaultSecurityRules", d));
        JsonObject nsg = new JsonObject();
        nsg.addProperty("name", NSG.name());
        nsg.addProperty("id", NSG.toString());
        nsg.addProperty("type", "Microsoft.Network/networkSecurityGroups");
        nsg.addProperty("location", "westeurope");
        nsg.add("properties", properties);
        try {
            EstateBuilder builder = new EstateBuilder();
            builder.add(nsg, "evaluator case");
            return builder.build().networkSecurityGroup(NSG).orElseThrow();
        } catch (SnapshotException e) {
            throw new AssertionError("case NSG does not load: " + e.getMessage(), e);
        }
    }
}
