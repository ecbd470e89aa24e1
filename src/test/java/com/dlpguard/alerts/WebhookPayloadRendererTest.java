package com.dlpguard.alerts;

import com.dlpguard.json.StrictJson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class WebhookPayloadRendererTest {
    private final WebhookPayloadRenderer renderer = new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD);

    private JsonObject render(AlertMessage alert) throws Exception {
        String json = renderer.renderJson(alert);
        LogCapture.record(json);
        return StrictJson.parse(json).getAsJsonObject();
    }

    @Test
    void v1_carries_the_finding_the_event_context_the_action_and_its_outcome() throws Exception {
        JsonObject body = render(AlertFixtures.rolledBack());

        assertEquals("dlp-guard.alert/v1", body.get("schema").getAsString());
        assertEquals("violation", body.get("kind").getAsString());
        assertEquals("2025-11-03T09:41:27Z", body.get("timestamp").getAsString());
        assertEquals("contoso-ml", body.get("workspace").getAsString());
        assertEquals(32, body.get("alertId").getAsString().length());
        JsonObject finding = body.getAsJsonObject("finding");
        assertEquals("DLP005", finding.get("ruleId").getAsString());
        assertEquals("critical", finding.get("severity").getAsString());
        assertEquals("violation", finding.get("status").getAsString());
        assertEquals(AlertFixtures.SEP.toString(), finding.get("resourceId").getAsString());
        assertEquals("aml-dlp", finding.get("resourceName").getAsString());
        assertEquals("Microsoft.Network/serviceEndpointPolicies", finding.get("resourceType").getAsString());
        assertEquals("https://portal.azure.com/#@/resource" + AlertFixtures.SEP, finding.get("portalUrl").getAsString());
        assertEquals(AlertFixtures.ROGUE, finding.getAsJsonArray("offendingValues").get(0).getAsString());
        assertEquals(AlertFixtures.REMEDIATION, finding.get("remediation").getAsString());
        JsonObject event = body.getAsJsonObject("event");
        assertEquals("4db48cba-50a2-455a-93b4-de41a3b5b7f6", event.get("eventId").getAsString());
        assertEquals("a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b", event.get("correlationId").getAsString());
        assertEquals("mallory@contoso.com", event.getAsJsonObject("actor").get("upn").getAsString());
        assertEquals("203.0.113.77", event.getAsJsonObject("actor").get("clientIp").getAsString());
        assertEquals("rolled-back", body.get("action").getAsString());
        assertEquals(false, body.getAsJsonObject("outcome").get("violationRemains").getAsBoolean());
        assertEquals(false, body.getAsJsonObject("outcome").get("stateUnavailable").getAsBoolean());
    }

    @Test
    void the_shape_is_the_same_whatever_is_missing_absent_values_are_null() throws Exception {
        JsonObject full = render(AlertFixtures.rolledBack());
        JsonObject sparse = render(AlertMessage.resolved(AlertFixtures.pass(), AlertFixtures.TITLE, AlertContext.none(),
                AlertFixtures.NOW));
        assertEquals(keys(full, ""), keys(sparse, ""));
        assertTrue(sparse.get("action").isJsonNull());
        assertTrue(sparse.getAsJsonObject("event").get("correlationId").isJsonNull());
        assertTrue(sparse.getAsJsonObject("event").getAsJsonObject("actor").get("upn").isJsonNull());
        assertEquals("resolved", sparse.get("kind").getAsString());
        assertEquals("pass", sparse.getAsJsonObject("finding").get("status").getAsString());
    }

    @Test
    void values_are_raw_json_strings_not_markdown() throws Exception {
        JsonObject body = render(AlertFixtures.hostile());
        assertEquals(AlertFixtures.HOSTILE, body.getAsJsonObject("finding").get("message").getAsString());
        assertEquals(List.of(AlertFixtures.HOSTILE, "[a](b)"),
                List.of(body.getAsJsonObject("finding").getAsJsonArray("offendingValues").get(0).getAsString(),
                        body.getAsJsonObject("finding").getAsJsonArray("offendingValues").get(1).getAsString()));
        assertTrue(renderer.renderJson(AlertFixtures.hostile()).indexOf('\n') < 0, "one line: newlines inside strings are escaped");
    }

    @Test
    void a_retried_delivery_has_the_same_alert_id_a_new_alert_another() {
        AlertMessage a = AlertFixtures.rolledBack();
        assertEquals(a.alertId(), AlertFixtures.rolledBack().alertId());
        AlertMessage later = AlertMessage.violation(AlertFixtures.violation(), AlertFixtures.TITLE, AlertFixtures.EVENT,
                ActionTaken.ROLLED_BACK, "again", AlertFixtures.NOW.plusSeconds(60));
        assertTrue(!a.alertId().equals(later.alertId()));
    }

    static Set<String> keys(JsonObject o, String prefix) {
        Set<String> keys = new TreeSet<>();
        o.entrySet().forEach(e -> {
            keys.add(prefix + e.getKey());
            if (e.getValue().isJsonObject()) {
                keys.addAll(keys(e.getValue().getAsJsonObject(), prefix + e.getKey() + "."));
            }
        });
        return keys;
    }
}
