package com.dlpguard.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** check and replay on examples/managed: one SEP-based and one managed-network workspace in one configuration. */
class ManagedNetworkCliTest {
    static final String CONFIG = "examples/managed/dlp-guard.json";

    static List<JsonObject> objects(JsonObject report, String key) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonElement e : report.getAsJsonArray(key)) {
            out.add(e.getAsJsonObject());
        }
        return out;
    }

    @Test
    void theCompliantMixedEstatePasses() {
        CliRun run = CliRun.of("check", "--snapshot", "examples/managed/compliant", "--config", CONFIG, "--format", "json");
        assertEquals(Main.OK, run.exit(), run.describe());
        Set<String> ruleIds = new TreeSet<>();
        objects(run.json(), "findings").forEach(f -> ruleIds.add(f.get("ruleId").getAsString()));
        assertTrue(ruleIds.containsAll(Set.of("DLP003", "DLP005", "DLP015", "DLP016", "DLP017")), ruleIds.toString());
    }

    @Test
    void theDriftedManagedWorkspaceFailsTheCheckWithTwoDeletesPlanned() {
        CliRun run = CliRun.of("check", "--snapshot", "examples/managed/drifted", "--config", CONFIG, "--format", "json", "--plan");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        List<JsonObject> violations = objects(run.json(), "findings").stream()
                .filter(f -> f.get("status").getAsString().equals("violation")).toList();
        assertEquals(Set.of("blob-everywhere", "pe-mallorystash"), names(violations), violations.toString());
        assertTrue(violations.stream().allMatch(f -> f.get("ruleId").getAsString().equals("DLP016")));
        List<JsonObject> plan = objects(run.json(), "plan");
        assertEquals(2, plan.size(), plan.toString());
        for (JsonObject write : plan) {
            JsonObject request = write.getAsJsonObject("request");
            assertEquals("DELETE", request.get("method").getAsString());
            assertTrue(request.get("url").getAsString().contains("/outboundRules/")
                    && request.get("url").getAsString().endsWith("?api-version=2025-09-01"), request.toString());
            assertTrue(request.get("ifMatch").isJsonPrimitive(), "the delete carries If-Match: " + request);
        }
    }

    @Test
    void replayAcceptsTheOutboundRuleEventForTheManagedWorkspaceOnly() {
        CliRun run = CliRun.of("replay", "--event", "examples/managed/events/outbound-rule-added.json", "--snapshot",
                "examples/managed/drifted", "--config", CONFIG, "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        JsonObject event = objects(run.json(), "events").get(0);
        assertTrue(event.get("accepted").getAsBoolean(), event.toString());
        assertEquals(1, event.getAsJsonArray("scopes").size());
        assertTrue(event.getAsJsonArray("scopes").get(0).getAsString().endsWith("/workspaces/contoso-mvnet"), event.toString());
        List<JsonObject> findings = objects(run.json(), "findings");
        assertTrue(!findings.isEmpty() && findings.stream().allMatch(f -> f.get("workspace").getAsString().equals("contoso-mvnet")),
                "only the managed workspace is evaluated for this event: " + findings);
        assertEquals(2, objects(run.json(), "plan").size());
    }

    private static Set<String> names(List<JsonObject> findings) {
        Set<String> out = new TreeSet<>();
        findings.forEach(f -> {
            String id = f.get("resourceId").getAsString();
            out.add(id.substring(id.lastIndexOf('/') + 1));
        });
        return out;
    }
}
