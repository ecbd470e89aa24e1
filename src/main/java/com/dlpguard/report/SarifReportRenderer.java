package com.dlpguard.report;

import com.dlpguard.json.Json;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.Status;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SARIF 2.1.0: one reportingDescriptor per DLP rule (all of them, so dashboards know the full
 * rule set), one result per violation or unknown. An unknown is {@code kind: fail} with level
 * {@code error} (critical, high: it fails the CLI) or {@code warning} (medium, low) and
 * {@code properties.dlpGuardStatus: "unknown"}; a violation carries {@code "violation"}. Exempted violations carry a SARIF suppression
 * instead of disappearing. Azure resources have no file location: a logical location names them.
 */
public final class SarifReportRenderer {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private SarifReportRenderer() {
    }

    public static String render(Report report, List<Rule> rules, String toolVersion) {
        JsonObject root = new JsonObject();
        root.addProperty("$schema", SCHEMA);
        root.addProperty("version", "2.1.0");
        JsonObject driver = new JsonObject();
        driver.addProperty("name", "DLP Guard");
        driver.addProperty("version", toolVersion);
        driver.addProperty("informationUri",
                "https://learn.microsoft.com/azure/machine-learning/how-to-prevent-data-loss-exfiltration");
        JsonArray descriptors = new JsonArray();
        Map<String, Integer> index = new HashMap<>();
        for (Rule r : rules) {
            index.put(r.id(), descriptors.size());
            JsonObject d = new JsonObject();
            d.addProperty("id", r.id());
            d.addProperty("name", r.title().replaceAll("[^A-Za-z0-9]+", " ").trim().replace(' ', '-'));
            d.add("shortDescription", text(r.title()));
            d.add("fullDescription", text(r.description()));
            d.add("help", text(r.remediation()));
            JsonObject config = new JsonObject();
            config.addProperty("level", level(r.severity()));
            d.add("defaultConfiguration", config);
            JsonObject props = new JsonObject();
            props.addProperty("security-severity", securitySeverity(r.severity()));
            JsonArray tags = new JsonArray();
            tags.add("security");
            tags.add("azure-ml");
            tags.add("data-exfiltration");
            props.add("tags", tags);
            d.add("properties", props);
            descriptors.add(d);
        }
        driver.add("rules", descriptors);
        JsonObject tool = new JsonObject();
        tool.add("driver", driver);

        JsonArray results = new JsonArray();
        for (Assessment a : report.evaluation().assessments()) {
            Finding f = a.finding();
            if (f.status() == Status.PASS) {
                continue;
            }
            JsonObject r = new JsonObject();
            r.addProperty("ruleId", f.ruleId());
            Integer i = index.get(f.ruleId());
            if (i != null) {
                r.addProperty("ruleIndex", i);
            }
            // An unknown is a failing result too (rule book v2: never silent): level error for critical
            // and high rules (they fail the CLI), warning below. SARIF allows a level other than "none"
            // only with kind "fail", so the status travels in the result's properties.
            r.addProperty("kind", "fail");
            r.addProperty("level", f.status() == Status.VIOLATION ? level(f.severity()) : unknownLevel(f.severity()));
            JsonObject status = new JsonObject();
            status.addProperty("dlpGuardStatus", f.status().wireName());
            r.add("properties", status);
            r.add("message", text(f.message()));
            JsonObject logical = new JsonObject();
            logical.addProperty("fullyQualifiedName", f.resourceId().toString());
            logical.addProperty("name", f.resourceId().name());
            logical.addProperty("kind", "resource");
            JsonArray logicals = new JsonArray();
            logicals.add(logical);
            JsonObject location = new JsonObject();
            location.add("logicalLocations", logicals);
            JsonArray locations = new JsonArray();
            locations.add(location);
            r.add("locations", locations);
            JsonObject fingerprints = new JsonObject();
            fingerprints.addProperty("dlpGuard/v1", f.ruleId() + "|" + f.resourceId().key());
            r.add("partialFingerprints", fingerprints);
            a.exemption().ifPresent(e -> {
                JsonObject s = new JsonObject();
                s.addProperty("kind", "external");
                s.addProperty("justification", e.reason() + " (until " + e.until() + ")");
                JsonArray sup = new JsonArray();
                sup.add(s);
                r.add("suppressions", sup);
            });
            results.add(r);
        }
        JsonObject run = new JsonObject();
        run.add("tool", tool);
        run.add("results", results);
        JsonArray runs = new JsonArray();
        runs.add(run);
        root.add("runs", runs);
        return Json.prettyGson().toJson(root) + "\n";
    }

    private static JsonObject text(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }

    private static String level(com.dlpguard.rules.Severity s) {
        return switch (s) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }

    private static String unknownLevel(com.dlpguard.rules.Severity s) {
        return s == com.dlpguard.rules.Severity.CRITICAL || s == com.dlpguard.rules.Severity.HIGH ? "error" : "warning";
    }

    private static String securitySeverity(com.dlpguard.rules.Severity s) {
        return switch (s) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
        };
    }
}
