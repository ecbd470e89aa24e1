package com.dlpguard.infra;

import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.config.Mode;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.Plan;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;
import com.dlpguard.snapshot.EstateBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Defect 1 (issue 13): the custom role must hold every action any planned write can need. The
 * actions are DERIVED from what the planner writes: one scenario per kind of remedy (a new remedy
 * without a scenario fails {@link #everyKindOfRemedyHasAScenario}), each planned over a subnet
 * that links every kind of resource a subnet can link (NSG, route table, SEPs, NAT gateway, IP
 * allocation, IPAM pool), and {@link ArmPermissions#requiredFor} of every write must be mapped and
 * held by the role deployed by infra/ (guard-role-definition.bicep's guardActions).
 */
class RolePermissionsTest {
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final ResourceId SUBNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/compute");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId ROGUE_SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/rogue-sep");
    static final ResourceId ROUTE_TABLE = ResourceId.parse(NET + "/routeTables/compute-rt");
    // Linked from elsewhere: the join is checked at THEIR resource group.
    static final ResourceId NAT = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/hub-rg"
            + "/providers/Microsoft.Network/natGateways/hub-nat");
    static final ResourceId IP_ALLOCATION = ResourceId.parse(NET + "/IpAllocations/ml-alloc");
    static final ResourceId IPAM_POOL = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/netmgr-rg"
            + "/providers/Microsoft.Network/networkManagers/corp/ipamPools/westeurope");

    static final ResourceId MANAGED_WORKSPACE = ResourceId.parse(RG + "/providers/Microsoft.MachineLearningServices/workspaces/mvnet");

    static final Set<String> ROLE = new TreeSet<>(BicepSource.read(Repo.infra().resolve("modules/guard-role-definition.bicep"))
            .stringArrayVar("guardActions"));

    /** One planner input per kind of remedy; every one must lead to at least one write. */
    static final Map<Class<? extends Remedy>, Supplier<List<Remedy>>> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put(Remedy.AddServiceEndpoint.class, () -> List.of(new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage")));
        SCENARIOS.put(Remedy.AttachServiceEndpointPolicy.class, () -> List.of(
                new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage"), new Remedy.AttachServiceEndpointPolicy(SUBNET, SEP)));
        SCENARIOS.put(Remedy.DetachServiceEndpointPolicy.class, () -> List.of(new Remedy.DetachServiceEndpointPolicy(SUBNET, ROGUE_SEP)));
        SCENARIOS.put(Remedy.AttachNetworkSecurityGroup.class, () -> List.of(
                new Remedy.AttachNetworkSecurityGroup(SUBNET, ResourceId.parse(NET + "/networkSecurityGroups/other-nsg"))));
        SCENARIOS.put(Remedy.RestoreMlAlias.class, () -> List.of(
                new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", "/services/Azure/MachineLearning")));
        SCENARIOS.put(Remedy.AddStorageAccount.class, () -> List.of(new Remedy.AddStorageAccount(SEP, "storage-accounts",
                ResourceId.parse(RG + "/providers/Microsoft.Storage/storageAccounts/newstore"))));
        SCENARIOS.put(Remedy.RemoveStorageEntries.class, () -> List.of(new Remedy.RemoveStorageEntries(
                SEP.child("serviceEndpointPolicyDefinitions", "storage-accounts"),
                List.of("/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/attacker-rg/providers/Microsoft.Storage/storageAccounts/exfilstore"))));
        SCENARIOS.put(Remedy.AddOutboundAllowRule.class, () -> List.of(new Remedy.AddOutboundAllowRule(NSG,
                "dlp-guard-dlp007-storage-outbound", "Storage.westeurope", "Tcp", Optional.of(4000))));
        SCENARIOS.put(Remedy.DeleteSecurityRule.class, () -> List.of(new Remedy.DeleteSecurityRule(
                NSG.child("securityRules", "allow-batch-inbound"))));
        SCENARIOS.put(Remedy.AddRoute.class, () -> List.of(new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning")));
        SCENARIOS.put(Remedy.DeleteStorageDefinition.class, () -> List.of(new Remedy.DeleteStorageDefinition(
                SEP.child("serviceEndpointPolicyDefinitions", "rogue-accounts"))));
        SCENARIOS.put(Remedy.DeleteRoute.class, () -> List.of(new Remedy.DeleteRoute(ROUTE_TABLE.child("routes", "default-to-firewall"))));
        SCENARIOS.put(Remedy.RouteToAppliance.class, () -> List.of(new Remedy.RouteToAppliance(
                ROUTE_TABLE.child("routes", "default-to-firewall"), "0.0.0.0/0", "10.20.9.4")));
        SCENARIOS.put(Remedy.DeleteOutboundRule.class, () -> List.of(new Remedy.DeleteOutboundRule(
                MANAGED_WORKSPACE.child("outboundRules", "pe-stash"))));
    }

    /** The planner's fixtures, the subnet also linking a NAT gateway, an IP allocation and an IPAM pool. */
    static Estate estate() throws Exception {
        EstateBuilder builder = new EstateBuilder();
        for (String file : List.of("subnet-compute.json", "nsg-compute.json", "sep-aml-dlp.json", "routetable-compute.json")) {
            JsonObject resource = StrictJson.parse(Files.readAllBytes(Path.of("src/test/resources/plan", file))).getAsJsonObject();
            if (file.startsWith("sep")) {
                // A second Microsoft.Storage definition holding only a rogue account: DLP005 deletes it
                // (the approved one remains).
                JsonObject rogue = StrictJson.parse("{\"name\":\"rogue-accounts\",\"id\":\"" + SEP
                        + "/serviceEndpointPolicyDefinitions/rogue-accounts\",\"properties\":{\"service\":\"Microsoft.Storage\","
                        + "\"serviceResources\":[\"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/attacker-rg"
                        + "/providers/Microsoft.Storage/storageAccounts/exfil2\"]}}").getAsJsonObject();
                resource.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions").add(rogue);
            }
            if (file.startsWith("subnet")) {
                JsonObject p = resource.getAsJsonObject("properties");
                p.add("natGateway", reference("id", NAT));
                JsonArray allocations = new JsonArray();
                allocations.add(reference("id", IP_ALLOCATION));
                p.add("ipAllocations", allocations);
                JsonArray prefixes = new JsonArray();
                JsonObject prefix = reference("pool", IPAM_POOL);
                prefix.addProperty("numberOfIpAddresses", "256");
                prefixes.add(prefix);
                p.add("ipamPoolPrefixAllocations", prefixes);
            }
            builder.add(resource, file);
        }
        // A managed-network workspace with a user-defined private endpoint rule (DLP016 deletes it).
        builder.add(StrictJson.parse("{\"id\":\"" + MANAGED_WORKSPACE + "\",\"type\":\"Microsoft.MachineLearningServices/workspaces\","
                + "\"location\":\"westeurope\",\"properties\":{\"managedNetwork\":{\"isolationMode\":\"AllowOnlyApprovedOutbound\","
                + "\"outboundRules\":{\"pe-stash\":{\"type\":\"PrivateEndpoint\",\"category\":\"UserDefined\",\"destination\":"
                + "{\"serviceResourceId\":\"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/attacker-rg/providers/"
                + "Microsoft.Storage/storageAccounts/exfil3\"}}}}}}").getAsJsonObject(), "managed-workspace.json");
        return builder.build();
    }

    static JsonObject reference(String field, ResourceId id) {
        JsonObject ref = new JsonObject();
        ref.addProperty(field, id.toString());
        return ref;
    }

    static Plan plan(List<Remedy> remedies, Estate estate) {
        Finding finding = new Finding("DLP000", Severity.HIGH, Status.VIOLATION, remedies.get(0).target(), "contoso-ml",
                Optional.of(SUBNET), "violated", "restore it", List.of(), remedies);
        return new RollbackPlanner().plan(new Evaluation(List.of(new Assessment(finding, Mode.ROLLBACK, Optional.empty()))), estate);
    }

    @Test
    void everyKindOfRemedyHasAScenario() {
        Set<String> permitted = Arrays.stream(Remedy.class.getPermittedSubclasses()).map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = SCENARIOS.keySet().stream().map(Class::getSimpleName).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(permitted, covered, "a new remedy needs a scenario here, so the role is checked against its writes");
    }

    @Test
    void theRoleHoldsEveryActionEveryPlannedWriteNeeds() throws Exception {
        Estate estate = estate();
        Set<String> derived = new TreeSet<>();
        Set<ArmPermissions.WriteKind> kinds = new java.util.HashSet<>();
        for (Map.Entry<Class<? extends Remedy>, Supplier<List<Remedy>>> scenario : SCENARIOS.entrySet()) {
            Plan plan = plan(scenario.getValue().get(), estate);
            assertFalse(plan.writes().isEmpty(), scenario.getKey().getSimpleName() + " planned nothing: " + plan.skipped());
            for (PlannedWrite write : plan.writes()) {
                kinds.add(ArmPermissions.WriteKind.of(write));
                List<ArmPermissions.ScopedAction> needed = ArmPermissions.requiredFor(write).orElseThrow(() -> new AssertionError(
                        "no actions mapped for " + ArmPermissions.WriteKind.of(write) + " (" + scenario.getKey().getSimpleName()
                                + "): add it to ArmPermissions.WRITE_KINDS"));
                needed.forEach(a -> derived.add(a.action()));
            }
        }
        Set<String> missing = new TreeSet<>(derived);
        missing.removeAll(ROLE);
        assertEquals(Set.of(), missing, "actions the planner's writes need that the role lacks");
        assertTrue(kinds.size() >= 7, "subnet PUT, definition PUT and DELETE, rule PUT and DELETE, route PUT and DELETE: " + kinds);
    }

    @Test
    void aSubnetPutNeedsTheJoinOfEveryResourceItLinksAtThatResource() throws Exception {
        Plan plan = plan(List.of(new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage")), estate());
        PlannedWrite put = plan.writes().get(0);
        JsonObject body = StrictJson.parse(put.request().body().orElseThrow()).getAsJsonObject().getAsJsonObject("properties");
        assertTrue(body.has("natGateway") && body.has("ipAllocations") && body.has("ipamPoolPrefixAllocations"),
                "the PUT resends every link unchanged, so ARM checks each one's join: " + body);
        Map<String, ResourceId> joins = ArmPermissions.requiredFor(put).orElseThrow().stream()
                .collect(Collectors.toMap(ArmPermissions.ScopedAction::action, ArmPermissions.ScopedAction::scope, (a, b) -> a));
        assertEquals(NAT, joins.get("Microsoft.Network/natGateways/join/action"), "checked on the NAT gateway, in its own group");
        assertEquals(NSG, joins.get("Microsoft.Network/networkSecurityGroups/join/action"));
        assertEquals(ROUTE_TABLE, joins.get("Microsoft.Network/routeTables/join/action"));
        assertEquals(ROGUE_SEP, joins.get("Microsoft.Network/serviceEndpointPolicies/join/action"));
        assertEquals(IP_ALLOCATION, joins.get("Microsoft.Network/ipAllocations/join/action"));
        assertEquals(IPAM_POOL, joins.get("Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action"));
        assertEquals(SUBNET, joins.get(ArmPermissions.SERVICE_ENDPOINT_JOIN), "adding a service endpoint: joinViaServiceEndpoint on the subnet");
        assertTrue(ROLE.containsAll(joins.keySet()), "role lacks " + joins.keySet().stream().filter(a -> !ROLE.contains(a)).toList());
    }

    @Test
    void anOutboundRuleDeleteNeedsTheMachineLearningStatusReadNotTheNetworkOne() throws Exception {
        Plan plan = plan(SCENARIOS.get(Remedy.DeleteOutboundRule.class).get(), estate());
        assertEquals(1, plan.writes().size(), plan.skipped().toString());
        Set<String> needed = ArmPermissions.requiredFor(plan.writes().get(0)).orElseThrow().stream()
                .map(ArmPermissions.ScopedAction::action).collect(Collectors.toCollection(TreeSet::new));
        // The delete answers 202 + Location under Microsoft.MachineLearningServices/locations/...:
        // polling it is an ML read, and the network status read would be asked for in vain.
        assertEquals(new TreeSet<>(Set.of("Microsoft.MachineLearningServices/workspaces/outboundRules/delete",
                ArmPermissions.ML_OPERATION_STATUS_READ)), needed);
        assertTrue(ArmPermissions.ML_OPERATION_STATUS_READ.startsWith("Microsoft.MachineLearningServices/locations/"));
        assertTrue(ROLE.containsAll(needed), "role lacks " + needed.stream().filter(a -> !ROLE.contains(a)).toList());
        assertTrue(ArmPermissions.forManagedWorkspace().contains(ArmPermissions.ML_OPERATION_STATUS_READ),
                "the self-check asks for it at the managed workspace's group");
    }

    @Test
    void theRoleHoldsTheJoinOfEveryResourceTypeASubnetCanLink() {
        for (ArmPermissions.LinkedReference link : ArmPermissions.SUBNET_LINKS) {
            assertTrue(ROLE.contains(link.joinAction()), link.resourceType() + ": " + link.joinAction());
        }
        for (String type : List.of("networkSecurityGroups", "routeTables", "natGateways", "serviceEndpointPolicies",
                "networkIntentPolicies", "ipAllocations")) {
            assertTrue(ROLE.contains("Microsoft.Network/" + type + "/join/action"), type);
        }
        assertTrue(ROLE.contains("Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action"));
        for (Set<String> actions : ArmPermissions.WRITE_KINDS.values()) {
            assertTrue(ROLE.containsAll(actions), actions.toString());
        }
        assertTrue(ROLE.contains(ArmPermissions.OPERATION_STATUS_READ));
    }
}
