package com.dlpguard.config;

import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final String SUBNET = NET + "/virtualNetworks/ml-vnet/subnets/compute";
    static final String SEP = NET + "/serviceEndpointPolicies/aml-dlp";
    static final String NSG = NET + "/networkSecurityGroups/compute-nsg";
    static final String STORAGE = RG + "/providers/Microsoft.Storage/storageAccounts/contosomlstore";
    static final String WORKSPACE = RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml";

    @Test
    void theFullExampleLoads() throws ConfigException {
        GuardConfig config = ConfigLoader.load(Path.of("src/test/resources/config/full.json"), TODAY);
        assertEquals(2, config.workspaces().size());
        WorkspaceConfig contoso = config.workspaces().get(0);
        assertEquals("contoso-ml", contoso.name());
        assertEquals("westeurope", contoso.region());
        assertEquals(Optional.of(ResourceId.parse(WORKSPACE)), contoso.workspaceId());
        assertEquals(2, contoso.subnets().size());
        assertTrue(contoso.protects(ResourceId.parse(SUBNET.replace("resourceGroups", "resourcegroups"))));
        assertEquals(ResourceId.parse(SEP), contoso.serviceEndpointPolicy());
        assertEquals(Optional.of(ResourceId.parse(NSG)), contoso.networkSecurityGroup());
        assertEquals(Optional.of(ResourceId.parse(STORAGE)), contoso.defaultStorageAccount());
        assertFalse(contoso.defaultStorageHasPrivateEndpoint());
        assertEquals(2, contoso.allowedStorageAccounts().size());
        assertTrue(contoso.allowedStorageAccounts().get(1).isResourceGroup());
        assertFalse(contoso.allowBatchInbound());

        WorkspaceConfig fabrikam = config.workspaces().get(1);
        assertEquals(Optional.empty(), fabrikam.workspaceId());
        assertEquals(Optional.empty(), fabrikam.networkSecurityGroup());
        assertEquals(Optional.empty(), fabrikam.defaultStorageAccount());
        assertTrue(fabrikam.defaultStorageHasPrivateEndpoint());
        assertTrue(fabrikam.allowBatchInbound());
        assertEquals(List.of(), fabrikam.allowedStorageAccounts());

        assertEquals(Mode.ALERT, config.defaultMode());
        assertEquals(Map.of("DLP003", Mode.ROLLBACK, "DLP005", Mode.ROLLBACK, "DLP013", Mode.OFF, "DLP010", Mode.AUDIT),
                config.ruleModes());
        assertEquals(Mode.ALERT, config.modeOf("DLP001"));
        assertEquals(1, config.exemptions().size());
        Exemption exemption = config.exemptions().get(0);
        assertEquals("DLP009", exemption.ruleId());
        assertEquals(LocalDate.of(2027, 1, 31), exemption.until());
        assertEquals("legacy CI compute instances with public IP", exemption.reason());
        assertEquals(config.workspaceProtecting(ResourceId.parse(SUBNET)), Optional.of(contoso));
    }

    @Test
    void theMinimalConfigDefaultsToAlertAndNoExemptions() throws ConfigException {
        GuardConfig config = parse(minimal());
        assertEquals(Mode.ALERT, config.defaultMode());
        assertTrue(config.ruleModes().isEmpty());
        assertTrue(config.exemptions().isEmpty());
        assertEquals(1, config.workspaces().size());
    }

    @Test
    void aPastDueExemptionLapsesWithAWarningInsteadOfFailing() throws ConfigException {
        JsonObject config = minimal();
        config.add("exemptions", exemptions(e -> e.addProperty("until", "2026-11-23")));
        GuardConfig loaded = parse(config);
        assertEquals(1, loaded.exemptions().size());
        Exemption lapsed = loaded.exemptions().get(0);
        assertFalse(lapsed.covers("DLP009", ResourceId.parse(NSG), TODAY), "a lapsed exemption covers nothing");
        assertEquals(List.of(lapsed), loaded.lapsedExemptions(TODAY));
        assertEquals(1, loaded.warnings().size());
        assertEquals("dlp-guard.json: $.exemptions[0]: exemption of DLP009 for " + NSG + " (legacy CI) lapsed after"
                + " 2026-11-23: its findings count again; renew it with a reason or remove it", loaded.warnings().get(0).line());
        // The day before, no warning; the same config loaded years later still loads.
        assertEquals(List.of(), ConfigLoader.parse(Json.compactGson().toJson(config).getBytes(StandardCharsets.UTF_8),
                "dlp-guard.json", LocalDate.of(2026, 11, 23)).warnings());
        assertEquals(1, ConfigLoader.parse(Json.compactGson().toJson(config).getBytes(StandardCharsets.UTF_8),
                "dlp-guard.json", LocalDate.of(2999, 1, 1)).warnings().size());
    }

    @Test
    void anExemptionEndingTodayIsStillValid() throws ConfigException {
        JsonObject c = minimal();
        c.add("exemptions", exemptions(e -> e.addProperty("until", TODAY.toString())));
        assertEquals(1, parse(c).exemptions().size());
    }

    @Test
    void aMissingFileIsAConfigException(@TempDir Path tmp) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("dlp-guard.json"), TODAY));
        assertTrue(e.getMessage().startsWith(tmp.resolve("dlp-guard.json") + ": cannot be read"), e.getMessage());
    }

    @Test
    void aFileNamesItselfInErrors(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("dlp-guard.json");
        Files.writeString(file, "{\"workspaces\": []}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, TODAY));
        assertEquals(file + ": $.workspaces: at least one workspace is required", e.getMessage());
    }

    // ---- egress and additional policies (rule book v2) ----------------------------------------

    @Test
    void egressDefaultsToTheNsgCase() throws ConfigException {
        assertEquals(Egress.NSG, parse(minimal()).workspaces().get(0).egress());
        assertEquals(List.of(), parse(minimal()).workspaces().get(0).additionalServiceEndpointPolicies());
    }

    @Test
    void egressDeclaresTheFirewallCase() throws ConfigException {
        JsonObject config = minimal();
        ws(config).add("egress", egress("firewall", "10.0.2.4"));
        assertEquals(new Egress.Firewall("10.0.2.4"), parse(config).workspaces().get(0).egress());
        ws(config).add("egress", egress("nsg", null));
        assertEquals(Egress.NSG, parse(config).workspaces().get(0).egress());
    }

    @Test
    void additionalPoliciesAreApproved() throws ConfigException {
        String extra = NET + "/serviceEndpointPolicies/shared-dlp";
        JsonObject config = minimal();
        ws(config).add("additionalServiceEndpointPolicies", array(extra));
        WorkspaceConfig w = parse(config).workspaces().get(0);
        assertEquals(List.of(ResourceId.parse(extra)), w.additionalServiceEndpointPolicies());
        assertTrue(w.approvesPolicy(ResourceId.parse(extra.replace("resourceGroups", "resourcegroups"))));
        assertTrue(w.approvesPolicy(ResourceId.parse(SEP)));
        assertFalse(w.approvesPolicy(ResourceId.parse(NET + "/serviceEndpointPolicies/rogue")));
    }

    // ---- one error per kind ------------------------------------------------------------------

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("unknown root key", c -> c.addProperty("workspace", "x"),
                        "$.workspace: unknown key (allowed: exemptions, rules, workspaces)"),
                bad("unknown workspace key", c -> ws(c).addProperty("subnet", SUBNET),
                        "$.workspaces[0].subnet: unknown key"),
                bad("unknown exemption key", c -> c.add("exemptions", exemptions(e -> e.addProperty("owner", "me"))),
                        "$.exemptions[0].owner: unknown key"),
                bad("webhook secret", c -> c.addProperty("teamsWebhookUrl", "https://x"),
                        "$.teamsWebhookUrl: secrets (webhook URLs, signing keys) never live in this file: "
                                + "they come from app settings / environment variables"),
                bad("signing key in a workspace", c -> ws(c).addProperty("signingKey", "abc"),
                        "$.workspaces[0].signingKey: secrets"),
                bad("secret among rules", c -> rules(c).addProperty("clientSecret", "alert"), "$.rules.clientSecret: secrets"),
                bad("missing workspaces", c -> c.remove("workspaces"), "$.workspaces: missing"),
                bad("empty workspaces", c -> c.add("workspaces", new JsonArray()), "$.workspaces: at least one workspace is required"),
                bad("workspaces not an array", c -> c.add("workspaces", new JsonObject()), "$.workspaces: expected an array, got an object"),
                bad("missing name", c -> ws(c).remove("name"), "$.workspaces[0].name: missing"),
                bad("empty name", c -> ws(c).addProperty("name", " "), "$.workspaces[0].name: must not be empty"),
                bad("missing region", c -> ws(c).remove("region"), "$.workspaces[0].region: missing"),
                bad("display-name region", c -> ws(c).addProperty("region", "West Europe"),
                        "$.workspaces[0].region: expected the region's programmatic name"),
                bad("missing subnets", c -> ws(c).remove("subnets"), "$.workspaces[0].subnets: missing"),
                bad("empty subnets", c -> ws(c).add("subnets", new JsonArray()), "$.workspaces[0].subnets: at least one subnet is required"),
                bad("missing policy", c -> ws(c).remove("serviceEndpointPolicy"), "$.workspaces[0].serviceEndpointPolicy: missing"),
                bad("subnet id that is a VNet", c -> subnets(c).add(NET + "/virtualNetworks/ml-vnet"),
                        "$.workspaces[0].subnets[1]: expected a subnet id, got a Microsoft.Network/virtualNetworks id"),
                bad("malformed subnet id", c -> subnets(c).add("ml-vnet/compute"),
                        "$.workspaces[0].subnets[1]: not an ARM resource id"),
                bad("subnet not a string", c -> subnets(c).add(42), "$.workspaces[0].subnets[1]: expected a string, got a number"),
                bad("subnet listed twice", c -> subnets(c).add(SUBNET.replace("resourceGroups", "resourcegroups")),
                        "$.workspaces[0].subnets[1]: the subnet is already listed at $.workspaces[0].subnets[0]"),
                bad("subnet in two workspaces", c -> {
                    JsonObject second = ws(c).deepCopy();
                    second.addProperty("name", "other");
                    c.getAsJsonArray("workspaces").add(second);
                }, "$.workspaces[1].subnets[0]: the subnet is already listed at $.workspaces[0].subnets[0]"),
                bad("workspace name used twice", c -> {
                    JsonObject second = ws(c).deepCopy();
                    second.add("subnets", array(NET + "/virtualNetworks/ml-vnet/subnets/other"));
                    c.getAsJsonArray("workspaces").add(second);
                }, "$.workspaces[1].name: workspace name 'contoso-ml' is already used at $.workspaces[0]"),
                bad("policy id of an NSG", c -> ws(c).addProperty("serviceEndpointPolicy", NSG),
                        "$.workspaces[0].serviceEndpointPolicy: expected a service endpoint policy id"),
                bad("NSG id of a policy", c -> ws(c).addProperty("networkSecurityGroup", SEP),
                        "$.workspaces[0].networkSecurityGroup: expected a network security group id"),
                bad("storage id of a policy", c -> ws(c).addProperty("defaultStorageAccount", SEP),
                        "$.workspaces[0].defaultStorageAccount: expected a storage account id"),
                bad("workspace id of a storage account", c -> ws(c).addProperty("workspaceId", STORAGE),
                        "$.workspaces[0].workspaceId: expected an Azure ML workspace id"),
                bad("allowed account of a policy", c -> ws(c).add("allowedStorageAccounts", array(STORAGE, SEP)),
                        "$.workspaces[0].allowedStorageAccounts[1]: expected a storage account (or a subscription or "
                                + "resource group scope) id"),
                bad("optional id null", c -> ws(c).add("networkSecurityGroup", com.google.gson.JsonNull.INSTANCE),
                        "$.workspaces[0].networkSecurityGroup: expected a string, got null"),
                bad("boolean as a string", c -> ws(c).addProperty("allowBatchInbound", "false"),
                        "$.workspaces[0].allowBatchInbound: expected true or false, got a string"),
                bad("unknown rule id", c -> rules(c).addProperty("DLP099", "alert"), "$.rules.DLP099: unknown rule id 'DLP099'"),
                bad("egress not an object", c -> ws(c).addProperty("egress", "firewall"),
                        "$.workspaces[0].egress: expected an object, got a string"),
                bad("egress without mode", c -> ws(c).add("egress", new JsonObject()), "$.workspaces[0].egress.mode: missing"),
                bad("unknown egress mode", c -> ws(c).add("egress", egress("proxy", null)),
                        "$.workspaces[0].egress.mode: unknown egress mode 'proxy' (expected nsg or firewall)"),
                bad("firewall without its address", c -> ws(c).add("egress", egress("firewall", null)),
                        "$.workspaces[0].egress.nextHopIpAddress: missing: mode firewall needs the firewall's private IP address"),
                bad("firewall address not an IP", c -> ws(c).add("egress", egress("firewall", "fw.contoso.com")),
                        "$.workspaces[0].egress.nextHopIpAddress: expected an IPv4 address like 10.0.2.4, got 'fw.contoso.com'"),
                bad("firewall address out of range", c -> ws(c).add("egress", egress("firewall", "10.0.2.256")),
                        "$.workspaces[0].egress.nextHopIpAddress: expected an IPv4 address"),
                bad("firewall address as a CIDR", c -> ws(c).add("egress", egress("firewall", "10.0.2.4/32")),
                        "$.workspaces[0].egress.nextHopIpAddress: expected an IPv4 address"),
                bad("address in the NSG case", c -> ws(c).add("egress", egress("nsg", "10.0.2.4")),
                        "$.workspaces[0].egress.nextHopIpAddress: only allowed with mode firewall (mode is nsg)"),
                bad("unknown egress key", c -> ws(c).add("egress", egress("nsg", null, "routeTable")),
                        "$.workspaces[0].egress.routeTable: unknown key (allowed: mode, nextHopIpAddress)"),
                bad("additional policy not a policy", c -> ws(c).add("additionalServiceEndpointPolicies", array(NSG)),
                        "$.workspaces[0].additionalServiceEndpointPolicies[0]: expected a service endpoint policy id"),
                bad("additional policy is the configured one", c -> ws(c).add("additionalServiceEndpointPolicies", array(SEP)),
                        "$.workspaces[0].additionalServiceEndpointPolicies[0]: service endpoint policy aml-dlp is listed twice"),
                bad("additional policies not an array", c -> ws(c).addProperty("additionalServiceEndpointPolicies", SEP),
                        "$.workspaces[0].additionalServiceEndpointPolicies: expected an array, got a string"),
                bad("unknown mode", c -> rules(c).addProperty("DLP003", "enforce"),
                        "$.rules.DLP003: unknown mode 'enforce' (expected off, audit, alert or rollback)"),
                bad("unknown default mode", c -> rules(c).addProperty("default", "warn"), "$.rules.default: unknown mode 'warn'"),
                bad("mode not a string", c -> rules(c).addProperty("DLP003", true), "$.rules.DLP003: expected a string, got a boolean"),
                bad("rule set twice in two casings", c -> {
                    rules(c).addProperty("DLP003", "alert");
                    rules(c).addProperty("dlp003", "rollback");
                }, "$.rules.dlp003: the mode of DLP003 is set twice"),
                bad("rules not an object", c -> c.add("rules", new JsonArray()), "$.rules: expected an object, got an array"),
                bad("exemption date out of range", c -> c.add("exemptions", exemptions(e -> e.addProperty("until", "2027-02-30"))),
                        "$.exemptions[0].until: expected an ISO date like 2027-01-31, got '2027-02-30'"),
                bad("exemption year beyond LocalDate", c -> c.add("exemptions", exemptions(e -> e.addProperty("until",
                        "+1000000000-01-01"))), "$.exemptions[0].until: expected an ISO date"),
                bad("exemption date not ISO", c -> c.add("exemptions", exemptions(e -> e.addProperty("until", "31/01/2027"))),
                        "$.exemptions[0].until: expected an ISO date like 2027-01-31, got '31/01/2027'"),
                bad("exemption unknown rule", c -> c.add("exemptions", exemptions(e -> e.addProperty("ruleId", "DLP099"))),
                        "$.exemptions[0].ruleId: unknown rule id 'DLP099'"),
                bad("exemption bad resource", c -> c.add("exemptions", exemptions(e -> e.addProperty("resourceId", "legacy-nsg"))),
                        "$.exemptions[0].resourceId: not an ARM resource id"),
                bad("exemption without reason", c -> c.add("exemptions", exemptions(e -> e.remove("reason"))),
                        "$.exemptions[0].reason: missing"),
                bad("exemption not an object", c -> c.add("exemptions", array("DLP009")), "$.exemptions[0]: expected an object, got a string"),
                bad("root not an object", c -> {
                }, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidConfigNamesThePath(String what, Consumer<JsonObject> mutation, String expected) {
        JsonObject config = minimal();
        mutation.accept(config);
        String text = expected == null ? "[" + Json.compactGson().toJson(config) + "]" : Json.compactGson().toJson(config);
        String want = "dlp-guard.json: " + (expected == null ? "$: expected an object, got an array" : expected);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "dlp-guard.json", TODAY));
        assertTrue(e.getMessage().startsWith(want), "expected: " + want + "\n     got: " + e.getMessage());
    }

    @Test
    void secretValuesNeverAppearInMessages() {
        JsonObject c = minimal();
        c.addProperty("webhookUrl", "https://prod.logic.azure.com/workflows/abc?sig=SECRETSIG");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(Json.compactGson().toJson(c).getBytes(StandardCharsets.UTF_8), "dlp-guard.json", TODAY));
        assertFalse(e.getMessage().contains("SECRETSIG"), e.getMessage());
    }

    static Stream<Arguments> notStrictJson() {
        return Stream.of(
                Arguments.of("trailing comma", "{\"workspaces\": [],}"),
                Arguments.of("comment", "{/* c */ \"workspaces\": []}"),
                Arguments.of("NaN", "{\"workspaces\": NaN}"),
                Arguments.of("duplicate key", "{\"workspaces\": [], \"workspaces\": []}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notStrictJson")
    void invalidJsonIsAnError(String what, String text) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse(text.getBytes(StandardCharsets.UTF_8), "dlp-guard.json", TODAY));
        assertTrue(e.getMessage().startsWith("dlp-guard.json: $"), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnError() {
        byte[] bytes = {'{', '"', (byte) 0xFF, '"', ':', '1', '}'};
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(bytes, "dlp-guard.json", TODAY));
        assertEquals("dlp-guard.json: $: not valid UTF-8", e.getMessage());
    }

    // ---- helpers ---------------------------------------------------------------------------

    static Arguments bad(String what, Consumer<JsonObject> mutation, String expected) {
        return Arguments.of(what, mutation, expected);
    }

    static JsonObject minimal() {
        return JsonParser.parseString("""
                {"workspaces": [{"name": "contoso-ml", "region": "westeurope", "subnets": ["%s"],
                  "serviceEndpointPolicy": "%s"}],
                 "rules": {"default": "alert"}}""".formatted(SUBNET, SEP)).getAsJsonObject();
    }

    static JsonObject egress(String mode, String address, String... extraKeys) {
        JsonObject e = new JsonObject();
        e.addProperty("mode", mode);
        if (address != null) {
            e.addProperty("nextHopIpAddress", address);
        }
        for (String k : extraKeys) {
            e.addProperty(k, "x");
        }
        return e;
    }

    static JsonObject ws(JsonObject config) {
        return config.getAsJsonArray("workspaces").get(0).getAsJsonObject();
    }

    static JsonArray subnets(JsonObject config) {
        return ws(config).getAsJsonArray("subnets");
    }

    static JsonObject rules(JsonObject config) {
        return config.getAsJsonObject("rules");
    }

    static JsonArray exemptions(Consumer<JsonObject> mutation) {
        JsonObject e = new JsonObject();
        e.addProperty("ruleId", "DLP009");
        e.addProperty("resourceId", NSG);
        e.addProperty("until", "2027-01-31");
        e.addProperty("reason", "legacy CI");
        mutation.accept(e);
        JsonArray array = new JsonArray();
        array.add(e);
        return array;
    }

    static JsonArray array(String... values) {
        JsonArray array = new JsonArray();
        for (String v : values) {
            array.add(new JsonPrimitive(v));
        }
        return array;
    }

    static GuardConfig parse(JsonObject config) throws ConfigException {
        return ConfigLoader.parse(Json.compactGson().toJson(config).getBytes(StandardCharsets.UTF_8), "dlp-guard.json", TODAY);
    }
}
