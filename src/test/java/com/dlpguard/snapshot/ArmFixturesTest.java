package com.dlpguard.snapshot;

import com.dlpguard.model.Estate;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.model.Subnet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every real ARM payload of /work/shared/fixtures/arm loads, and yields the records its body describes. */
class ArmFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/shared-fixtures/arm");

    static final String SUB0 = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg1/providers/Microsoft.Network";
    static final String SUBID = "/subscriptions/subid/resourceGroups/rg1/providers/Microsoft.Network";
    static final List<String> STORAGE_SCOPES = List.of("/subscriptions/subid1", "/subscriptions/subid1/resourceGroups/storageRg",
            "/subscriptions/subid1/resourceGroups/storageRg/providers/Microsoft.Storage/storageAccounts/stAccount");

    /** What each fixture must yield; a fixture added without an expectation fails the test. */
    static final Map<String, Consumer<Estate>> EXPECTATIONS = Map.ofEntries(
            Map.entry("mlCompute-amlCompute-create-2025-09-01.json", ArmFixturesTest::nothingModelled),
            Map.entry("mlCompute-computeInstance-get-2025-09-01.json", ArmFixturesTest::nothingModelled),
            Map.entry("mlWorkspace-get-2025-09-01.json", ArmFixturesTest::workspace),
            Map.entry("networkSecurityGroup-get-2025-07-01.json", ArmFixturesTest::networkSecurityGroup),
            Map.entry("route-create-2025-07-01.json", e -> onlyAChildOf(e, SUBID + "/routeTables/testrt")),
            Map.entry("routeTable-get-2024-07-01.json", ArmFixturesTest::routeTable),
            Map.entry("securityRule-create-2025-03-01.json", e -> onlyAChildOf(e, SUB0 + "/networkSecurityGroups/testnsg")),
            Map.entry("securityRule-get-2024-07-01.json", e -> onlyAChildOf(e, SUBID + "/networkSecurityGroups/testnsg")),
            Map.entry("serviceEndpointPolicy-createWithDefinition-2025-03-01.json", ArmFixturesTest::policyWithCapitalisedType),
            Map.entry("serviceEndpointPolicy-get-2025-03-01.json", ArmFixturesTest::policy),
            Map.entry("serviceEndpointPolicyDefinition-create-2025-03-01.json",
                    e -> onlyAChildOf(e, SUB0 + "/serviceEndpointPolicies/testPolicy")),
            Map.entry("serviceEndpointPolicyDefinition-get-2025-03-01.json",
                    e -> onlyAChildOf(e, SUB0 + "/serviceEndpointPolicies/testPolicy")),
            Map.entry("subnet-createServiceEndpoint-2025-07-01.json", ArmFixturesTest::subnetWithEndpoint),
            Map.entry("subnet-get-2025-03-01.json", ArmFixturesTest::plainSubnet));

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureLoadsIntoTheExpectedRecords(Path fixture) throws SnapshotException {
        Consumer<Estate> expectation = EXPECTATIONS.get(fixture.getFileName().toString());
        assertNotNull(expectation, "no expectation written for " + fixture.getFileName());
        expectation.accept(SnapshotLoader.load(fixture));
    }

    @Test
    void everyExpectationHasItsFixture() throws IOException {
        assertEquals(EXPECTATIONS.keySet(),
                fixtures().map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void theWholeFixtureFolderLoadsAndStandaloneChildrenFindTheirParents() throws SnapshotException {
        Estate estate = SnapshotLoader.load(FIXTURES);
        // securityRule-get and route-create are standalone reads of children the NSG and route table list inline.
        assertFalse(estate.readFailures().containsKey(ResourceId.parse(SUBID + "/networkSecurityGroups/testnsg")));
        assertFalse(estate.readFailures().containsKey(ResourceId.parse(SUBID + "/routeTables/testrt")));
        NetworkSecurityGroup nsg = estate.networkSecurityGroup(ResourceId.parse(SUBID + "/networkSecurityGroups/testnsg")).orElseThrow();
        assertEquals(1, nsg.securityRules().size());
        assertEquals(1, estate.routeTable(ResourceId.parse(SUBID + "/routeTables/testrt")).orElseThrow().routes().size());
        // the 0000 subscription's testnsg appears only through a child
        assertTrue(estate.readFailures().containsKey(ResourceId.parse(SUB0 + "/networkSecurityGroups/testnsg")));
        // ids compare case-insensitively: the standalone testPolicy/testDefinition joins the policy spelled testpolicy
        ServiceEndpointPolicy testpolicy = estate.serviceEndpointPolicy(
                ResourceId.parse(SUB0 + "/serviceEndpointPolicies/TESTPOLICY")).orElseThrow();
        assertEquals(List.of("StorageServiceEndpointPolicyDefinition", "testDefinition"),
                testpolicy.definitions().stream().map(ServiceEndpointPolicyDefinition::name).toList());
        assertEquals(1, estate.readFailures().size(), estate.readFailures().toString());
        assertEquals(2, estate.serviceEndpointPolicies().size());
        assertEquals(2, estate.subnets().size());
        assertEquals(1, estate.workspaces().size());
    }

    @Test
    void aFixtureCopiedTwiceIntoAFolderIsNotAConflict(@TempDir Path tmp) throws IOException, SnapshotException {
        Path nsg = FIXTURES.resolve("networkSecurityGroup-get-2025-07-01.json");
        Files.copy(nsg, tmp.resolve("a.json"));
        Files.createDirectories(tmp.resolve("sub"));
        Files.copy(nsg, tmp.resolve("sub/b.json"));
        assertEquals(1, SnapshotLoader.load(tmp).networkSecurityGroups().size());
    }

    // ---- expectations ----------------------------------------------------------------------

    private static void nothingModelled(Estate estate) {
        assertEquals(0, estate.size(), "ML computes are not modelled: skipped, not errors");
        assertTrue(estate.readFailures().isEmpty());
    }

    private static void workspace(Estate estate) {
        assertEquals(1, estate.size());
        MlWorkspace w = estate.workspaces().values().iterator().next();
        assertEquals("testworkspace", w.id().name());
        assertEquals("eastus2euap", w.location());
        assertEquals(Optional.of(ResourceId.parse("/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/"
                + "accountcrud-1234/providers/Microsoft.Storage/storageAccounts/testStorageAccount")), w.storageAccount());
    }

    private static void networkSecurityGroup(Estate estate) {
        assertEquals(1, estate.size());
        NetworkSecurityGroup nsg = estate.networkSecurityGroup(ResourceId.parse(SUBID + "/networkSecurityGroups/testnsg")).orElseThrow();
        assertEquals("westus", nsg.location());
        assertEquals(1, nsg.securityRules().size());
        SecurityRule rule1 = nsg.rule("rule1").orElseThrow();
        assertEquals(130, rule1.priority());
        assertEquals(SecurityRule.Direction.INBOUND, rule1.direction());
        assertEquals(SecurityRule.Access.ALLOW, rule1.access());
        assertEquals("*", rule1.protocol());
        assertEquals(List.of("80"), rule1.destinationPortRanges());
        assertEquals(List.of("*"), rule1.destinationAddressPrefixes());
        assertFalse(rule1.isDefault());
        assertEquals(List.of("AllowVnetInBound", "AllowAzureLoadBalancerInBound", "DenyAllInBound", "AllowVnetOutBound",
                "AllowInternetOutBound", "DenyAllOutBound"), nsg.defaultSecurityRules().stream().map(SecurityRule::name).toList());
        assertEquals(List.of(65000, 65001, 65500, 65000, 65001, 65500),
                nsg.defaultSecurityRules().stream().map(SecurityRule::priority).toList());
        assertTrue(nsg.defaultSecurityRules().stream().allMatch(SecurityRule::isDefault));
        SecurityRule internet = nsg.defaultSecurityRules().get(4);
        assertEquals(SecurityRule.Direction.OUTBOUND, internet.direction());
        assertEquals(List.of("Internet"), internet.destinationAddressPrefixes());
        assertEquals(Optional.of("Allow outbound traffic from all VMs to Internet"), internet.description());
    }

    private static void routeTable(Estate estate) {
        RouteTable table = estate.routeTable(ResourceId.parse(SUBID + "/routeTables/testrt")).orElseThrow();
        assertEquals(1, table.routes().size());
        assertEquals("route1", table.routes().get(0).name());
        assertEquals("10.0.3.0/24", table.routes().get(0).addressPrefix());
        assertEquals("VirtualNetworkGateway", table.routes().get(0).nextHopType());
    }

    /** A child alone: its parent is unknown (a read failure), never a partial NSG/SEP/route table. */
    private static void onlyAChildOf(Estate estate, String parent) {
        assertEquals(0, estate.size());
        assertEquals(1, estate.readFailures().size());
        assertTrue(estate.readFailure(ResourceId.parse(parent)).isPresent(), estate.readFailures().toString());
    }

    private static void policyWithCapitalisedType(Estate estate) {
        // The spec example spells the type Microsoft.Network/ServiceEndpointPolicies and lists its
        // definition under another policy's id: the definition belongs to the policy that holds it.
        ServiceEndpointPolicy sep = estate.serviceEndpointPolicy(ResourceId.parse(SUB0 + "/serviceEndpointPolicies/testpolicy"))
                .orElseThrow();
        assertEquals(1, sep.definitions().size());
        ServiceEndpointPolicyDefinition d = sep.definitions().get(0);
        assertEquals(sep.id(), d.policyId());
        assertEquals("StorageServiceEndpointPolicyDefinition", d.name());
        assertEquals(STORAGE_SCOPES, d.serviceResources());
    }

    private static void policy(Estate estate) {
        ServiceEndpointPolicy sep = estate.serviceEndpointPolicy(
                ResourceId.parse(SUB0 + "/serviceEndpointPolicies/testServiceEndpointPolicy")).orElseThrow();
        assertEquals("westus", sep.location());
        assertEquals(List.of(), sep.subnetIds());
        ServiceEndpointPolicyDefinition d = sep.definition("StorageServiceEndpointPolicyDefinition").orElseThrow();
        assertTrue(d.isForService("microsoft.storage"));
        assertEquals(STORAGE_SCOPES, d.serviceResources());
        assertEquals(Optional.of("Storage Service EndpointPolicy Definition"), d.description());
        assertEquals(1, sep.definitionsFor("Microsoft.Storage").size());
        assertEquals(0, sep.definitionsFor("Global").size());
    }

    private static void subnetWithEndpoint(Estate estate) {
        Subnet subnet = estate.subnet(ResourceId.parse(
                "/subscriptions/subid/resourceGroups/subnet-test/providers/Microsoft.Network/virtualNetworks/vnetname/subnets/subnet1"))
                .orElseThrow();
        assertTrue(subnet.hasServiceEndpoint("Microsoft.Storage"));
        assertEquals(List.of("eastus2(stage)", "usnorth(stage)"), subnet.serviceEndpoints().get(0).locations());
        assertEquals(List.of(), subnet.serviceEndpointPolicyIds());
        assertEquals(Optional.empty(), subnet.networkSecurityGroupId());
    }

    private static void plainSubnet(Estate estate) {
        assertEquals(1, estate.size());
        Subnet subnet = estate.subnets().values().iterator().next();
        assertEquals("subnet1", subnet.id().name());
        assertEquals("vnetname", subnet.virtualNetworkId().name());
        assertTrue(subnet.serviceEndpoints().isEmpty());
        assertEquals(Optional.empty(), subnet.routeTableId());
    }
}
