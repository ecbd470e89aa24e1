package com.dlpguard.rules;

import com.dlpguard.json.Json;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.SecurityRule.Access;
import com.dlpguard.model.SecurityRule.Direction;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * Azure's fixed default rules, which every NSG has and no one can delete. ARM returns them in
 * {@code defaultSecurityRules}; a snapshot built from Resource Graph or by hand often omits them,
 * and the NSG still behaves as if they were there.
 */
public final class DefaultSecurityRules {
    private DefaultSecurityRules() {
    }

    /** The NSG's own default rules when it reported any, else Azure's fixed set. */
    public static List<SecurityRule> of(NetworkSecurityGroup nsg) {
        return nsg.defaultSecurityRules().isEmpty() ? azureDefaults(nsg.id()) : nsg.defaultSecurityRules();
    }

    /** The six rules Azure creates in every NSG, with the ids ARM gives them. */
    public static List<SecurityRule> azureDefaults(ResourceId nsg) {
        return List.of(
                rule(nsg, "AllowVnetInBound", 65000, Direction.INBOUND, Access.ALLOW, "VirtualNetwork", "VirtualNetwork",
                        "Allow inbound traffic from all VMs in VNET"),
                rule(nsg, "AllowAzureLoadBalancerInBound", 65001, Direction.INBOUND, Access.ALLOW, "AzureLoadBalancer", "*",
                        "Allow inbound traffic from azure load balancer"),
                rule(nsg, "DenyAllInBound", 65500, Direction.INBOUND, Access.DENY, "*", "*",
                        "Deny all inbound traffic"),
                rule(nsg, "AllowVnetOutBound", 65000, Direction.OUTBOUND, Access.ALLOW, "VirtualNetwork", "VirtualNetwork",
                        "Allow outbound traffic from all VMs to all VMs in VNET"),
                rule(nsg, "AllowInternetOutBound", 65001, Direction.OUTBOUND, Access.ALLOW, "*", "Internet",
                        "Allow outbound traffic from all VMs to Internet"),
                rule(nsg, "DenyAllOutBound", 65500, Direction.OUTBOUND, Access.DENY, "*", "*",
                        "Deny all outbound traffic"));
    }

    private static SecurityRule rule(ResourceId nsg, String name, int priority, Direction direction, Access access,
                                     String source, String destination, String description) {
        ResourceId id = nsg.child("defaultSecurityRules", name);
        JsonObject properties = new JsonObject();
        properties.addProperty("description", description);
        properties.addProperty("protocol", "*");
        properties.addProperty("sourcePortRange", "*");
        properties.addProperty("destinationPortRange", "*");
        properties.addProperty("sourceAddressPrefix", source);
        properties.addProperty("destinationAddressPrefix", destination);
        properties.addProperty("access", access == Access.ALLOW ? "Allow" : "Deny");
        properties.addProperty("priority", priority);
        properties.addProperty("direction", direction == Direction.INBOUND ? "Inbound" : "Outbound");
        JsonObject json = new JsonObject();
        json.addProperty("name", name);
        json.addProperty("id", id.toString());
        json.add("properties", properties);
        return new SecurityRule(id, name, Optional.empty(), priority, direction, access, "*", List.of(source), List.of(),
                List.of("*"), List.of(destination), List.of(), List.of("*"), Optional.of(description), true,
                Json.compact(json));
    }
}
