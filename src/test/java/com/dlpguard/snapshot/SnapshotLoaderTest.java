package com.dlpguard.snapshot;

import com.dlpguard.json.Json;
import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.Subnet;
import com.dlpguard.model.VirtualNetwork;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotLoaderTest {

    static final String RG = "/subscriptions/sub1/resourceGroups/rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final String VNET = NET + "/virtualNetworks/vnet";
    static final String NSG = NET + "/networkSecurityGroups/nsg";
    static final String SEP = NET + "/serviceEndpointPolicies/sep";
    static final String RT = NET + "/routeTables/rt";

    static final String SUBNET_A = """
            {"id": "%s/subnets/a", "name": "a", "etag": "W/\\"1\\"", "properties": {"addressPrefix": "10.0.0.0/24",
              "serviceEndpoints": [{"service": "Microsoft.Storage", "locations": ["westeurope"]}],
              "serviceEndpointPolicies": [{"id": "%s"}],
              "networkSecurityGroup": {"id": "%s"}, "routeTable": {"id": "%s"}}}""".formatted(VNET, SEP, NSG, RT);
    static final String SUBNET_B = """
            {"id": "%s/subnets/b", "name": "b", "properties": {"addressPrefix": "10.0.1.0/24"}}""".formatted(VNET);
    static final String RULE_1 = """
            {"id": "%s/securityRules/r1", "name": "r1", "etag": "W/\\"2\\"", "properties": {"priority": 100,
              "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
              "destinationAddressPrefix": "Storage.westeurope", "destinationPortRange": "443"}}""".formatted(NSG);
    static final String RULE_2 = """
            {"id": "%s/securityRules/r2", "name": "r2", "properties": {"priority": 4000, "direction": "Outbound",
              "access": "Deny", "protocol": "*", "sourceAddressPrefix": "*", "sourcePortRange": "*",
              "destinationAddressPrefix": "Internet", "destinationAddressPrefixes": ["Storage"],
              "destinationPortRanges": ["443", "80-90"]}}""".formatted(NSG);
    static final String DEF_ALIAS = """
            {"id": "%s/serviceEndpointPolicyDefinitions/alias", "name": "alias", "properties": {"service": "Global",
              "serviceResources": ["/services/Azure/MachineLearning"]}}""".formatted(SEP);
    static final String DEF_STORAGE = """
            {"id": "%s/serviceEndpointPolicyDefinitions/storage", "name": "storage", "properties": {"service": "Microsoft.Storage",
              "serviceResources": ["%s/providers/Microsoft.Storage/storageAccounts/st1"]}}""".formatted(SEP, RG);
    static final String ROUTE_1 = """
            {"id": "%s/routes/default", "name": "default", "properties": {"addressPrefix": "0.0.0.0/0",
              "nextHopType": "VirtualAppliance", "nextHopIpAddress": "10.1.0.4"}}""".formatted(RT);

    static String vnet(String... subnets) {
        return """
                {"id": "%s", "name": "vnet", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
                 "properties": {"subnets": [%s]}}""".formatted(VNET, String.join(",", subnets));
    }

    static String nsg(String... rules) {
        return """
                {"id": "%s", "name": "nsg", "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope",
                 "tags": {"owner": "ml"}, "properties": {"securityRules": [%s], "subnets": [{"id": "%s/subnets/a"}]}}"""
                .formatted(NSG, String.join(",", rules), VNET);
    }

    static String sep(String... defs) {
        return """
                {"id": "%s", "name": "sep", "type": "Microsoft.Network/serviceEndpointPolicies", "location": "westeurope",
                 "properties": {"serviceEndpointPolicyDefinitions": [%s]}}""".formatted(SEP, String.join(",", defs));
    }

    static String routeTable(String... routes) {
        return """
                {"id": "%s", "name": "rt", "type": "Microsoft.Network/routeTables", "location": "westeurope",
                 "properties": {"routes": [%s]}}""".formatted(RT, String.join(",", routes));
    }

    /** Same resources, as a standalone document (with the child's type, as a child GET returns it). */
    static String typed(String json, String type) {
        JsonObject o = JsonParser.parseString(json).getAsJsonObject();
        o.addProperty("type", type);
        return Json.compactGson().toJson(o);
    }

    static Estate parse(String json) throws SnapshotException {
        return SnapshotLoader.parse(json.getBytes(StandardCharsets.UTF_8), "snap.json");
    }

    static String error(String json) {
        return assertThrows(SnapshotException.class, () -> parse(json)).getMessage();
    }

    static ResourceId id(String s) {
        return ResourceId.parse(s);
    }

    // ---- the four formats (and the spec example wrapper) --------------------------------------

    static Stream<Arguments> formats() {
        String resources = String.join(",", vnet(SUBNET_A, SUBNET_B), nsg(RULE_1, RULE_2), sep(DEF_ALIAS, DEF_STORAGE),
                routeTable(ROUTE_1));
        String lowerCased = resources.replace("Microsoft.Network/virtualNetworks\"", "microsoft.network/virtualnetworks\"")
                .replace("Microsoft.Network/networkSecurityGroups\"", "microsoft.network/networksecuritygroups\"")
                .replace("Microsoft.Network/serviceEndpointPolicies\"", "microsoft.network/serviceendpointpolicies\"")
                .replace("Microsoft.Network/routeTables\"", "microsoft.network/routetables\"");
        return Stream.of(
                Arguments.of("array", "[" + resources + "]"),
                Arguments.of("list envelope", "{\"value\": [" + resources + "]}"),
                Arguments.of("resource graph", "{\"totalRecords\": 4, \"count\": 4, \"data\": [" + lowerCased
                        + "], \"facets\": [], \"resultTruncated\": \"false\"}"),
                Arguments.of("spec example of a list", "{\"parameters\": {}, \"responses\": {\"200\": {\"body\": {\"value\": ["
                        + resources + "]}}}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formats")
    void everyFormatYieldsTheSameEstate(String format, String document) throws SnapshotException {
        Estate estate = parse(document);
        assertFullEstate(estate);
    }

    @Test
    void singleResourcesInAFolderYieldTheSameEstate(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("vnet.json"), vnet(SUBNET_A, SUBNET_B));
        Files.writeString(tmp.resolve("nsg.json"), nsg(RULE_1, RULE_2));
        Files.writeString(tmp.resolve("sep.json"), sep(DEF_ALIAS, DEF_STORAGE));
        Files.writeString(tmp.resolve("rt.json"), routeTable(ROUTE_1));
        assertFullEstate(SnapshotLoader.load(tmp));
    }

    @Test
    void specExampleTakesThe200BodyElseThe201Body() throws SnapshotException {
        String rt = routeTable(ROUTE_1);
        Estate from201 = parse("{\"parameters\": {}, \"responses\": {\"201\": {\"body\": " + rt + "}, \"202\": {}}}");
        assertEquals(1, from201.routeTables().size());
        String other = rt.replace("/routeTables/rt", "/routeTables/other");
        Estate from200 = parse("{\"parameters\": {}, \"responses\": {\"200\": {\"body\": " + rt + "}, \"201\": {\"body\": "
                + other + "}}}");
        assertEquals(List.of(id(RT)), List.copyOf(from200.routeTables().keySet()));
        assertEquals("snap.json: $.responses: no \"200\" or \"201\" response in the example",
                error("{\"parameters\": {}, \"responses\": {\"202\": {}}}"));
        assertEquals("snap.json: $.responses.200.body: missing", error("{\"responses\": {\"200\": {}}}"));
    }

    private static void assertFullEstate(Estate estate) {
        VirtualNetwork vnet = estate.virtualNetwork(id(VNET)).orElseThrow();
        assertEquals(List.of(id(VNET + "/subnets/a"), id(VNET + "/subnets/b")), vnet.subnetIds());
        Subnet a = estate.subnet(id(VNET + "/subnets/a")).orElseThrow();
        assertTrue(a.hasServiceEndpoint("microsoft.storage"));
        assertEquals(List.of(id(SEP)), a.serviceEndpointPolicyIds());
        assertEquals(Optional.of(id(NSG)), a.networkSecurityGroupId());
        assertEquals(Optional.of(id(RT)), a.routeTableId());
        assertEquals(Optional.of("W/\"1\""), a.etag());
        assertTrue(estate.subnet(id(VNET + "/subnets/b")).isPresent());

        NetworkSecurityGroup nsg = estate.networkSecurityGroup(id(NSG)).orElseThrow();
        assertEquals(List.of("r1", "r2"), nsg.securityRules().stream().map(SecurityRule::name).toList());
        assertEquals(List.of(id(VNET + "/subnets/a")), nsg.subnetIds());
        SecurityRule r2 = nsg.rule("r2").orElseThrow();
        assertEquals(4000, r2.priority());
        assertEquals(SecurityRule.Access.DENY, r2.access());
        assertEquals(List.of("Internet", "Storage"), r2.destinationAddressPrefixes());
        assertEquals(List.of("443", "80-90"), r2.destinationPortRanges());
        assertEquals(List.of("*"), r2.sourcePortRanges());

        ServiceEndpointPolicy sep = estate.serviceEndpointPolicy(id(SEP)).orElseThrow();
        assertEquals(List.of("alias", "storage"), sep.definitions().stream().map(d -> d.name()).toList());
        assertTrue(sep.definition("ALIAS").orElseThrow().lists("/services/azure/machinelearning"));

        Route route = estate.routeTable(id(RT)).orElseThrow().routes().get(0);
        assertEquals(Optional.of("10.1.0.4"), route.nextHopIpAddress());
        assertEquals("0.0.0.0/0", route.addressPrefix());
        assertEquals("VirtualAppliance", route.nextHopType());
        assertEquals(2 + 1 + 1 + 1 + 1, estate.size());
        assertTrue(estate.readFailures().isEmpty());
    }

    // ---- inline and standalone children ---------------------------------------------------------

    @Test
    void standaloneChildrenMeanTheSameAsInlineOnes() throws SnapshotException {
        Estate inline = parse("[" + String.join(",", vnet(SUBNET_A, SUBNET_B), nsg(RULE_1, RULE_2), sep(DEF_ALIAS, DEF_STORAGE),
                routeTable(ROUTE_1)) + "]");
        Estate standalone = parse("[" + String.join(",", vnet(), SUBNET_A, SUBNET_B, nsg(), RULE_1, RULE_2, sep(), DEF_ALIAS,
                DEF_STORAGE, routeTable(), ROUTE_1) + "]");
        assertEquals(inline.subnets(), standalone.subnets());
        assertEquals(inline.virtualNetwork(id(VNET)).orElseThrow().subnetIds(),
                standalone.virtualNetwork(id(VNET)).orElseThrow().subnetIds());
        assertEquals(inline.networkSecurityGroup(id(NSG)).orElseThrow().securityRules(),
                standalone.networkSecurityGroup(id(NSG)).orElseThrow().securityRules());
        assertEquals(inline.serviceEndpointPolicy(id(SEP)).orElseThrow().definitions(),
                standalone.serviceEndpointPolicy(id(SEP)).orElseThrow().definitions());
        assertEquals(inline.routeTable(id(RT)).orElseThrow().routes(), standalone.routeTable(id(RT)).orElseThrow().routes());
        assertTrue(standalone.readFailures().isEmpty());
    }

    @Test
    void aStandaloneChildReplacesTheInlineCopyOfTheSameId() throws SnapshotException {
        String newer = RULE_1.replace("\"priority\": 100", "\"priority\": 110");
        Estate estate = parse("[" + nsg(RULE_1, RULE_2) + "," + typed(newer, "Microsoft.Network/networkSecurityGroups/securityRules") + "]");
        NetworkSecurityGroup nsg = estate.networkSecurityGroup(id(NSG)).orElseThrow();
        assertEquals(List.of("r1", "r2"), nsg.securityRules().stream().map(SecurityRule::name).toList());
        assertEquals(110, nsg.rule("r1").orElseThrow().priority());

        String newerSubnet = SUBNET_A.replace("Microsoft.Storage", "Microsoft.KeyVault");
        Estate subnets = parse("[" + newerSubnet + "," + vnet(SUBNET_A) + "]");
        assertFalse(subnets.subnet(id(VNET + "/subnets/a")).orElseThrow().hasServiceEndpoint("Microsoft.Storage"));
    }

    @Test
    void inlineChildrenWithoutIdOrTypeTakeTheirIdFromTheParent() throws SnapshotException {
        String nameOnly = "{\"name\": \"c\", \"properties\": {\"addressPrefix\": \"10.0.2.0/24\"}}";
        Estate estate = parse(vnet(nameOnly));
        assertTrue(estate.subnet(id(VNET + "/subnets/c")).isPresent());
        assertEquals("snap.json: $.properties.subnets[0].name: missing (an inline child needs a name or an id)",
                error(vnet("{\"properties\": {}}")));
    }

    @Test
    void aChildWithoutItsParentMakesTheParentUnknown() throws SnapshotException {
        Estate estate = parse("[" + RULE_1 + "," + DEF_ALIAS + "," + ROUTE_1 + "]");
        assertEquals(0, estate.size());
        assertTrue(estate.readFailure(id(NSG)).orElseThrow().contains("r1"));
        assertTrue(estate.readFailure(id(SEP)).isPresent());
        assertTrue(estate.readFailure(id(RT)).isPresent());
    }

    @Test
    void defaultSecurityRulesStandaloneJoinTheDefaults() throws SnapshotException {
        String def = RULE_2.replace("/securityRules/r2", "/defaultSecurityRules/DenyAllOutBound").replace("\"r2\"", "\"DenyAllOutBound\"")
                .replace("4000", "65500");
        NetworkSecurityGroup nsg = parse("[" + nsg(RULE_1) + "," + def + "]").networkSecurityGroup(id(NSG)).orElseThrow();
        assertEquals(1, nsg.securityRules().size());
        assertEquals(1, nsg.defaultSecurityRules().size());
        assertTrue(nsg.defaultSecurityRules().get(0).isDefault());
        assertEquals(65500, nsg.defaultSecurityRules().get(0).priority());
    }

    @Test
    void idsWithMixedResourceGroupsCasingAreOneResource() throws SnapshotException {
        String lowerRule = RULE_1.replace("/resourceGroups/", "/resourcegroups/");
        String lowerSubnet = SUBNET_B.replace("/resourceGroups/", "/resourcegroups/");
        Estate estate = parse("[" + nsg() + "," + lowerRule + "," + vnet() + "," + lowerSubnet + "]");
        assertEquals(1, estate.networkSecurityGroup(id(NSG)).orElseThrow().securityRules().size());
        assertTrue(estate.readFailures().isEmpty());
        assertTrue(estate.subnet(id(VNET.replace("resourceGroups", "RESOURCEGROUPS") + "/subnets/b")).isPresent());
        assertEquals(List.of(id(VNET + "/subnets/b")), estate.virtualNetwork(id(VNET)).orElseThrow().subnetIds());
        // the same document twice (overlapping exports) is one resource, not a conflict
        assertEquals(1, parse("[" + SUBNET_B + "," + SUBNET_B + "]").subnets().size());
    }

    // ---- what is read -----------------------------------------------------------------------

    @Test
    void jsonIsTheResourceObjectExactlyAsRead() throws SnapshotException {
        String doc = "{\"id\":\"" + VNET + "/subnets/b\",\"properties\":{\"addressPrefix\":\"10.0.1.0/24\",\"x\":1.50,\"y\":null}}";
        Subnet subnet = parse("{\"value\": [" + doc + "]}").subnets().values().iterator().next();
        assertEquals(doc, subnet.json());
        Subnet inline = parse(vnet(SUBNET_B)).subnet(id(VNET + "/subnets/b")).orElseThrow();
        assertEquals(Json.compactGson().toJson(JsonParser.parseString(SUBNET_B)), inline.json());
    }

    @Test
    void typesAreInferredFromTheIdAndComparedCaseInsensitively() throws SnapshotException {
        assertEquals(1, parse(SUBNET_B).subnets().size());
        assertEquals(1, parse(typed(SUBNET_B, "MICROSOFT.NETWORK/VIRTUALNETWORKS/SUBNETS")).subnets().size());
        assertEquals("snap.json: $.type: 'Microsoft.Network/networkSecurityGroups' does not match the id's type "
                + "Microsoft.Network/virtualNetworks/subnets", error(typed(SUBNET_B, "Microsoft.Network/networkSecurityGroups")));
    }

    @Test
    void unmodelledTypesAreSkipped() throws SnapshotException {
        String storage = "{\"id\": \"" + RG + "/providers/Microsoft.Storage/storageAccounts/st1\", \"type\": "
                + "\"Microsoft.Storage/storageAccounts\", \"kind\": \"StorageV2\"}";
        String lb = "{\"id\": \"" + NET + "/loadBalancers/lb\", \"properties\": {\"whatever\": [1, 2]}}";
        String compute = "{\"type\": \"Microsoft.MachineLearningServices/workspaces/computes\", \"id\": \"not even an id\"}";
        String environment = "{\"id\": \"" + RG + "/providers/Microsoft.MachineLearningServices/workspaces/w/environments/e\"}";
        Estate estate = parse("[" + storage + "," + lb + "," + compute + "," + environment + "," + SUBNET_B + "]");
        assertEquals(1, estate.size());
    }

    @Test
    void workspacesAndEnvironmentVersions() throws SnapshotException {
        String ws = RG + "/providers/Microsoft.MachineLearningServices/workspaces/w";
        String account = RG + "/providers/Microsoft.Storage/storageAccounts/wsstore";
        Estate estate = parse("[{\"id\": \"" + ws + "\", \"location\": \"westeurope\", \"properties\": {\"storageAccount\": \""
                + account + "\"}},"
                + "{\"id\": \"" + ws + "/environments/e/versions/1\", \"properties\": {\"image\": \"viennaglobal.azurecr.io/x:1\"}},"
                + "{\"id\": \"" + ws + "/environments/e/versions/2\", \"properties\": {\"build\": {\"contextUri\": \"x\"}}}]");
        assertEquals(Optional.of(id(account)), estate.workspace(id(ws)).orElseThrow().storageAccount());
        List<EnvironmentVersion> versions = estate.environmentVersionsOf(id(ws));
        assertEquals(Optional.of("viennaglobal.azurecr.io/x:1"), versions.get(0).image());
        assertEquals(Optional.empty(), versions.get(1).image());
        assertEquals(id(ws), versions.get(1).workspaceId());
        assertEquals("snap.json: $.properties.storageAccount: expected a storage account id, got a Microsoft.KeyVault/vaults id",
                error("{\"id\": \"" + ws + "\", \"properties\": {\"storageAccount\": \"" + RG
                        + "/providers/Microsoft.KeyVault/vaults/kv\"}}"));
    }

    @Test
    void singularAndPluralFieldsAreMergedAndStarIsKept() throws SnapshotException {
        String rule = RULE_1.replace("\"destinationPortRange\": \"443\"", "\"destinationPortRange\": \"*\", \"destinationPortRanges\": []")
                .replace("\"sourceAddressPrefix\": \"*\"", "\"sourceAddressPrefix\": \"\", \"sourceAddressPrefixes\": [\"10.0.0.0/8\", \"VirtualNetwork\"]");
        SecurityRule r = parse(nsg(rule)).networkSecurityGroup(id(NSG)).orElseThrow().rule("r1").orElseThrow();
        assertEquals(List.of("*"), r.destinationPortRanges());
        assertEquals(List.of("10.0.0.0/8", "VirtualNetwork"), r.sourceAddressPrefixes());
        String asg = RULE_1.replace("\"destinationAddressPrefix\": \"Storage.westeurope\"",
                "\"destinationApplicationSecurityGroups\": [{\"id\": \"" + NET + "/applicationSecurityGroups/web\"}]");
        SecurityRule withAsg = parse(nsg(asg)).networkSecurityGroup(id(NSG)).orElseThrow().rule("r1").orElseThrow();
        assertEquals(List.of(), withAsg.destinationAddressPrefixes());
        assertEquals(List.of(id(NET + "/applicationSecurityGroups/web")), withAsg.destinationApplicationSecurityGroups());
    }

    // ---- folders ----------------------------------------------------------------------------

    @Test
    void aFolderIsReadRecursivelyAndOnlyItsJsonFiles(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("network/nsg"));
        Files.writeString(tmp.resolve("network/vnet.json"), vnet(SUBNET_A));
        Files.writeString(tmp.resolve("network/nsg/nsg.json"), nsg(RULE_1));
        Files.writeString(tmp.resolve("network/nsg/r2.JSON"), RULE_2);
        Files.writeString(tmp.resolve("README.md"), "not json {");
        Estate estate = SnapshotLoader.load(tmp);
        assertEquals(2, estate.networkSecurityGroup(id(NSG)).orElseThrow().securityRules().size());
        assertEquals(1, estate.subnets().size());
    }

    @Test
    void oneBadFileFailsTheWholeFolder(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("a.json"), vnet(SUBNET_A));
        Files.writeString(tmp.resolve("b.json"), nsg(RULE_1.replace("\"priority\": 100,", "")));
        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotLoader.load(tmp));
        assertEquals(tmp.resolve("b.json") + ": $.properties.securityRules[0].properties.priority: missing", e.getMessage());
    }

    @Test
    void emptyOrMissingFoldersAreErrors(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("notes.txt"), "x");
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotLoader.load(tmp)).getMessage().contains("no .json file"));
        assertTrue(assertThrows(SnapshotException.class, () -> SnapshotLoader.load(tmp.resolve("nope")))
                .getMessage().contains("no such file or folder"));
    }

    @Test
    void emptyListsAreAnEmptyEstate() throws SnapshotException {
        assertEquals(0, parse("[]").size());
        assertEquals(0, parse("{\"value\": []}").size());
        assertEquals(0, parse("{\"data\": []}").size());
    }

    // ---- strictness: every error names the file and the JSON path --------------------------

    static Stream<Arguments> malformed() {
        String rule3 = RULE_2.replace("/r2", "/r3").replace("\"r2\"", "\"r3\"");
        return Stream.of(
                Arguments.of("missing priority", "{\"value\": [" + RULE_1 + "," + RULE_2 + "," + rule3.replace("\"priority\": 4000,", "") + "]}",
                        "snap.json: $.value[2].properties.priority: missing"),
                Arguments.of("priority as a string", RULE_1.replace("100", "\"100\""),
                        "snap.json: $.properties.priority: expected an integer, got a string"),
                Arguments.of("fractional priority", RULE_1.replace("100", "100.5"),
                        "snap.json: $.properties.priority: expected an integer, got 100.5"),
                Arguments.of("missing direction", RULE_1.replace("\"direction\": \"Outbound\",", ""),
                        "snap.json: $.properties.direction: missing"),
                Arguments.of("bad access", RULE_1.replace("\"Allow\"", "\"Permit\""),
                        "snap.json: $.properties.access: access must be Allow or Deny, got 'Permit'"),
                Arguments.of("missing protocol in an inline rule", nsg(RULE_1.replace("\"protocol\": \"Tcp\",", "")),
                        "snap.json: $.properties.securityRules[0].properties.protocol: missing"),
                Arguments.of("no destination", RULE_1.replace("\"destinationAddressPrefix\": \"Storage.westeurope\",", ""),
                        "snap.json: $.properties.destinationAddressPrefix: missing (a security rule needs "
                                + "destinationAddressPrefix(es) or destinationApplicationSecurityGroups)"),
                Arguments.of("rule without properties", "{\"id\": \"" + NSG + "/securityRules/x\"}",
                        "snap.json: $.properties: missing"),
                Arguments.of("no id", "[" + SUBNET_B + ", {\"type\": \"Microsoft.Network/virtualNetworks\"}]",
                        "snap.json: $[1].id: missing"),
                Arguments.of("bad id", "{\"id\": \"subnets/a\", \"type\": \"Microsoft.Network/virtualNetworks/subnets\"}",
                        "snap.json: $.id: not an ARM resource id (must start with /subscriptions/): 'subnets/a'"),
                Arguments.of("id of a resource group", "{\"id\": \"" + RG + "\"}",
                        "snap.json: $.id: expected a resource id, got a Microsoft.Resources/resourceGroups id"),
                Arguments.of("NSG reference to a storage account", SUBNET_A.replace(NSG, RG + "/providers/Microsoft.Storage/storageAccounts/x"),
                        "snap.json: $.properties.networkSecurityGroup.id: expected a network security group id, "
                                + "got a Microsoft.Storage/storageAccounts id"),
                Arguments.of("service endpoint without service", SUBNET_A.replace("\"service\": \"Microsoft.Storage\", ", ""),
                        "snap.json: $.properties.serviceEndpoints[0].service: missing"),
                Arguments.of("serviceEndpoints not an array", SUBNET_B.replace("\"addressPrefix\"", "\"serviceEndpoints\": {}, \"addressPrefix\""),
                        "snap.json: $.properties.serviceEndpoints: expected an array, got an object"),
                Arguments.of("definition without service", sep(DEF_ALIAS.replace("\"service\": \"Global\",", "")),
                        "snap.json: $.properties.serviceEndpointPolicyDefinitions[0].properties.service: missing"),
                Arguments.of("definition without resources", DEF_ALIAS.replace("\"serviceResources\": [\"/services/Azure/MachineLearning\"]", "\"other\": 1"),
                        "snap.json: $.properties.serviceResources: missing"),
                Arguments.of("definition with a number", DEF_ALIAS.replace("[\"/services/Azure/MachineLearning\"]", "[\"/services/Azure\", 7]"),
                        "snap.json: $.properties.serviceResources[1]: expected a string, got a number"),
                Arguments.of("route without next hop", ROUTE_1.replace("\"nextHopType\": \"VirtualAppliance\",", ""),
                        "snap.json: $.properties.nextHopType: missing"),
                Arguments.of("inline child of another type", vnet(RULE_1),
                        "snap.json: $.properties.subnets[0].id: expected a subnets id, got a "
                                + "Microsoft.Network/networkSecurityGroups/securityRules id"),
                Arguments.of("child listed twice", nsg(RULE_1, RULE_1),
                        "snap.json: $.properties.securityRules[1]: the rule r1 is listed twice"),
                Arguments.of("conflicting duplicates", "[" + SUBNET_B + "," + SUBNET_B.replace("10.0.1.0", "10.0.9.0") + "]",
                        "snap.json: $[1]: conflicts with a different document for the same resource " + VNET
                                + "/subnets/b at snap.json: $[0]"),
                Arguments.of("tag that is not a string", nsg().replace("\"ml\"", "3"),
                        "snap.json: $.tags.owner: expected a string, got a number"),
                Arguments.of("list with more pages", "{\"value\": [], \"nextLink\": \"https://management.azure.com/x\"}",
                        "snap.json: $.nextLink: the list continues on another page; save every page in the snapshot"),
                Arguments.of("truncated resource graph", "{\"data\": [], \"resultTruncated\": \"true\"}",
                        "snap.json: $: the Resource Graph result is truncated; export every page in the snapshot"),
                Arguments.of("list item not an object", "[" + SUBNET_B + ", 3]",
                        "snap.json: $[1]: expected a resource object, got a number"),
                Arguments.of("not a snapshot document", "{\"hello\": 1}",
                        "snap.json: $: not a snapshot document: expected a resource (with \"id\"), an array of resources, "
                                + "{\"value\": [...]}, {\"data\": [...]} or a REST spec example with \"responses\""),
                Arguments.of("a bare string", "\"x\"",
                        "snap.json: $: expected a resource, an array of resources, {\"value\": [...]}, {\"data\": [...]} "
                                + "or a REST spec example, got a string"),
                Arguments.of("NaN", RULE_1.replace("100", "NaN"), "snap.json: $.properties.priority: malformed JSON"),
                Arguments.of("comment", "[/* c */]", "snap.json: $[0]: malformed JSON"),
                Arguments.of("trailing comma", "[" + SUBNET_B + ",]", "snap.json: $[1]: malformed JSON"),
                Arguments.of("duplicate key", "{\"id\": \"" + VNET + "/subnets/b\", \"properties\": {\"addressPrefix\": \"a\", "
                        + "\"addressPrefix\": \"b\"}}", "snap.json: $.properties.addressPrefix: duplicate key 'addressPrefix'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedInputNamesFileAndPath(String what, String document, String expectedMessage) {
        String message = error(document);
        assertTrue(message.startsWith(expectedMessage), "expected: " + expectedMessage + "\n     got: " + message);
    }

    @Test
    void invalidUtf8IsAnError() {
        byte[] bytes = {'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']'};
        SnapshotException e = assertThrows(SnapshotException.class, () -> SnapshotLoader.parse(bytes, "snap/bad.json"));
        assertEquals("snap/bad.json: $: not valid UTF-8", e.getMessage());
    }

    @Test
    void builderRecordsReadFailuresAndSkipsUnmodelledTypes() throws SnapshotException {
        EstateBuilder builder = new EstateBuilder();
        builder.addReadFailure(id(SEP), "403 AuthorizationFailed");
        assertFalse(builder.add(JsonParser.parseString("{\"id\": \"" + RG + "/providers/Microsoft.Storage/storageAccounts/s\"}")
                .getAsJsonObject(), "GET s: $"));
        assertTrue(builder.add(JsonParser.parseString(SUBNET_B).getAsJsonObject(), "GET b: $"));
        Estate estate = builder.build();
        assertEquals(Optional.of("403 AuthorizationFailed"), estate.readFailure(id(SEP)));
        assertEquals(1, estate.size());
        SnapshotException e = assertThrows(SnapshotException.class,
                () -> builder.add(JsonParser.parseString(RULE_1.replace("\"priority\": 100,", "")).getAsJsonObject(), "GET r1: $"));
        assertEquals("GET r1: $.properties.priority: missing", e.getMessage());
    }
}
