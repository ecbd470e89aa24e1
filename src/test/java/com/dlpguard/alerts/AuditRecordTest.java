package com.dlpguard.alerts;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.StrictJson;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class AuditRecordTest {
    static final String URL = AlertFixtures.DEFINITION + "?api-version=2025-03-01";
    static final String BEFORE = "[\"" + AlertFixtures.ROGUE + "\",\"/subscriptions/" + AlertFixtures.SUB + "/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/contosomlstore\"]";
    static final String AFTER = "[\"/subscriptions/" + AlertFixtures.SUB + "/resourceGroups/ml/providers/Microsoft.Storage/storageAccounts/contosomlstore\"]";

    static WriteOutcome applied() {
        PlannedWrite write = new PlannedWrite(List.of("DLP005"), "remove-storage-entries", AlertFixtures.DEFINITION,
                new ArmRequest("PUT", URL, Optional.of("W/\"00000000-0000-0000-0000-000000000001\""), Optional.of("{}")),
                "remove the unapproved account exfilstore", "properties.serviceResources", BEFORE, AFTER);
        return new WriteOutcome(write, WriteOutcome.Result.APPLIED, Optional.empty(), "succeeded; re-read: DLP005 passes",
                Optional.of("6f8e2c1a-0b9d-4e3f-8a7c-5d4b3a291807"));
    }

    @Test
    void one_json_line_names_actor_target_property_before_after_request_and_outcome() throws Exception {
        String line = AuditRecord.of(applied(), AlertFixtures.EVENT, AlertFixtures.NOW).toJsonLine();
        LogCapture.record(line);
        assertFalse(line.contains("\n"));
        JsonObject json = StrictJson.parse(line).getAsJsonObject();
        assertEquals("dlp-guard.audit/v1", json.get("schema").getAsString());
        assertEquals("2025-11-03T09:41:27Z", json.get("timestamp").getAsString());
        assertEquals("4db48cba-50a2-455a-93b4-de41a3b5b7f6", json.get("eventId").getAsString());
        assertEquals("a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b", json.get("correlationId").getAsString());
        assertEquals("mallory@contoso.com", json.getAsJsonObject("actor").get("upn").getAsString());
        assertEquals("DLP005", json.getAsJsonArray("ruleIds").get(0).getAsString());
        assertEquals(AlertFixtures.DEFINITION.toString(), json.get("target").getAsString());
        assertEquals("remove-storage-entries", json.get("action").getAsString());
        assertEquals("PUT", json.get("method").getAsString());
        assertEquals(URL, json.get("url").getAsString());
        assertEquals("properties.serviceResources", json.get("property").getAsString());
        assertEquals(StrictJson.parse(BEFORE), json.get("before"), "embedded as JSON, so it can be pasted back");
        assertEquals(StrictJson.parse(AFTER), json.get("after"));
        assertEquals("6f8e2c1a-0b9d-4e3f-8a7c-5d4b3a291807", json.get("requestId").getAsString());
        assertEquals("applied", json.get("outcome").getAsString());
        assertTrue(json.get("outcomeDetail").getAsString().contains("passes"));
    }

    @Test
    void a_failed_write_in_a_sweep_keeps_the_error_code_and_null_context() throws Exception {
        WriteOutcome failed = new WriteOutcome(applied().write(), WriteOutcome.Result.PRECONDITION_FAILED,
                Optional.of("PreconditionFailed"), "etag changed: re-evaluating", Optional.empty());
        JsonObject json = StrictJson.parse(AuditRecord.of(failed, AlertContext.none(), AlertFixtures.NOW).toJsonLine())
                .getAsJsonObject();
        assertEquals("precondition-failed (PreconditionFailed)", json.get("outcome").getAsString());
        assertTrue(json.get("eventId").isJsonNull());
        assertTrue(json.get("requestId").isJsonNull());
        assertTrue(json.getAsJsonObject("actor").get("upn").isJsonNull());
    }

    @Test
    void a_before_value_that_is_not_json_is_kept_as_text() throws Exception {
        PlannedWrite w = applied().write();
        PlannedWrite odd = new PlannedWrite(w.ruleIds(), w.action(), w.target(), w.request(), w.reason(), w.property(),
                "absent", "{\"id\":\"x\"}");
        JsonObject json = StrictJson.parse(AuditRecord.of(new WriteOutcome(odd, WriteOutcome.Result.DRY_RUN, Optional.empty(),
                "dry run", Optional.empty()), AlertFixtures.EVENT, AlertFixtures.NOW).toJsonLine()).getAsJsonObject();
        assertEquals("absent", json.get("before").getAsString());
        assertEquals("x", json.getAsJsonObject("after").get("id").getAsString());
        assertEquals("dry-run", json.get("outcome").getAsString());
    }
}
