package com.dlpguard.snapshot;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ManagedNetwork;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workspace's managedNetwork and its outbound rules as ARM returns them (2025-09-01 spec
 * examples): the list answers {@code "type": "workspace/outboundRules"}, which must not make the
 * rules look unmodelled; inline and standalone rules merge into one list.
 */
class ManagedNetworkSnapshotTest {
    static final Path DIR = Path.of("src/test/resources/snapshot/ml-managed-network");
    static final ResourceId WS = ResourceId.parse("/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/test-rg/"
            + "providers/Microsoft.MachineLearningServices/workspaces/aml-workspace-name");

    @Test
    void inlineAndListedRulesMergeUnderTheWorkspace() throws Exception {
        Estate estate = SnapshotLoader.load(DIR);
        MlWorkspace ws = estate.workspace(WS).orElseThrow();
        ManagedNetwork network = ws.managedNetwork().orElseThrow();
        assertTrue(network.allowsOnlyApprovedOutbound());
        assertEquals(Optional.of("Basic"), network.firewallSku());
        assertEquals(Optional.of("Active"), network.status());
        assertEquals(Optional.of("Disabled"), ws.publicNetworkAccess());
        List<String> names = network.outboundRules().stream().map(OutboundRule::name).toList();
        assertEquals(List.of("rule_name_3", "rule_name_1", "rule_name_2"), names);
        OutboundRule listed = network.outboundRules().get(1);
        assertTrue(listed.isPlatformRule());
        assertInstanceOf(OutboundRule.Destination.Fqdn.class, listed.destination());
        OutboundRule inline = network.outboundRules().get(0);
        assertEquals(WS.child("outboundRules", "rule_name_3"), inline.id());
        assertInstanceOf(OutboundRule.Destination.PrivateEndpoint.class, inline.destination());
    }

    @Test
    void listedRulesWithoutTheirWorkspaceMakeItUnreadable() throws Exception {
        Estate estate = SnapshotLoader.load(DIR.resolve("listRule-2025-09-01.json"));
        assertTrue(estate.readFailure(WS).orElseThrow().contains("only part of this workspace was read"));
    }

    @Test
    void aMalformedPrivateEndpointRuleNamesItsPath() {
        SnapshotException e = org.junit.jupiter.api.Assertions.assertThrows(SnapshotException.class, () ->
                new EstateBuilder().add(com.google.gson.JsonParser.parseString("""
                        {"id": "%s/outboundRules/pe", "type": "workspace/outboundRules",
                         "properties": {"type": "PrivateEndpoint", "category": "UserDefined", "destination": {}}}"""
                        .formatted(WS)).getAsJsonObject(), "rules.json: $"));
        assertTrue(e.getMessage().contains("rules.json: $.properties.destination.serviceResourceId: missing"), e.getMessage());
    }
}
