package com.dlpguard.cli;

import com.dlpguard.rules.RuleCatalog;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.dlpguard.cli.CliRun.COMPLIANT;
import static com.dlpguard.cli.CliRun.CONFIG;
import static com.dlpguard.cli.CliRun.DRIFTED;
import static com.dlpguard.cli.CliRun.RESOURCES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code check --snapshot}: exit codes, the planted drifts of examples/, modes, exemptions, the JSON report's fields. */
class CheckCommandTest {
    static final String GOOD = RESOURCES.resolve("config/good").toString();

    static List<JsonObject> findings(JsonObject report) {
        return objects(report.getAsJsonArray("findings"));
    }

    static List<JsonObject> objects(JsonArray array) {
        return array.asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    static List<JsonObject> violations(JsonObject report) {
        return findings(report).stream().filter(f -> f.get("status").getAsString().equals("violation")).toList();
    }

    /** "DLP009 allow-batch-inbound" for each violation: rule and the last segment of the resource it names. */
    static Set<String> violationKeys(JsonObject report) {
        return violations(report).stream()
                .map(f -> f.get("ruleId").getAsString() + " " + lastSegment(f.get("resourceId").getAsString()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String lastSegment(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    @Test
    void theDriftedExampleExitsOneWithEveryPlantedDriftAndNothingElse() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertEquals("", run.err());
        JsonObject report = run.json();
        assertEquals(Set.of(
                "DLP001 compute",               // storage service endpoint removed
                "DLP003 aml-dlp",               // ML alias definition removed
                "DLP005 aml-dlp",               // personal storage account added to the SEP
                "DLP009 allow-batch-inbound",   // Batch inbound rule re-added
                "DLP010 compute"),              // Internet allow on 443
                violationKeys(report));
        JsonObject dlp005 = violations(report).stream().filter(f -> f.get("ruleId").getAsString().equals("DLP005"))
                .findFirst().orElseThrow();
        assertTrue(dlp005.get("message").getAsString().contains("mallorypersonal"), dlp005.toString());
        JsonObject dlp010 = violations(report).stream().filter(f -> f.get("ruleId").getAsString().equals("DLP010"))
                .findFirst().orElseThrow();
        assertTrue(dlp010.get("message").getAsString().contains("Internet"), dlp010.toString());
        assertTrue(dlp010.get("message").getAsString().contains("allow-internet-https"), dlp010.toString());
        assertEquals(0, report.getAsJsonObject("summary").get("unknown").getAsInt(), "nothing undecided in the example");
    }

    @Test
    void theDriftedExampleInTextNamesTheDriftsToo() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", CONFIG);
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        for (String expected : List.of("DLP001", "DLP003", "DLP005", "DLP009", "DLP010", "mallorypersonal",
                "allow-batch-inbound", "allow-internet-https")) {
            assertTrue(run.out().contains(expected), expected + " missing:\n" + run.out());
        }
    }

    @Test
    void theCompliantExampleExitsZeroWithEveryRuleEvaluated() {
        CliRun run = CliRun.of("check", "--snapshot", COMPLIANT, "--config", CONFIG, "--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
        JsonObject report = run.json();
        assertTrue(violations(report).isEmpty(), violations(report).toString());
        Set<String> rules = findings(report).stream().map(f -> f.get("ruleId").getAsString())
                .collect(Collectors.toCollection(TreeSet::new));
        // DLP015-DLP017 apply to managed-network workspaces only: examples/managed covers them.
        Set<String> sepRules = RuleCatalog.ids().stream().filter(id -> !Set.of("DLP015", "DLP016", "DLP017").contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(sepRules, rules, "no rule is off in examples/dlp-guard.json");
        assertTrue(findings(report).stream().allMatch(f -> f.get("status").getAsString().equals("pass")),
                "the compliant example is fully decidable: " + run.out());
    }

    @Test
    void theJsonReportHasEveryFieldTheRuleBookRequires() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "json", "--plan");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject report = run.json();
        assertFalse(findings(report).isEmpty());
        for (JsonObject f : findings(report)) {
            for (String field : List.of("ruleId", "status", "severity", "resourceId", "message", "remediation")) {
                assertTrue(f.has(field) && f.get(field).isJsonPrimitive() && !f.get(field).getAsString().isBlank(),
                        field + " in " + f);
            }
            assertTrue(Set.of("pass", "violation", "unknown").contains(f.get("status").getAsString()), f.toString());
            assertTrue(Set.of("critical", "high", "medium", "low").contains(f.get("severity").getAsString()), f.toString());
            assertTrue(f.get("resourceId").getAsString().startsWith("/subscriptions/"), f.toString());
        }
        List<JsonObject> plan = objects(report.getAsJsonArray("plan"));
        assertEquals(4, plan.size(), "DLP001, DLP003, DLP005, DLP009 roll back; DLP010 is alert-only: " + plan);
        for (JsonObject w : plan) {
            assertTrue(w.get("ruleId").isJsonPrimitive(), w.toString());
            JsonArray ids = w.getAsJsonArray("ruleIds");
            assertTrue(ids.asList().stream().anyMatch(i -> i.getAsString().equals(w.get("ruleId").getAsString())), w.toString());
            assertFalse(w.get("action").getAsString().isBlank(), w.toString());
            JsonObject request = w.getAsJsonObject("request");
            for (String field : List.of("method", "url", "ifMatch", "body")) {
                assertTrue(request.has(field), field + " in " + request);
            }
            String method = request.get("method").getAsString();
            assertTrue(Set.of("PUT", "PATCH", "DELETE").contains(method), request.toString());
            String url = request.get("url").getAsString();
            assertTrue(url.startsWith("/subscriptions/"), url);
            assertTrue(url.matches(".*\\?api-version=\\d{4}-\\d{2}-\\d{2}(-preview)?$"), url);
            if (method.equals("DELETE")) {
                assertTrue(request.get("body").isJsonNull(), request.toString());
            } else {
                assertTrue(request.get("body").isJsonObject(), request.toString());
            }
            JsonElement ifMatch = request.get("ifMatch");
            assertTrue(ifMatch.isJsonNull() || ifMatch.getAsString().startsWith("W/\""), request.toString());
        }
        // Writes to existing resources are guarded by their etag; only a creation may go without.
        assertTrue(plan.stream().filter(w -> !w.get("action").getAsString().startsWith("restore-"))
                .allMatch(w -> w.getAsJsonObject("request").get("ifMatch").isJsonPrimitive()), plan.toString());
        assertFalse(report.has("events"), "events only in replay");
    }

    @Test
    void withoutPlanTheReportHasNoPlan() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "json");
        assertFalse(run.json().has("plan"));
    }

    @Test
    void exemptedViolationsStayInTheReportAndDoNotCount() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/every-drift-exempted.json",
                "--format", "json", "--plan");
        assertEquals(Main.OK, run.exit(), run.describe());
        JsonObject report = run.json();
        List<JsonObject> violations = violations(report);
        assertEquals(5, violations.size(), "exempted, not hidden: " + violations);
        Map<String, String> reasons = new TreeMap<>();
        for (JsonObject v : violations) {
            assertTrue(v.get("exempted").getAsBoolean(), v.toString());
            reasons.put(v.get("ruleId").getAsString(), v.get("exemptionReason").getAsString());
        }
        assertEquals("legacy compute instance with public IP (CHG-1004)", reasons.get("DLP009"));
        assertEquals("partner account under review (CHG-1003)", reasons.get("DLP005"));
        assertEquals(0, report.getAsJsonArray("plan").size(), "an exempted resource is never written");
        assertTrue(findings(report).stream().filter(f -> !f.get("status").getAsString().equals("violation"))
                .noneMatch(f -> f.get("exempted").getAsBoolean()), "only violations are marked exempted");
    }

    @Test
    void oneExemptionDoesNotHideTheOtherViolations() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/batch-inbound-exempted.json",
                "--format", "json", "--plan");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject report = run.json();
        assertEquals(4, report.getAsJsonObject("summary").get("countingViolations").getAsInt());
        JsonObject dlp009 = violations(report).stream().filter(f -> f.get("ruleId").getAsString().equals("DLP009"))
                .findFirst().orElseThrow();
        assertTrue(dlp009.get("exempted").getAsBoolean());
        assertTrue(objects(report.getAsJsonArray("plan")).stream()
                .noneMatch(w -> w.getAsJsonArray("ruleIds").toString().contains("DLP009")), "the exempted rule is not planned");
    }

    @Test
    void aLapsedExemptionCountsAgainAndIsNamedInAWarningLine() {
        // Rule book v2 (attack #4): a past-due exemption lapses; version 1 rejected the file (exit 2) forever.
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/lapsed-exemption.json",
                "--format", "json", "--plan");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject dlp009 = violations(run.json()).stream().filter(f -> f.get("ruleId").getAsString().equals("DLP009"))
                .findFirst().orElseThrow();
        assertFalse(dlp009.get("exempted").getAsBoolean(), dlp009.toString());
        assertTrue(objects(run.json().getAsJsonArray("plan")).stream()
                .anyMatch(w -> w.getAsJsonArray("ruleIds").toString().contains("DLP009")), "the lapsed rule is rolled back again");
        List<String> warnings = run.err().lines().filter(l -> l.contains("warning")).toList();
        assertEquals(1, warnings.size(), run.err());
        assertTrue(warnings.get(0).startsWith("dlp-guard: warning: "), warnings.get(0));
        assertTrue(warnings.get(0).contains("lapsed-exemption.json: $.exemptions[0]: exemption of DLP009 for "), warnings.get(0));
        assertTrue(warnings.get(0).contains("allow-batch-inbound (legacy CI) lapsed after 2024-01-31"), warnings.get(0));

        CliRun replay = CliRun.of("replay", "--event", "examples/events/alias-removed.json", "--snapshot", DRIFTED,
                "--config", GOOD + "/lapsed-exemption.json");
        assertTrue(replay.err().contains("dlp-guard: warning: "), replay.describe());
    }

    @Test
    void anExemptedViolationIsShownInTextWithItsReason() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/batch-inbound-exempted.json");
        assertTrue(run.out().contains("EXEMPT"), run.out());
        assertTrue(run.out().contains("legacy compute instance with public IP (CHG-1004)"), run.out());
    }

    @Test
    void aRuleInModeOffYieldsNoFinding() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/dlp010-off.json", "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(findings(run.json()).stream().noneMatch(f -> f.get("ruleId").getAsString().equals("DLP010")), run.out());
        assertEquals(13, findings(run.json()).size());
    }

    @Test
    void everyRuleOffMeansNoFindingAndExitZeroEvenOnTheDriftedEstate() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/all-off.json", "--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
        assertEquals(0, findings(run.json()).size());
    }

    @Test
    void auditModeViolationsCountForTheExitCode() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", GOOD + "/only-dlp005-audit.json",
                "--format", "json", "--plan");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> findings = findings(run.json());
        assertEquals(1, findings.size(), findings.toString());
        assertEquals("audit", findings.get(0).get("mode").getAsString());
        assertEquals(0, run.json().getAsJsonArray("plan").size(), "audit records, never writes");
    }

    @Test
    void sarifOutputOfTheDriftedExampleIsSarif210WithOneResultPerViolation() {
        CliRun run = CliRun.of("check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "sarif");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject sarif = run.json();
        assertEquals("2.1.0", sarif.get("version").getAsString());
        JsonObject theRun = sarif.getAsJsonArray("runs").get(0).getAsJsonObject();
        assertEquals(RuleCatalog.all().size(), theRun.getAsJsonObject("tool").getAsJsonObject("driver").getAsJsonArray("rules").size());
        assertEquals(5, theRun.getAsJsonArray("results").size());
    }

    /** The compliant example without the resources {@code drop} names (by last id segment), in a temp folder. */
    static String compliantWithout(Path tmp, String file, String drop) throws java.io.IOException {
        Path dir = tmp.resolve("snapshot");
        java.nio.file.Files.createDirectories(dir);
        for (String name : List.of("network.json", "workspace.json")) {
            JsonObject doc = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(
                    Path.of(COMPLIANT, name))).getAsJsonObject();
            if (name.equals(file)) {
                JsonArray kept = new JsonArray();
                doc.getAsJsonArray("value").forEach(e -> {
                    if (!lastSegment(e.getAsJsonObject().get("id").getAsString()).equals(drop)) {
                        kept.add(e);
                    }
                });
                doc.add("value", kept);
            }
            java.nio.file.Files.writeString(dir.resolve(name), doc.toString());
        }
        return dir.toString();
    }

    @Test
    void anUnknownOfAHighRuleFailsTheCheckLikeAViolation(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        // Rule book v2: can't-decide is loud. Without its NSG the NSG rules (high) are unknown: exit 1.
        CliRun run = CliRun.of("check", "--snapshot", compliantWithout(tmp, "network.json", "compute-nsg"), "--config", CONFIG,
                "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject summary = run.json().getAsJsonObject("summary");
        assertEquals(0, summary.get("countingViolations").getAsInt(), run.out());
        assertTrue(summary.get("unknown").getAsInt() > 0, run.out());
    }

    @Test
    void helpIsNotAnError() {
        CliRun run = CliRun.of("--help");
        assertEquals(Main.OK, run.exit());
        assertTrue(run.out().contains("check") && run.out().contains("replay"), run.out());
    }
}
