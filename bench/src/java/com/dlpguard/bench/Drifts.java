package com.dlpguard.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.Optional;
import java.util.function.Function;

/**
 * The change a human makes for each measured event kind, as ARM would hold it afterwards: each
 * breaks a rule in {@code rollback} mode in examples/dlp-guard.json, so the event costs the reads,
 * the write that restores it and the verification.
 */
final class Drifts {
    /** One resource PUT (whole body) or DELETE, by id. */
    record Change(String id, Optional<JsonObject> put) {
    }

    static final String BATCH_INBOUND_RULE = """
            {"name":"allow-batch-inbound","id":"%s","type":"Microsoft.Network/networkSecurityGroups/securityRules",
             "properties":{"provisioningState":"Succeeded","protocol":"Tcp","sourcePortRange":"*",
             "destinationPortRange":"29876-29877","sourceAddressPrefix":"BatchNodeManagement","destinationAddressPrefix":"*",
             "access":"Allow","priority":200,"direction":"Inbound","sourcePortRanges":[],"destinationPortRanges":[],
             "sourceAddressPrefixes":[],"destinationAddressPrefixes":[],"description":"re-added by hand"}}""";

    private Drifts() {
    }

    /**
     * The change behind an event of {@code kind}, made from the current state ({@code read} gives
     * a resource's JSON as a GET returns it).
     */
    static Change of(Events.Kind kind, Function<String, JsonObject> read) {
        return switch (kind) {
            case SUBNET_WRITE -> {
                // DLP001 + DLP002: the Microsoft.Storage service endpoint removed from the compute subnet,
                // with the SEP (ARM refuses a Storage SEP on a subnet without the endpoint).
                JsonObject subnet = subnetOf(read.apply(Events.VNET)).deepCopy();
                subnet.getAsJsonObject("properties").add("serviceEndpoints", new JsonArray());
                subnet.getAsJsonObject("properties").add("serviceEndpointPolicies", new JsonArray());
                yield new Change(Events.SUBNET, Optional.of(subnet));
            }
            case SEP_DEFINITION_DELETE -> {
                // DLP003: the alias definition deleted (under whatever name the guard last gave it).
                String alias = null;
                for (JsonElement d : read.apply(Events.SEP).getAsJsonObject("properties")
                        .getAsJsonArray("serviceEndpointPolicyDefinitions")) {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        alias = d.getAsJsonObject().get("id").getAsString();
                    }
                }
                if (alias == null) {
                    throw new IllegalStateException("the alias is already gone");
                }
                yield new Change(alias, Optional.empty());
            }
            case SECURITY_RULE_WRITE -> {
                // DLP009: an inbound allow from BatchNodeManagement re-added as a child PUT.
                String id = Events.NSG + "/securityRules/allow-batch-inbound";
                yield new Change(id, Optional.of(JsonParser.parseString(BATCH_INBOUND_RULE.formatted(id)).getAsJsonObject()));
            }
            case NSG_WRITE -> {
                // DLP009 again, this time by a PUT of the whole NSG carrying the rule inline.
                JsonObject nsg = read.apply(Events.NSG).deepCopy();
                String id = Events.NSG + "/securityRules/allow-batch-inbound";
                nsg.getAsJsonObject("properties").getAsJsonArray("securityRules")
                        .add(JsonParser.parseString(BATCH_INBOUND_RULE.formatted(id)));
                yield new Change(Events.NSG, Optional.of(nsg));
            }
            case VNET_WRITE -> {
                // DLP002: a VNet PUT whose compute subnet no longer carries the SEP.
                JsonObject vnet = read.apply(Events.VNET).deepCopy();
                subnetOf(vnet).getAsJsonObject("properties").add("serviceEndpointPolicies", new JsonArray());
                yield new Change(Events.VNET, Optional.of(vnet));
            }
        };
    }

    private static JsonObject subnetOf(JsonObject vnet) {
        for (JsonElement s : vnet.getAsJsonObject("properties").getAsJsonArray("subnets")) {
            if (s.getAsJsonObject().get("id").getAsString().equalsIgnoreCase(Events.SUBNET)) {
                return s.getAsJsonObject();
            }
        }
        throw new IllegalStateException("the VNet has no compute subnet");
    }
}
