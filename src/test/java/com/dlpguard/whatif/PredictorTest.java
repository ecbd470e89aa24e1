package com.dlpguard.whatif;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.rules.Status;
import com.dlpguard.snapshot.SnapshotLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predicted state and the judgement on it, on the compliant example estate, for the change
 * shapes the examples do not show: a Delete of a child, Unsupported and potential changes, a
 * failed what-if, a parent PUT that drops children read as their own documents, NoChange.
 */
class PredictorTest {
    static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
    static final String RG = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg";
    static final String SEP = RG + "/providers/Microsoft.Network/serviceEndpointPolicies/aml-dlp";
    static final String ALIAS = SEP + "/serviceEndpointPolicyDefinitions/ml-alias";
    static final String VNET = RG + "/providers/Microsoft.Network/virtualNetworks/ml-vnet";
    static final String SUBNET = VNET + "/subnets/compute";

    static GuardConfig config;
    static Estate compliant;

    @BeforeAll
    static void load() throws Exception {
        config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), TODAY);
        compliant = SnapshotLoader.load(Path.of("examples/compliant"));
    }

    static WhatIfResult parse(String json) throws WhatIfInputException {
        return WhatIfParser.parse(json.getBytes(StandardCharsets.UTF_8), "test.json");
    }

    static WhatIfVerdict check(Estate current, String... results) throws WhatIfInputException {
        List<WhatIfResult> parsed = new java.util.ArrayList<>();
        for (String r : results) {
            parsed.add(parse(r));
        }
        return new WhatIfCheck(RuleEngine.withCatalog()).check(config, current, parsed, TODAY);
    }

    static String change(String resourceId, String changeType, String extra) {
        return "{\"resourceId\": \"" + resourceId + "\", \"changeType\": \"" + changeType + "\"" + extra + "}";
    }

    static String az(String... changes) {
        return "{\"status\": \"Succeeded\", \"changes\": [" + String.join(",", changes) + "], \"error\": null}";
    }

    /** "DLP003 violation introduced <- Delete ml-alias" for every finding that is not a pass. */
    static Set<String> problems(WhatIfVerdict v) {
        return v.judged().stream().filter(j -> j.origin() != JudgedFinding.Origin.NONE)
                .map(j -> j.assessment().finding().ruleId() + " " + j.assessment().finding().status().wireName() + " "
                        + j.origin().wireName() + (j.introducedBy().isEmpty() ? "" : " <- " + j.introducedBy().stream()
                        .map(c -> c.changeType().wireName() + " " + c.id().map(ResourceId::name).orElse("?"))
                        .collect(Collectors.joining(", "))))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static JsonObject compliantResource(String id) throws Exception {
        JsonObject root = JsonParser.parseString(Files.readString(Path.of("examples/compliant/network.json"))).getAsJsonObject();
        for (JsonElement e : root.getAsJsonArray("value")) {
            if (e.getAsJsonObject().get("id").getAsString().equalsIgnoreCase(id)) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError(id);
    }

    @Test
    void theCompliantEstateWithNoChangesStaysClean() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(VNET, "NoChange", "")));
        assertEquals(Set.of(), problems(v));
        assertFalse(v.fails(false));
        assertEquals(compliant.size(), v.prediction().estate().size(), "the documents round-trip through the builder");
    }

    @Test
    void deletingTheAliasDefinitionChildIsAnIntroducedCriticalViolation() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(ALIAS, "Delete", ", \"before\": {\"id\": \"" + ALIAS + "\"}")));
        assertEquals(Set.of("DLP003 violation introduced <- Delete ml-alias"), problems(v));
        assertTrue(v.fails(true));
    }

    @Test
    void anUnsupportedChangeOfThePolicyMakesItsRulesUnknownAndFails() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(SEP, "Unsupported",
                ", \"unsupportedReason\": \"The resource properties cannot be calculated until the deployment runs\"")));
        Set<String> p = problems(v);
        assertTrue(p.containsAll(Set.of("DLP003 unknown introduced <- Unsupported aml-dlp",
                "DLP005 unknown introduced <- Unsupported aml-dlp")), p.toString());
        assertTrue(p.stream().noneMatch(s -> s.contains("violation")), p.toString());
        assertTrue(v.fails(true), "a critical unknown fails even with --new-only");
        String message = v.judged().stream().filter(j -> j.assessment().finding().ruleId().equals("DLP003"))
                .findFirst().orElseThrow().assessment().finding().message();
        assertTrue(message.contains("cannot be calculated"), "the reason reaches the finding: " + message);
    }

    @Test
    void aPotentialChangeIsAsUnpredictableAsAnUnsupportedOne() throws Exception {
        String result = "{\"status\": \"Succeeded\", \"changes\": [], \"potentialChanges\": ["
                + change(SEP, "Modify", ", \"after\": {\"id\": \"" + SEP + "\"}") + "]}";
        WhatIfVerdict v = check(compliant, result);
        assertTrue(problems(v).contains("DLP003 unknown introduced <- Modify aml-dlp"), problems(v).toString());
        assertTrue(v.fails(true));
    }

    @Test
    void aFailedWhatIfMakesEveryPassUnknown() throws Exception {
        WhatIfVerdict v = check(compliant, "{\"status\": \"Failed\", \"error\": {\"code\": \"InvalidTemplate\", "
                + "\"message\": \"Deployment template validation failed\"}}");
        assertTrue(v.judged().stream().noneMatch(j -> j.origin() == JudgedFinding.Origin.NONE), "no pass survives");
        assertTrue(v.judged().stream().allMatch(j -> j.assessment().finding().status() == Status.UNKNOWN));
        assertTrue(v.judged().stream().allMatch(j -> j.uncertainty().orElse("").contains("InvalidTemplate")));
        assertTrue(v.fails(true));
        assertEquals(1, v.prediction().unpredictable().size());
    }

    @Test
    void anUnsupportedNestedDeploymentCouldHoldAnythingSoEverythingIsUnknown() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(RG + "/providers/Microsoft.Resources/deployments/network-module",
                "Unsupported", ", \"unsupportedReason\": \"nested template with expressions\"")));
        assertTrue(v.judged().stream().allMatch(j -> j.assessment().finding().status() == Status.UNKNOWN));
        assertTrue(v.fails(true));
    }

    @Test
    void anUnsupportedResourceNoRuleReadsChangesNoFinding() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(RG + "/providers/Microsoft.Authorization/roleAssignments/abc",
                "Unsupported", ", \"unsupportedReason\": \"name uses reference()\"")));
        assertEquals(Set.of(), problems(v));
        assertFalse(v.fails(false));
        assertEquals(AppliedChange.Effect.NOT_READ_BY_RULES, v.prediction().changes().get(0).effect());
    }

    @Test
    void aPolicyPutDropsDefinitionsTheSnapshotHeldAsTheirOwnDocuments() throws Exception {
        // Current state with the definitions as standalone documents (as a live read returns them):
        JsonObject policy = compliantResource(SEP);
        JsonArray definitions = policy.getAsJsonObject("properties").remove("serviceEndpointPolicyDefinitions").getAsJsonArray();
        JsonArray docs = new JsonArray();
        docs.add(policy.deepCopy());
        definitions.forEach(d -> docs.add(d));
        Estate current = SnapshotLoader.parse(docs.toString().getBytes(StandardCharsets.UTF_8), "split.json")
                .merge(without(compliant, SEP));
        assertEquals(Set.of(), problems(check(current, az(change(SEP, "NoChange", "")))), "same estate, split differently");

        JsonObject after = compliantResource(SEP);
        JsonArray inline = after.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions");
        inline.remove(0);
        WhatIfVerdict v = check(current, az(change(SEP, "Modify", ", \"after\": " + after)));
        assertEquals(Set.of("DLP003 violation introduced <- Modify aml-dlp"), problems(v));
    }

    @Test
    void noChangeKeepsASubnetAParentPutLeftOut() throws Exception {
        JsonObject vnetAfter = compliantResource(VNET);
        vnetAfter.getAsJsonObject("properties").getAsJsonArray("subnets").remove(0);
        WhatIfVerdict dropped = check(compliant, az(change(VNET, "Modify", ", \"after\": " + vnetAfter)));
        assertTrue(problems(dropped).stream().anyMatch(s -> s.startsWith("DLP002 unknown introduced <- Modify ml-vnet")),
                "a protected subnet the VNet PUT removes cannot be shown safe: " + problems(dropped));
        WhatIfVerdict kept = check(compliant, az(change(VNET, "Modify", ", \"after\": " + vnetAfter),
                change(SUBNET, "NoChange", "")));
        assertEquals(Set.of(), problems(kept));
    }

    @Test
    void aPolicyFromAnotherSubscriptionAttachedByTheVnetPutIsAnIntroducedViolation() throws Exception {
        // Placement: the insider's policy lives where the snapshot does not reach; attached, it
        // allows the union of entries, so it is a violation unread (rule book DLP005).
        String rogue = "/subscriptions/0d6f3a2b-1c4e-4f5a-8b9c-7e6d5c4b3a21/resourceGroups/shadow-rg/providers/"
                + "Microsoft.Network/serviceEndpointPolicies/storage-extra";
        JsonObject vnetAfter = compliantResource(VNET);
        JsonObject policyRef = new JsonObject();
        policyRef.addProperty("id", rogue);
        vnetAfter.getAsJsonObject("properties").getAsJsonArray("subnets").get(0).getAsJsonObject()
                .getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicies").add(policyRef);
        WhatIfVerdict v = check(compliant, az(change(VNET, "Modify", ", \"after\": " + vnetAfter)));
        assertTrue(problems(v).contains("DLP005 violation introduced <- Modify ml-vnet"), problems(v).toString());
        assertTrue(v.fails(true), "critical: fails even with --new-only");
    }

    @Test
    void resultsApplyInOrderAndEachKeepsWhatItDoesNotTouch() throws Exception {
        WhatIfVerdict v = check(compliant, az(change(ALIAS, "Delete", "")), az(change(SEP, "NoChange", "")));
        assertEquals(Set.of("DLP003 violation introduced <- Delete ml-alias"), problems(v),
                "the second what-if did not see the first deployment: its NoChange does not bring the alias back");
    }

    @Test
    void aWhatIfThatSawAnotherStateIsFlagged() throws Exception {
        String other = RG + "/providers/Microsoft.Network/networkSecurityGroups/not-in-the-snapshot";
        WhatIfVerdict v = check(compliant, az(change(other, "Modify", ", \"after\": {\"id\": \"" + other
                + "\", \"properties\": {}}"), change(SEP, "Create", ", \"after\": " + compliantResource(SEP))));
        assertEquals(2, v.prediction().warnings().size(), v.prediction().warnings().toString());
        assertTrue(v.prediction().warnings().get(0).contains("not-in-the-snapshot (Modify) but the current state does not have it"));
        assertTrue(v.prediction().warnings().get(1).contains("creates " + SEP + " but the current state already has it"));
        assertEquals(Set.of(), problems(v), "the prediction itself is Azure's");
        assertTrue(check(compliant, az(change(VNET, "NoChange", ""))).prediction().warnings().isEmpty());
    }

    @Test
    void theParserAcceptsTheRestShapeAFailureWithoutChangesAndExtensionResources() throws Exception {
        WhatIfResult rest = parse("{\"status\": \"Succeeded\", \"properties\": {\"changes\": [" + change(ALIAS, "Delete", "")
                + ", {\"changeType\": \"Create\", \"extension\": {\"name\": \"MicrosoftGraph\"}, \"identifiers\": {\"uniqueName\": \"app\"}}"
                + "]}}");
        assertEquals(2, rest.changes().size());
        assertEquals("test.json: $.properties.changes[0]", rest.changes().get(0).where());
        assertTrue(rest.changes().get(1).id().isEmpty());
        WhatIfResult failed = parse("{\"status\": \"Failed\", \"error\": {\"code\": \"X\", \"message\": \"m\", \"details\": [{\"message\": \"d\"}]}}");
        assertEquals("X: m / d", failed.failure().orElseThrow().replaceAll(".*\\(status Failed\\): ", ""));
    }

    @Test
    void aSucceededResultWithoutChangesIsNotAWhatIfResult() {
        WhatIfInputException e = assertThrows(WhatIfInputException.class, () -> parse("{\"status\": \"Succeeded\"}"));
        assertTrue(e.getMessage().startsWith("test.json: $.changes: missing"), e.getMessage());
    }

    @Test
    void aResourceListedTwiceIsRefused() {
        WhatIfInputException e = assertThrows(WhatIfInputException.class,
                () -> parse(az(change(ALIAS, "Delete", ""), change(ALIAS.toUpperCase(java.util.Locale.ROOT), "NoChange", ""))));
        assertTrue(e.getMessage().contains("$.changes[1].resourceId: the resource"), e.getMessage());
    }

    private static Estate without(Estate estate, String id) {
        ResourceId drop = ResourceId.parse(id);
        Map<ResourceId, com.dlpguard.model.ServiceEndpointPolicy> policies = new TreeMap<>(estate.serviceEndpointPolicies());
        policies.remove(drop);
        return new Estate(estate.virtualNetworks(), estate.subnets(), estate.networkSecurityGroups(), policies,
                estate.routeTables(), estate.workspaces(), estate.environmentVersions(), estate.readFailures());
    }
}
