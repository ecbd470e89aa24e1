package com.dlpguard.rules;

import com.dlpguard.json.Json;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test helper: builds model records from security rules in ARM's GET shape, so the evaluator's
 * cases read like what Azure returns. Mirrors the snapshot reader's mapping for just these fields.
 */
final class NsgJson {
    static final ResourceId NSG = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/"
            + "ml-rg/providers/Microsoft.Network/networkSecurityGroups/compute-nsg");

    private NsgJson() {
    }

    static NetworkSecurityGroup nsg(JsonArray securityRules, Optional<JsonArray> defaultSecurityRules) {
        return new NetworkSecurityGroup(NSG, "westeurope", Optional.empty(), rules(securityRules, false),
                defaultSecurityRules.map(d -> rules(d, true)).orElse(List.of()), List.of(), Map.of(), "{}");
    }

    static List<SecurityRule> rules(JsonArray array, boolean isDefault) {
        List<SecurityRule> out = new ArrayList<>();
        for (JsonElement e : array) {
            out.add(rule(e.getAsJsonObject(), isDefault));
        }
        return out;
    }

    static SecurityRule rule(JsonObject json, boolean isDefault) {
        JsonObject p = json.getAsJsonObject("properties");
        return new SecurityRule(ResourceId.parse(json.get("id").getAsString()), json.get("name").getAsString(),
                Json.string(json, "etag"), p.get("priority").getAsInt(),
                SecurityRule.Direction.parse(p.get("direction").getAsString()),
                SecurityRule.Access.parse(p.get("access").getAsString()), p.get("protocol").getAsString(),
                merged(p, "sourceAddressPrefix"), asgs(p, "sourceApplicationSecurityGroups"), merged(p, "sourcePortRange"),
                merged(p, "destinationAddressPrefix"), asgs(p, "destinationApplicationSecurityGroups"),
                merged(p, "destinationPortRange"), Json.string(p, "description"), isDefault, json.toString());
    }

    /** The singular field and its plural form ({@code ...es} or {@code ...s}) together. */
    private static List<String> merged(JsonObject p, String singular) {
        List<String> values = new ArrayList<>();
        Json.string(p, singular).ifPresent(values::add);
        String plural = singular.endsWith("Prefix") ? singular + "es" : singular + "s";
        if (p.has(plural)) {
            p.getAsJsonArray(plural).forEach(v -> values.add(v.getAsString()));
        }
        return values;
    }

    private static List<ResourceId> asgs(JsonObject p, String field) {
        List<ResourceId> ids = new ArrayList<>();
        if (p.has(field)) {
            p.getAsJsonArray(field).forEach(a -> ids.add(ResourceId.parse(a.getAsJsonObject().get("id").getAsString())));
        }
        return ids;
    }
}
