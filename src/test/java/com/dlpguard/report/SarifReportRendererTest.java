package com.dlpguard.report;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.RuleCatalog;
import com.dlpguard.rules.Status;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SARIF 2.1.0 checked against the OASIS schema (vendored from the npm package
 * {@code @microsoft/jest-sarif}, MIT: src/test/resources/cli/sarif-schema-2.1.0.json), plus what
 * the schema cannot say: one reportingDescriptor per DLP id, ruleIndex pointing at it, every
 * result locatable, exemptions as suppressions.
 */
class SarifReportRendererTest {
    static final Path SCHEMA = Path.of("src/test/resources/cli/sarif-schema-2.1.0.json");
    static final Path CONFIG = Path.of("examples/dlp-guard.json");
    static final Path BATCH_EXEMPTED = Path.of("src/test/resources/cli/config/good/batch-inbound-exempted.json");

    static SchemaCheck schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        schema = SchemaCheck.load(SCHEMA);
    }

    static JsonObject sarif(Report report) {
        return JsonParser.parseString(SarifReportRenderer.render(report, RuleCatalog.all(), "test")).getAsJsonObject();
    }

    static JsonObject run(JsonObject sarif) {
        return sarif.getAsJsonArray("runs").get(0).getAsJsonObject();
    }

    static List<JsonObject> results(JsonObject sarif) {
        return run(sarif).getAsJsonArray("results").asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    @Test
    void theDriftedReportConformsToTheSarifSchema() throws Exception {
        JsonObject sarif = sarif(ExampleReports.drifted(BATCH_EXEMPTED));
        assertEquals(List.of(), schema.errors(sarif));
        assertEquals("2.1.0", sarif.get("version").getAsString());
        assertEquals("DLP Guard", run(sarif).getAsJsonObject("tool").getAsJsonObject("driver").get("name").getAsString());
    }

    @Test
    void unknownFindingsAreFailingResultsAndStillConform() throws Exception {
        // Rule book v2: unknown is never silent. The NSG rules (DLP006-DLP011) are high: level error.
        Report report = ExampleReports.driftedWithNsgUnreadable(CONFIG);
        long unknown = report.evaluation().assessments().stream().filter(a -> a.finding().status() == Status.UNKNOWN).count();
        assertTrue(unknown > 0, "the unreadable NSG makes its rules unknown");
        JsonObject sarif = sarif(report);
        assertEquals(List.of(), schema.errors(sarif));
        List<JsonObject> unknowns = results(sarif).stream()
                .filter(r -> r.getAsJsonObject("properties").get("dlpGuardStatus").getAsString().equals("unknown")).toList();
        assertEquals(unknown, unknowns.size());
        assertTrue(unknowns.stream().allMatch(r -> r.get("kind").getAsString().equals("fail")
                && r.get("level").getAsString().equals("error")), unknowns.toString());
    }

    @Test
    void theCompliantReportConformsWithNoResults() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/compliant"));
        JsonObject sarif = sarif(Report.of(ExampleReports.reconcile(arm, CONFIG).found()));
        assertEquals(List.of(), schema.errors(sarif));
        assertEquals(0, run(sarif).getAsJsonArray("results").size());
        assertEquals(com.dlpguard.rules.RuleCatalog.all().size(),
                run(sarif).getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").size());
    }

    @Test
    void oneReportingDescriptorPerDlpRule() throws Exception {
        JsonArray rules = run(sarif(ExampleReports.drifted(CONFIG))).getAsJsonObject("tool").getAsJsonObject("driver")
                .getAsJsonArray("rules");
        List<String> ids = rules.asList().stream().map(r -> r.getAsJsonObject().get("id").getAsString()).toList();
        assertEquals(RuleCatalog.ids(), ids);
        Map<String, Rule> byId = RuleCatalog.all().stream().collect(Collectors.toMap(Rule::id, r -> r));
        for (JsonElement e : rules) {
            JsonObject d = e.getAsJsonObject();
            Rule rule = byId.get(d.get("id").getAsString());
            assertEquals(rule.title(), d.getAsJsonObject("shortDescription").get("text").getAsString());
            assertEquals(rule.remediation(), d.getAsJsonObject("help").get("text").getAsString());
            assertTrue(d.getAsJsonObject("properties").has("security-severity"), "code scanning ranks by it: " + d);
        }
    }

    @Test
    void everyViolationIsALocatableResultPointingAtItsRule() throws Exception {
        Report report = ExampleReports.drifted(BATCH_EXEMPTED);
        JsonObject sarif = sarif(report);
        JsonArray rules = run(sarif).getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules");
        List<Assessment> violations = report.evaluation().assessments().stream().filter(Assessment::isViolation).toList();
        List<JsonObject> results = results(sarif);
        assertEquals(violations.size(), results.size(), "passes are not results");
        assertEquals(Set.of("DLP001", "DLP003", "DLP005", "DLP009", "DLP010"),
                results.stream().map(r -> r.get("ruleId").getAsString()).collect(Collectors.toSet()));
        for (JsonObject r : results) {
            assertEquals(r.get("ruleId").getAsString(),
                    rules.get(r.get("ruleIndex").getAsInt()).getAsJsonObject().get("id").getAsString(), r.toString());
            assertFalse(r.getAsJsonObject("message").get("text").getAsString().isBlank());
            JsonObject logical = r.getAsJsonArray("locations").get(0).getAsJsonObject()
                    .getAsJsonArray("logicalLocations").get(0).getAsJsonObject();
            assertTrue(logical.get("fullyQualifiedName").getAsString().startsWith("/subscriptions/"), r.toString());
            assertEquals("fail", r.get("kind").getAsString());
            assertTrue(Set.of("error", "warning").contains(r.get("level").getAsString()), r.toString());
        }
        List<JsonObject> suppressed = results.stream().filter(r -> r.has("suppressions")).toList();
        assertEquals(1, suppressed.size(), "the DLP009 exemption");
        assertEquals("DLP009", suppressed.get(0).get("ruleId").getAsString());
        JsonObject s = suppressed.get(0).getAsJsonArray("suppressions").get(0).getAsJsonObject();
        assertEquals("external", s.get("kind").getAsString());
        assertTrue(s.get("justification").getAsString().contains("legacy compute instance with public IP"), s.toString());
    }

    @Test
    void theSchemaCheckRejectsWhatTheSchemaForbids() throws Exception {
        JsonObject good = sarif(ExampleReports.drifted(CONFIG));
        assertEquals(List.of(), schema.errors(good));

        JsonObject noDriverName = good.deepCopy();
        run(noDriverName).getAsJsonObject("tool").getAsJsonObject("driver").remove("name");
        assertTrue(schema.errors(noDriverName).stream().anyMatch(e -> e.contains("required property 'name' missing")),
                schema.errors(noDriverName).toString());

        JsonObject wrongVersion = good.deepCopy();
        wrongVersion.addProperty("version", "2.0.0");
        assertFalse(schema.errors(wrongVersion).isEmpty());

        JsonObject noMessage = good.deepCopy();
        results(noMessage).get(0).remove("message");
        assertTrue(schema.errors(noMessage).stream().anyMatch(e -> e.contains("'message' missing")),
                schema.errors(noMessage).toString());

        JsonObject stray = good.deepCopy();
        run(stray).addProperty("findings", 3);
        assertTrue(schema.errors(stray).stream().anyMatch(e -> e.contains("not allowed")), schema.errors(stray).toString());

        JsonObject badLevel = good.deepCopy();
        results(badLevel).get(0).addProperty("level", "critical");
        assertFalse(schema.errors(badLevel).isEmpty());
    }
}
