package com.dlpguard.arm.memory;

import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.Json;
import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.Subnet;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.snapshot.SnapshotLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryArmGatewayTest {

    static final Path BASELINE = Path.of("src/test/resources/snapshot/baseline");
    static final String SUB = "00000000-0000-0000-0000-000000000001";
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/ml-rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final ResourceId VNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet");
    static final ResourceId COMPUTE = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/compute");
    static final ResourceId JUMPBOX = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/jumpbox");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId RT = ResourceId.parse(NET + "/routeTables/compute-rt");
    static final ResourceId WS = ResourceId.parse(RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml");
    static final String API = "?api-version=2025-03-01";

    InMemoryArmGateway arm;

    @BeforeEach
    void seed() throws Exception {
        arm = InMemoryArmGateway.fromSnapshot(BASELINE);
    }

    static ReadScope.Targeted targeted(Set<ResourceId> subnets, Set<ResourceId> seps, Set<ResourceId> nsgs,
                                       Set<ResourceId> workspaces, boolean envVersions) {
        return new ReadScope.Targeted(subnets, seps, nsgs, workspaces, envVersions);
    }

    static PlannedWrite write(String method, ResourceId target, Optional<String> ifMatch, Optional<String> body) {
        return new PlannedWrite(List.of("DLP009"), "test", target,
                new ArmRequest(method, target + API, ifMatch, body), "test write", "p", "b", "a");
    }

    static String ruleBody(String name, int priority) {
        return """
                {"properties": {"priority": %d, "direction": "Outbound", "access": "Allow", "protocol": "Tcp",
                 "sourceAddressPrefix": "*", "sourcePortRange": "*", "destinationAddressPrefix": "AzureMachineLearning",
                 "destinationPortRange": "443", "description": "%s"}}""".formatted(priority, name);
    }

    // ---- seeding and reading ------------------------------------------------------------------

    @Test
    void seededEstateEqualsTheSnapshotLoadersView() throws Exception {
        Estate viaArm = arm.read(new ReadScope.Subscription(SUB, Optional.empty()));
        Estate viaLoader = SnapshotLoader.load(BASELINE);
        assertEquals(viaLoader.subnets().keySet(), viaArm.subnets().keySet());
        assertEquals(viaLoader.networkSecurityGroup(NSG).orElseThrow().securityRules().stream().map(SecurityRule::name).toList(),
                viaArm.networkSecurityGroup(NSG).orElseThrow().securityRules().stream().map(SecurityRule::name).toList());
        assertEquals(viaLoader.subnet(COMPUTE).orElseThrow().serviceEndpointPolicyIds(),
                viaArm.subnet(COMPUTE).orElseThrow().serviceEndpointPolicyIds());
        assertEquals(6, viaArm.networkSecurityGroup(NSG).orElseThrow().defaultSecurityRules().size());
        assertEquals(2, viaArm.serviceEndpointPolicy(SEP).orElseThrow().definitions().size());
        assertEquals(viaLoader.size(), viaArm.size());
    }

    @Test
    void everyChildIsAddressable() {
        JsonObject rule = arm.resource(NSG.child("securityRules", "allow-storage-outbound")).orElseThrow();
        assertEquals(110, rule.getAsJsonObject("properties").get("priority").getAsInt());
        assertTrue(arm.resource(SEP.child("serviceEndpointPolicyDefinitions", "ml-alias")).isPresent());
        assertTrue(arm.resource(COMPUTE).isPresent());
        assertTrue(arm.resource(RT.child("routes", "onprem")).isPresent());
        assertTrue(arm.resource(NSG.child("defaultSecurityRules", "DenyAllOutBound")).isPresent());
    }

    @Test
    void targetedReadFollowsTheSubnetsReferences() throws Exception {
        Estate estate = arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(), Set.of(), false));
        assertTrue(estate.subnet(COMPUTE).isPresent());
        assertTrue(estate.virtualNetwork(VNET).isPresent());
        assertTrue(estate.networkSecurityGroup(NSG).isPresent());
        assertTrue(estate.serviceEndpointPolicy(SEP).isPresent());
        assertTrue(estate.routeTable(RT).isPresent());
        assertTrue(estate.workspaces().isEmpty());
        assertTrue(estate.environmentVersions().isEmpty());
    }

    @Test
    void targetedReadOfNamedResourcesAndEnvironmentVersions() throws Exception {
        Estate named = arm.read(targeted(Set.of(), Set.of(SEP), Set.of(NSG), Set.of(WS), false));
        assertEquals(Set.of(SEP), named.serviceEndpointPolicies().keySet());
        assertEquals(Set.of(NSG), named.networkSecurityGroups().keySet());
        assertTrue(named.workspace(WS).orElseThrow().storageAccount().isPresent());
        assertTrue(named.subnets().isEmpty());
        assertTrue(named.environmentVersions().isEmpty());
        Estate withVersions = arm.read(targeted(Set.of(), Set.of(), Set.of(), Set.of(WS), true));
        assertEquals(1, withVersions.environmentVersionsOf(WS).size());
    }

    @Test
    void missingResourcesAreAbsentNotErrors() throws Exception {
        ResourceId ghost = VNET.child("subnets", "ghost");
        Estate estate = arm.read(targeted(Set.of(ghost), Set.of(ResourceId.parse(NET + "/serviceEndpointPolicies/none")),
                Set.of(), Set.of(), false));
        assertEquals(0, estate.size());
        assertTrue(estate.readFailures().isEmpty());
    }

    @Test
    void subscriptionReadIsScopedToTheSubscriptionOrGroup() throws Exception {
        JsonObject elsewhere = JsonParser.parseString("""
                {"id": "/subscriptions/%s/resourceGroups/other-rg/providers/Microsoft.Network/networkSecurityGroups/x",
                 "location": "westeurope", "properties": {"securityRules": []}}""".formatted(SUB)).getAsJsonObject();
        JsonObject otherSub = JsonParser.parseString("""
                {"id": "/subscriptions/ffffffff-0000-0000-0000-000000000000/resourceGroups/ml-rg/providers/Microsoft.Network/networkSecurityGroups/y",
                 "location": "westeurope", "properties": {}}""").getAsJsonObject();
        arm.putExternally(elsewhere);
        arm.putExternally(otherSub);
        assertEquals(2, arm.read(new ReadScope.Subscription(SUB, Optional.empty())).networkSecurityGroups().size());
        Estate group = arm.read(new ReadScope.Subscription(SUB, Optional.of("ML-RG")));
        assertEquals(Set.of(NSG), group.networkSecurityGroups().keySet());
        assertEquals(2, group.subnets().size());
    }

    @Test
    void deniedReadsBecomeReadFailures() throws Exception {
        arm.denyReads(SEP, "403 AuthorizationFailed");
        Estate estate = arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(), Set.of(), false));
        assertFalse(estate.serviceEndpointPolicy(SEP).isPresent());
        assertEquals(Optional.of("403 AuthorizationFailed"), estate.readFailure(SEP));
        assertTrue(estate.subnet(COMPUTE).isPresent());
    }

    @Test
    void seedsFromTheSharedFixtures() throws Exception {
        InMemoryArmGateway fixtures = InMemoryArmGateway.fromSnapshot(Path.of("src/test/resources/shared-fixtures/arm"));
        ResourceId testnsg = ResourceId.parse("/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network/networkSecurityGroups/testnsg");
        Estate estate = fixtures.read(new ReadScope.Subscription("subid", Optional.empty()));
        assertEquals(1, estate.networkSecurityGroup(testnsg).orElseThrow().securityRules().size());
        // the SEP example's definition lives under the policy that lists it
        ResourceId policy = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/"
                + "Microsoft.Network/serviceEndpointPolicies/testpolicy");
        assertTrue(fixtures.resource(policy.child("serviceEndpointPolicyDefinitions", "StorageServiceEndpointPolicyDefinition")).isPresent());
    }

    // ---- writing -----------------------------------------------------------------------------

    @Test
    void childPutWithTheCurrentEtagAppliesAndRenewsTheFamilysEtag() throws Exception {
        ResourceId rule = NSG.child("securityRules", "dlp-guard-dlp008-azureml-outbound");
        String before = arm.etag(NSG).orElseThrow();
        WriteOutcome outcome = arm.execute(write("PUT", rule, Optional.of(before), Optional.of(ruleBody("restored", 119))));
        assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
        assertTrue(outcome.requestId().isPresent());

        String after = arm.etag(NSG).orElseThrow();
        assertNotEquals(before, after);
        assertTrue(after.matches("W/\"[0-9a-f-]{36}\""), after);
        assertEquals(Optional.of(after), arm.etag(rule));
        assertEquals(Optional.of(after), arm.etag(NSG.child("securityRules", "allow-storage-outbound")));
        assertEquals(Optional.of(after), arm.etag(NSG.child("defaultSecurityRules", "DenyAllOutBound")));

        NetworkSecurityGroup nsg = arm.read(targeted(Set.of(), Set.of(), Set.of(NSG), Set.of(), false))
                .networkSecurityGroup(NSG).orElseThrow();
        SecurityRule restored = nsg.rule("dlp-guard-dlp008-azureml-outbound").orElseThrow();
        assertEquals(119, restored.priority());
        assertEquals(Optional.of(after), nsg.etag());
        // the parent's inline copy carries it too
        JsonArray inline = arm.resource(NSG).orElseThrow().getAsJsonObject("properties").getAsJsonArray("securityRules");
        assertEquals(9, inline.size());
    }

    @Test
    void aStaleIfMatchIsAPreconditionFailureAndChangesNothing() throws Exception {
        String stale = arm.etag(NSG).orElseThrow();
        arm.execute(write("PUT", NSG.child("securityRules", "a"), Optional.of(stale), Optional.of(ruleBody("a", 200))));
        JsonObject before = arm.resource(NSG).orElseThrow();
        WriteOutcome outcome = arm.execute(write("PUT", NSG.child("securityRules", "b"), Optional.of(stale),
                Optional.of(ruleBody("b", 201))));
        assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
        assertEquals(Optional.of("PreconditionFailed"), outcome.errorCode());
        assertEquals(before, arm.resource(NSG).orElseThrow());
        assertFalse(arm.resource(NSG.child("securityRules", "b")).isPresent());
        // a new child is guarded by its family's (the parent's) etag; a stale one fails
        assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, arm.execute(write("DELETE", NSG.child("securityRules", "zz"),
                Optional.of(stale), Optional.empty())).result());
        // If-Match on a resource without a parent held here fails: nothing to match
        ResourceId nowhere = ResourceId.parse(NET + "/networkSecurityGroups/none");
        assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, arm.execute(write("DELETE", nowhere, Optional.of("*"),
                Optional.empty())).result());
    }

    @Test
    void deleteRemovesTheChildFromTheParent() throws Exception {
        ResourceId rule = NSG.child("securityRules", "deny-internet-outbound");
        WriteOutcome outcome = arm.execute(write("DELETE", rule, arm.etag(rule), Optional.empty()));
        assertEquals(WriteOutcome.Result.APPLIED, outcome.result());
        assertFalse(arm.resource(rule).isPresent());
        NetworkSecurityGroup nsg = arm.read(new ReadScope.Subscription(SUB, Optional.empty())).networkSecurityGroup(NSG).orElseThrow();
        assertTrue(nsg.rule("deny-internet-outbound").isEmpty());
        assertEquals(7, nsg.securityRules().size());
        // deleting what is already gone is idempotent
        assertEquals(WriteOutcome.Result.APPLIED, arm.execute(write("DELETE", rule, Optional.empty(), Optional.empty())).result());
    }

    @Test
    void subnetPutReplacesPropertiesAndArmsBackReferencesFollow() throws Exception {
        JsonObject subnet = arm.resource(COMPUTE).orElseThrow();
        JsonObject props = subnet.getAsJsonObject("properties");
        props.remove("networkSecurityGroup");
        props.add("serviceEndpointPolicies", new JsonArray());
        String vnetEtag = arm.etag(VNET).orElseThrow();
        WriteOutcome outcome = arm.execute(write("PUT", COMPUTE, arm.etag(COMPUTE), Optional.of(Json.compactGson().toJson(subnet))));
        assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());

        Estate estate = arm.read(targeted(Set.of(COMPUTE), Set.of(SEP), Set.of(NSG), Set.of(), false));
        Subnet after = estate.subnet(COMPUTE).orElseThrow();
        assertEquals(Optional.empty(), after.networkSecurityGroupId());
        assertEquals(List.of(), after.serviceEndpointPolicyIds());
        assertEquals(Optional.of(RT), after.routeTableId());
        assertTrue(after.hasServiceEndpoint("Microsoft.Storage"));
        assertEquals(List.of(), estate.networkSecurityGroup(NSG).orElseThrow().subnetIds());
        assertEquals(List.of(), estate.serviceEndpointPolicy(SEP).orElseThrow().subnetIds());
        // VNet and subnets are one family
        assertNotEquals(vnetEtag, arm.etag(VNET).orElseThrow());
        assertEquals(arm.etag(VNET), arm.etag(JUMPBOX));
        // the VNet's inline copy of the subnet changed with it
        JsonObject inline = arm.resource(VNET).orElseThrow().getAsJsonObject("properties").getAsJsonArray("subnets")
                .get(0).getAsJsonObject();
        assertFalse(inline.getAsJsonObject("properties").has("networkSecurityGroup"));
    }

    @Test
    void definitionPutRestoresTheAlias() throws Exception {
        ResourceId alias = SEP.child("serviceEndpointPolicyDefinitions", "ml-alias");
        arm.deleteExternally(alias);
        assertEquals(1, arm.read(targeted(Set.of(), Set.of(SEP), Set.of(), Set.of(), false))
                .serviceEndpointPolicy(SEP).orElseThrow().definitions().size());
        String body = "{\"properties\": {\"service\": \"Global\", \"serviceResources\": [\"/services/Azure/MachineLearning\"]}}";
        assertEquals(WriteOutcome.Result.APPLIED, arm.execute(write("PUT", alias, arm.etag(SEP), Optional.of(body))).result());
        assertTrue(arm.read(targeted(Set.of(), Set.of(SEP), Set.of(), Set.of(), false)).serviceEndpointPolicy(SEP).orElseThrow()
                .definition("ml-alias").orElseThrow().lists("/services/Azure/MachineLearning"));
    }

    @Test
    void nsgPutWithoutRulesDropsThemButNotTheDefaults() throws Exception {
        JsonObject nsg = arm.resource(NSG).orElseThrow();
        nsg.getAsJsonObject("properties").remove("securityRules");
        nsg.getAsJsonObject("properties").remove("defaultSecurityRules");
        assertEquals(WriteOutcome.Result.APPLIED, arm.execute(write("PUT", NSG, arm.etag(NSG), Optional.of(Json.compactGson().toJson(nsg)))).result());
        NetworkSecurityGroup after = arm.read(targeted(Set.of(), Set.of(), Set.of(NSG), Set.of(), false))
                .networkSecurityGroup(NSG).orElseThrow();
        assertEquals(0, after.securityRules().size());
        assertEquals(6, after.defaultSecurityRules().size());
        assertFalse(arm.resource(NSG.child("securityRules", "allow-storage-outbound")).isPresent());
    }

    @Test
    void invalidWritesFailWithoutChangingState() throws Exception {
        ResourceId rule = NSG.child("securityRules", "broken");
        JsonObject before = arm.resource(NSG).orElseThrow();
        WriteOutcome noPriority = arm.execute(write("PUT", rule, Optional.empty(),
                Optional.of(ruleBody("x", 100).replace("\"priority\": 100,", ""))));
        assertEquals(WriteOutcome.Result.FAILED, noPriority.result());
        assertEquals(Optional.of("InvalidRequestContent"), noPriority.errorCode());
        assertTrue(noPriority.detail().contains("priority: missing"), noPriority.detail());
        assertEquals(WriteOutcome.Result.FAILED, arm.execute(write("PUT", rule, Optional.empty(), Optional.of("{,}"))).result());
        assertEquals(WriteOutcome.Result.FAILED, arm.execute(write("PUT", rule, Optional.empty(), Optional.empty())).result());
        ResourceId orphan = ResourceId.parse(NET + "/networkSecurityGroups/none/securityRules/r");
        WriteOutcome noParent = arm.execute(write("PUT", orphan, Optional.empty(), Optional.of(ruleBody("r", 100))));
        assertEquals(Optional.of("ParentResourceNotFound"), noParent.errorCode());
        assertEquals(before, arm.resource(NSG).orElseThrow());
    }

    @Test
    void urlsAreParsedWithoutTheQueryAndIdsCaseInsensitively() throws Exception {
        ResourceId lower = ResourceId.parse(NSG.toString().replace("resourceGroups", "resourcegroups") + "/securityRules/ALLOW-AAD-OUTBOUND");
        PlannedWrite delete = new PlannedWrite(List.of("DLP009"), "delete", lower,
                new ArmRequest("DELETE", lower + "?api-version=2025-03-01&x=1", Optional.of("*"), Optional.empty()), "r", "p", "b", "a");
        assertEquals(WriteOutcome.Result.APPLIED, arm.execute(delete).result());
        assertFalse(arm.resource(NSG.child("securityRules", "allow-aad-outbound")).isPresent());
    }

    @Test
    void externalChangesRenewEtags() throws Exception {
        String before = arm.etag(SEP).orElseThrow();
        arm.deleteExternally(SEP.child("serviceEndpointPolicyDefinitions", "workspace-storage"));
        assertNotEquals(before, arm.etag(SEP).orElseThrow());
        String mid = arm.etag(COMPUTE).orElseThrow();
        JsonObject subnet = arm.resource(COMPUTE).orElseThrow();
        subnet.getAsJsonObject("properties").add("serviceEndpoints", new JsonArray());
        arm.putExternally(subnet);
        assertNotEquals(mid, arm.etag(COMPUTE).orElseThrow());
        assertFalse(arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(), Set.of(), false)).subnet(COMPUTE).orElseThrow()
                .hasServiceEndpoint("Microsoft.Storage"));
    }

    /**
     * An estate already read keeps the documents as they were read: records render their text
     * lazily, so later writes and external changes to the held state must not reach them.
     */
    @Test
    void anEstateReadBeforeAChangeKeepsTheDocumentsItRead() throws Exception {
        String subnetAsRead = Json.compact(arm.resource(COMPUTE).orElseThrow());
        String nsgAsRead = Json.compact(arm.resource(NSG).orElseThrow());
        Estate before = arm.read(new ReadScope.Subscription(SUB, Optional.empty()));
        Estate targetedBefore = arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(NSG), Set.of(), false));

        JsonObject subnet = arm.resource(COMPUTE).orElseThrow();
        subnet.getAsJsonObject("properties").add("serviceEndpoints", new JsonArray());
        arm.putExternally(subnet);
        subnet.getAsJsonObject("properties").addProperty("addressPrefix", "10.99.0.0/24");
        assertEquals(WriteOutcome.Result.APPLIED, arm.execute(write("DELETE", NSG.child("securityRules", "allow-acr-outbound"),
                Optional.empty(), Optional.empty())).result());

        assertNotEquals(subnetAsRead, Json.compact(arm.resource(COMPUTE).orElseThrow()), "the held subnet changed");
        assertNotEquals(nsgAsRead, Json.compact(arm.resource(NSG).orElseThrow()), "the held NSG changed");
        for (Estate e : List.of(before, targetedBefore)) {
            assertEquals(subnetAsRead, e.subnet(COMPUTE).orElseThrow().json());
            assertEquals(nsgAsRead, e.networkSecurityGroup(NSG).orElseThrow().json());
            assertTrue(e.networkSecurityGroup(NSG).orElseThrow().rule("allow-acr-outbound").isPresent());
        }
    }

    @Test
    void readsAndWritesAreCounted() throws Exception {
        assertEquals(0, arm.readCount());
        arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(), Set.of(), false));
        arm.read(new ReadScope.Subscription(SUB, Optional.empty()));
        assertEquals(2, arm.readCount());
        PlannedWrite w = write("DELETE", NSG.child("securityRules", "allow-acr-outbound"), Optional.of("W/\"stale\""), Optional.empty());
        arm.execute(w);
        assertEquals(1, arm.writeCount());
        assertEquals(List.of(w.request()), arm.requests());
    }

    @Test
    void concurrentWritesAndReadsAreSafe() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<WriteOutcome>> writes = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                writes.add(pool.submit(() -> arm.execute(write("PUT", NSG.child("securityRules", "r" + n), Optional.empty(),
                        Optional.of(ruleBody("r" + n, 1000 + n))))));
                pool.submit(() -> arm.read(targeted(Set.of(COMPUTE), Set.of(), Set.of(NSG), Set.of(), false)));
            }
            for (Future<WriteOutcome> f : writes) {
                assertEquals(WriteOutcome.Result.APPLIED, f.get(30, TimeUnit.SECONDS).result());
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(208, arm.read(targeted(Set.of(), Set.of(), Set.of(NSG), Set.of(), false))
                .networkSecurityGroup(NSG).orElseThrow().securityRules().size());
        assertEquals(200, arm.writeCount());
        assertEquals(200, arm.readCount() - 1);
    }
}
