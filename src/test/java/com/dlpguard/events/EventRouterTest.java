package com.dlpguard.events;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRouterTest {
    static final String NET = "/subscriptions/sub1/resourceGroups/net-rg/providers/Microsoft.Network";
    static final ResourceId SUBNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/compute");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId WS = ResourceId.parse("/subscriptions/sub1/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/w");
    static final GuardConfig CONFIG = new GuardConfig(List.of(new WorkspaceConfig("w", "westeurope", Optional.of(WS),
            List.of(SUBNET), SEP, Optional.of(NSG), Optional.empty(), false, List.of(), false)), Mode.ALERT, Map.of(), List.of());

    static ResourceEvent event(String type, String subject, String operation, Map<String, String> claims) {
        return new ResourceEvent("id-1", type, subject, Optional.of(operation), Optional.of("Succeeded"), Optional.of(subject),
                Optional.of("corr"), claims, Optional.empty(), Optional.empty(), Optional.of("2026-11-24T10:00:00Z"));
    }

    static EventDecision route(String subject, String operation) {
        return EventRouter.route(event(EventRouter.WRITE_SUCCESS, subject, operation, Map.of()), CONFIG,
                Topology.UNKNOWN, Set.of());
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            "/virtualNetworks/ml-vnet/subnets/compute, Microsoft.Network/virtualNetworks/subnets/write",
            "/virtualNetworks/ML-VNET/subnets/Compute, Microsoft.Network/virtualNetworks/subnets/write",
            "/virtualNetworks/ml-vnet, Microsoft.Network/virtualNetworks/write",
            "/serviceEndpointPolicies/aml-dlp, Microsoft.Network/serviceEndpointPolicies/write",
            "/serviceEndpointPolicies/aml-dlp/serviceEndpointPolicyDefinitions/ml-alias, Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete",
            "/networkSecurityGroups/compute-nsg/securityRules/allow-batch-inbound, Microsoft.Network/networkSecurityGroups/securityRules/write",
            "/networkSecurityGroups/compute-nsg, Microsoft.Network/networkSecurityGroups/write",
    })
    void childAndParentWritesReachTheProtectedSubnet(String suffix, String operation) {
        EventDecision d = route(NET + suffix, operation);
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(SUBNET), d.scopes());
    }

    @Test
    void resourceGroupsCasingDoesNotMatter() {
        EventDecision d = route(NET.replace("resourceGroups", "resourcegroups") + "/virtualNetworks/ml-vnet/subnets/compute",
                "Microsoft.Network/virtualNetworks/subnets/write");
        assertTrue(d.accepted(), d.reason());
    }

    @Test
    void anUnprotectedSubnetIsOutsideTheScopes() {
        EventDecision d = route(NET + "/virtualNetworks/ml-vnet/subnets/jumpbox", "Microsoft.Network/virtualNetworks/subnets/write");
        assertFalse(d.accepted());
        assertTrue(d.reason().contains("outside the protected scopes"), d.reason());
    }

    @Test
    void aRogueSepIsRoutedThroughTheTopologyOnlyWhenAProtectedSubnetUsesIt() {
        ResourceId rogue = ResourceId.parse(NET + "/serviceEndpointPolicies/rogue");
        ResourceEvent e = event(EventRouter.WRITE_SUCCESS, rogue + "/serviceEndpointPolicyDefinitions/d",
                "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write", Map.of());
        Topology using = new Topology(Map.of(rogue, Set.of(SUBNET)), true);
        assertEquals(List.of(SUBNET), EventRouter.route(e, CONFIG, using, Set.of()).scopes());
        Topology notUsing = new Topology(Map.of(SEP, Set.of(SUBNET)), true);
        assertFalse(EventRouter.route(e, CONFIG, notUsing, Set.of()).accepted());
        EventDecision cold = EventRouter.route(e, CONFIG, Topology.UNKNOWN, Set.of());
        assertTrue(cold.accepted(), "a cold instance reconciles conservatively");
        assertTrue(cold.reason().contains("not known yet"), cold.reason());
    }

    @Test
    void failedOperationsAndOtherTypesAreIgnoredWithAReason() {
        String subject = SUBNET.toString();
        String op = "Microsoft.Network/virtualNetworks/subnets/write";
        EventDecision failure = EventRouter.route(event("Microsoft.Resources.ResourceWriteFailure", subject, op, Map.of()),
                CONFIG, Topology.UNKNOWN, Set.of());
        assertFalse(failure.accepted());
        assertTrue(failure.reason().contains("did not succeed"), failure.reason());
        EventDecision action = EventRouter.route(event("Microsoft.Resources.ResourceActionSuccess", subject, op, Map.of()),
                CONFIG, Topology.UNKNOWN, Set.of());
        assertFalse(action.accepted());
        EventDecision storage = route("/subscriptions/sub1/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/x",
                "Microsoft.Storage/storageAccounts/write");
        assertFalse(storage.accepted());
        assertTrue(storage.reason().contains("cannot change a protected scope"), storage.reason());
    }

    @Test
    void theGuardsOwnWritesAreRoutedLikeAnyOtherAndMarked() {
        String subject = SEP + "/serviceEndpointPolicyDefinitions/ml-alias";
        String op = "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write";
        ResourceEvent byApp = event(EventRouter.WRITE_SUCCESS, subject, op, Map.of("appid", "7C9E6679-7425-40DE-944B-E07FC1F90AE7"));
        EventDecision d = EventRouter.route(byApp, CONFIG, Topology.UNKNOWN, Set.of("7c9e6679-7425-40de-944b-e07fc1f90ae7"));
        assertTrue(d.accepted(), "rule book 2.3: ignoring it would hand that identity's holder a blind spot");
        assertTrue(d.ownWrite());
        assertTrue(d.reason().contains("own identity 7C9E6679-7425-40DE-944B-E07FC1F90AE7"), d.reason());
        assertFalse(d.scopes().isEmpty());
        ResourceEvent byPrincipal = new ResourceEvent("id-2", EventRouter.WRITE_SUCCESS, subject, Optional.of(op),
                Optional.of("Succeeded"), Optional.empty(), Optional.empty(), Map.of(),
                Optional.of("2b1a0f9e8d7c4b6a9584736251403f2e"), Optional.empty(), Optional.empty());
        assertTrue(EventRouter.route(byPrincipal, CONFIG, Topology.UNKNOWN, Set.of("2b1a0f9e-8d7c-4b6a-9584-736251403f2e")).ownWrite());
        assertFalse(EventRouter.route(byPrincipal, CONFIG, Topology.UNKNOWN, Set.of("someone-else")).ownWrite());
        assertTrue(EventRouter.route(byPrincipal, CONFIG, Topology.UNKNOWN, Set.of("someone-else")).accepted());
    }

    static final String BATCH_NAME = "1b4e28ba-2fa1-11d2-883f-0016d3cca427-azurebatch-cloudservicenetworksecuritygroup";
    static final ResourceId RT = ResourceId.parse(NET + "/routeTables/compute-rt");

    /** What a warm instance knows: the protected subnet uses the configured SEP and NSG and the route table. */
    static Topology warm() {
        return new Topology(Map.of(SEP, Set.of(SUBNET), NSG, Set.of(SUBNET), RT, Set.of(SUBNET)), true);
    }

    static EventDecision route(String subject, String operation, Topology topology) {
        return EventRouter.route(event(EventRouter.WRITE_SUCCESS, subject, operation, Map.of()), CONFIG, topology, Set.of());
    }

    @Test
    void batchManagedResourcesAreNotDrift() {
        EventDecision d = route(NET + "/networkSecurityGroups/" + BATCH_NAME, "Microsoft.Network/networkSecurityGroups/write",
                warm());
        assertFalse(d.accepted());
        assertTrue(d.reason().contains("Batch-managed"), d.reason());
        EventDecision rule = route(NET + "/networkSecurityGroups/" + BATCH_NAME + "/securityRules/BatchNodeManagement",
                "Microsoft.Network/networkSecurityGroups/securityRules/write", warm());
        assertFalse(rule.accepted());
        assertTrue(rule.reason().contains("Batch-managed"), rule.reason());
        EventDecision lb = route(NET + "/loadBalancers/" + BATCH_NAME.replace("networksecuritygroup", "loadbalancer"),
                "Microsoft.Network/loadBalancers/write");
        assertFalse(lb.accepted(), lb.reason()); // not a handled operation either: never reaches a protected scope
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "/networkSecurityGroups/compute-nsg/securityRules/" + "1b4e28ba-2fa1-11d2-883f-0016d3cca427-azurebatch-cloudservicenetworksecuritygroup"
                    + ", Microsoft.Network/networkSecurityGroups/securityRules/write",
            "/serviceEndpointPolicies/aml-dlp/serviceEndpointPolicyDefinitions/" + "1b4e28ba-2fa1-11d2-883f-0016d3cca427-azurebatch-cloudservicepublicip"
                    + ", Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
            "/routeTables/compute-rt/routes/" + "1b4e28ba-2fa1-11d2-883f-0016d3cca427-azurebatch-cloudserviceloadbalancer"
                    + ", Microsoft.Network/routeTables/routes/write",
    })
    void aChildNamedLikeABatchResourceIsNotSkipped(String suffix, String operation) {
        // Attack #2 (mimicry): version 1 dropped these before routing because of the child's own name.
        EventDecision d = route(NET + suffix, operation, warm());
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(SUBNET), d.scopes());
    }

    @Test
    void aBatchNamedNsgAProtectedSubnetUsesIsNotManaged() {
        ResourceId batchNamed = ResourceId.parse(NET + "/networkSecurityGroups/" + BATCH_NAME);
        Topology attached = new Topology(Map.of(SEP, Set.of(SUBNET), batchNamed, Set.of(SUBNET)), true);
        EventDecision d = route(batchNamed + "/securityRules/allow-all-out", "Microsoft.Network/networkSecurityGroups/securityRules/write",
                attached);
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(SUBNET), d.scopes());
    }

    @Test
    void aBatchNamedNsgOnAColdInstanceIsNotAssumedUnreferenced() {
        EventDecision d = route(NET + "/networkSecurityGroups/" + BATCH_NAME, "Microsoft.Network/networkSecurityGroups/write",
                Topology.UNKNOWN);
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(SUBNET), d.scopes());
    }

    @Test
    void environmentVersionWritesReachTheWorkspace() {
        EventDecision d = route(WS + "/environments/train/versions/3",
                "Microsoft.MachineLearningServices/workspaces/environments/versions/write");
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(SUBNET), d.scopes());
    }

    @Test
    void aSubjectThatIsNotAnIdIsIgnored() {
        EventDecision d = route("not an id", "Microsoft.Network/virtualNetworks/subnets/write");
        assertFalse(d.accepted());
        assertTrue(d.reason().contains("not an ARM resource id"), d.reason());
    }
}
