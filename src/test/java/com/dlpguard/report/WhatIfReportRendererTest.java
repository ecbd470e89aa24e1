package com.dlpguard.report;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.rules.RuleCatalog;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.snapshot.SnapshotLoader;
import com.dlpguard.whatif.JudgedFinding;
import com.dlpguard.whatif.WhatIfCheck;
import com.dlpguard.whatif.WhatIfParser;
import com.dlpguard.whatif.WhatIfVerdict;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The what-if SARIF against the OASIS 2.1.0 schema the project carries, on every example and on
 * both example estates, plus what the schema cannot say: introduced violations are errors, old
 * debt notes, and an introduced result is located at the changed resource in the what-if file.
 */
class WhatIfReportRendererTest {
    static final Path WHATIF = Path.of("examples/whatif");
    static SchemaCheck schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = SchemaCheck.load(SarifReportRendererTest.SCHEMA);
    }

    static WhatIfVerdict verdict(String estate, String file) throws Exception {
        LocalDate today = LocalDate.of(2026, 12, 3);
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), today);
        Path p = WHATIF.resolve(file);
        return new WhatIfCheck(RuleEngine.withCatalog()).check(config, SnapshotLoader.load(Path.of("examples", estate)),
                List.of(WhatIfParser.parse(Files.readAllBytes(p), p.toString())), today);
    }

    static List<JsonObject> results(JsonObject sarif) {
        return sarif.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results").asList().stream()
                .map(JsonElement::getAsJsonObject).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"delete-alias.json", "rogue-account.json", "appliance-route.json", "vnet-replaced.json", "benign.json"})
    void everyExampleOnBothEstatesGivesValidSarif(String file) throws Exception {
        for (String estate : List.of("compliant", "drifted")) {
            WhatIfVerdict v = verdict(estate, file);
            JsonObject sarif = JsonParser.parseString(WhatIfReportRenderer.sarif(v, RuleCatalog.all(), "test")).getAsJsonObject();
            assertEquals(List.of(), schema.errors(sarif), estate + " " + file);
            List<JudgedFinding> problems = v.judged().stream().filter(j -> j.origin() != JudgedFinding.Origin.NONE).toList();
            List<JsonObject> results = results(sarif);
            assertEquals(problems.size(), results.size());
            for (int i = 0; i < results.size(); i++) {
                JsonObject r = results.get(i);
                JudgedFinding j = problems.get(i);
                assertEquals(j.assessment().finding().ruleId(), r.get("ruleId").getAsString());
                assertEquals(j.origin().wireName(), r.getAsJsonObject("properties").get("origin").getAsString());
                if (j.assessment().isViolation() || !j.isIntroduced()) {
                    assertEquals(j.isIntroduced() ? "error" : "note", r.get("level").getAsString(), r.toString());
                }
                assertEquals(j.assessment().finding().status().wireName(),
                        r.getAsJsonObject("properties").get("dlpGuardStatus").getAsString());
                JsonObject location = r.getAsJsonArray("locations").get(0).getAsJsonObject();
                assertEquals(WHATIF.resolve(file).toString(),
                        location.getAsJsonObject("physicalLocation").getAsJsonObject("artifactLocation").get("uri").getAsString());
                String named = location.getAsJsonArray("logicalLocations").get(0).getAsJsonObject().get("fullyQualifiedName").getAsString();
                assertEquals(j.isIntroduced() ? j.introducedBy().get(0).rawResourceId() : j.assessment().finding().resourceId().toString(),
                        named, "an introduced result is located at the changed resource");
            }
            if (estate.equals("drifted")) {
                assertTrue(results.stream().anyMatch(r -> r.get("level").getAsString().equals("note")), "old debt as notes");
            }
        }
    }

    @Test
    void anIntroducedViolationIsAnErrorAtTheLineOfItsChange() throws Exception {
        WhatIfVerdict v = verdict("compliant", "vnet-replaced.json");
        JsonObject r = results(JsonParser.parseString(WhatIfReportRenderer.sarif(v, RuleCatalog.all(), "test")).getAsJsonObject()).get(0);
        assertEquals("DLP002", r.get("ruleId").getAsString());
        assertEquals("error", r.get("level").getAsString());
        int line = r.getAsJsonArray("locations").get(0).getAsJsonObject().getAsJsonObject("physicalLocation")
                .getAsJsonObject("region").get("startLine").getAsInt();
        String lineText = Files.readAllLines(WHATIF.resolve("vnet-replaced.json")).get(line - 1);
        assertTrue(lineText.contains("\"resourceId\"") && lineText.contains("virtualNetworks/ml-vnet\""), lineText);
        assertTrue(r.getAsJsonObject("message").get("text").getAsString().startsWith("Introduced by Modify "), r.toString());
    }

    @Test
    void anUnpredictableDeploymentGivesValidSarifWithItsUnknownsAsFailures() throws Exception {
        LocalDate today = LocalDate.of(2026, 12, 3);
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), today);
        String sep = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/"
                + "Microsoft.Network/serviceEndpointPolicies/aml-dlp";
        for (String whatIf : List.of(
                "{\"status\": \"Failed\", \"error\": {\"code\": \"InvalidTemplate\", \"message\": \"bad\"}}",
                "{\"status\": \"Succeeded\", \"changes\": [{\"resourceId\": \"" + sep + "\", \"changeType\": \"Unsupported\","
                        + " \"unsupportedReason\": \"cannot be calculated\"}]}")) {
            WhatIfVerdict v = new WhatIfCheck(RuleEngine.withCatalog()).check(config, SnapshotLoader.load(Path.of("examples/compliant")),
                    List.of(WhatIfParser.parse(whatIf.getBytes(java.nio.charset.StandardCharsets.UTF_8), "whatif.json")), today);
            JsonObject sarif = JsonParser.parseString(WhatIfReportRenderer.sarif(v, RuleCatalog.all(), "test")).getAsJsonObject();
            assertEquals(List.of(), schema.errors(sarif), whatIf);
            List<JsonObject> unknown = results(sarif).stream()
                    .filter(r -> r.getAsJsonObject("properties").get("dlpGuardStatus").getAsString().equals("unknown")).toList();
            assertTrue(!unknown.isEmpty(), whatIf);
            for (JsonObject r : unknown) {
                assertEquals("introduced", r.getAsJsonObject("properties").get("origin").getAsString());
                String severity = RuleCatalog.all().stream().filter(rule -> rule.id().equals(r.get("ruleId").getAsString()))
                        .findFirst().orElseThrow().severity().wireName();
                assertEquals(severity.equals("critical") || severity.equals("high") ? "error" : "warning",
                        r.get("level").getAsString(), "an introduced unknown fails where the check fails: " + r);
            }
            assertTrue(WhatIfReportRenderer.text(v, true, false).contains("UNKNOWN"), whatIf);
            JsonObject json = JsonParser.parseString(WhatIfReportRenderer.json(v, true)).getAsJsonObject();
            assertTrue(json.getAsJsonObject("summary").get("countingForExit").getAsInt() > 0, "critical unknowns count: " + whatIf);
        }
    }
}
