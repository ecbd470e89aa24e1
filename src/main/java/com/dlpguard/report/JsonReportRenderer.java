package com.dlpguard.report;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventDecision;
import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Status;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/** The JSON report of rule book section 5 (the fields it names, plus mode/exemption/workspace details). */
public final class JsonReportRenderer {

    private JsonReportRenderer() {
    }

    public static String render(Report report) {
        return Json.prettyGson().toJson(toJson(report)) + "\n";
    }

    public static JsonObject toJson(Report report) {
        JsonObject root = new JsonObject();
        root.add("summary", summary(report));
        JsonArray findings = new JsonArray();
        for (Assessment a : report.evaluation().assessments()) {
            findings.add(finding(a));
        }
        root.add("findings", findings);
        report.plan().ifPresent(plan -> {
            JsonArray writes = new JsonArray();
            plan.writes().forEach(w -> writes.add(write(w)));
            root.add("plan", writes);
        });
        report.events().ifPresent(events -> {
            JsonArray array = new JsonArray();
            events.forEach(e -> array.add(event(e)));
            root.add("events", array);
        });
        report.outcomes().ifPresent(outcomes -> {
            JsonArray array = new JsonArray();
            outcomes.forEach(o -> array.add(outcome(o)));
            root.add("outcomes", array);
        });
        report.alerts().ifPresent(alerts -> {
            JsonArray array = new JsonArray();
            for (AlertLine a : alerts) {
                JsonObject o = new JsonObject();
                o.addProperty("kind", a.kind());
                o.addProperty("ruleId", a.ruleId());
                o.addProperty("resourceId", a.resourceId().toString());
                a.action().ifPresent(v -> o.addProperty("action", v));
                array.add(o);
            }
            root.add("alerts", array);
        });
        return root;
    }

    private static JsonObject summary(Report report) {
        JsonObject s = new JsonObject();
        long violations = report.evaluation().assessments().stream().filter(Assessment::isViolation).count();
        s.addProperty("findings", report.evaluation().assessments().size());
        s.addProperty("violations", violations);
        s.addProperty("countingViolations", report.evaluation().countingViolations());
        s.addProperty("unknown", report.evaluation().assessments().stream()
                .filter(a -> a.finding().status() == Status.UNKNOWN).count());
        s.addProperty("exempted", report.evaluation().assessments().stream()
                .filter(a -> a.isViolation() && a.exemption().isPresent()).count());
        return s;
    }

    static JsonObject finding(Assessment a) {
        Finding f = a.finding();
        JsonObject o = new JsonObject();
        o.addProperty("ruleId", f.ruleId());
        o.addProperty("status", f.status().wireName());
        o.addProperty("severity", f.severity().wireName());
        o.addProperty("resourceId", f.resourceId().toString());
        o.addProperty("message", f.message());
        o.addProperty("remediation", f.remediation());
        o.addProperty("workspace", f.workspace());
        f.subnetId().ifPresent(s -> o.addProperty("subnetId", s.toString()));
        o.addProperty("mode", a.mode().wireName());
        o.addProperty("exempted", a.exemption().isPresent());
        a.exemption().ifPresent(e -> {
            o.addProperty("exemptionReason", e.reason());
            o.addProperty("exemptedUntil", e.until().toString());
        });
        if (!f.offendingValues().isEmpty()) {
            JsonArray values = new JsonArray();
            f.offendingValues().forEach(values::add);
            o.add("offendingValues", values);
        }
        return o;
    }

    static JsonObject write(PlannedWrite w) {
        JsonObject o = new JsonObject();
        o.addProperty("ruleId", w.ruleId());
        JsonArray ids = new JsonArray();
        w.ruleIds().forEach(ids::add);
        o.add("ruleIds", ids);
        o.addProperty("action", w.action());
        o.addProperty("target", w.target().toString());
        o.addProperty("reason", w.reason());
        JsonObject request = new JsonObject();
        request.addProperty("method", w.request().method());
        request.addProperty("url", w.request().url());
        // Always present (the rule book lists them as required): null when a creation has no etag
        // to guard with, or a DELETE has no body.
        request.add("ifMatch", w.request().ifMatch().<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE));
        request.add("body", w.request().body().map(JsonReportRenderer::parseOrString).orElse(JsonNull.INSTANCE));
        o.add("request", request);
        o.addProperty("property", w.property());
        o.add("before", parseOrString(w.before()));
        o.add("after", parseOrString(w.after()));
        return o;
    }

    private static JsonElement parseOrString(String json) {
        try {
            return JsonParser.parseString(json);
        } catch (RuntimeException e) {
            return new JsonPrimitive(json);
        }
    }

    static JsonObject event(EventDecision e) {
        JsonObject o = new JsonObject();
        o.addProperty("id", e.eventId());
        o.addProperty("accepted", e.accepted());
        o.addProperty("reason", e.reason());
        JsonArray scopes = new JsonArray();
        e.scopes().stream().map(ResourceId::toString).forEach(scopes::add);
        o.add("scopes", scopes);
        o.addProperty("ownWrite", e.ownWrite());
        e.context().operationName().ifPresent(v -> o.addProperty("operationName", v));
        e.context().subject().ifPresent(v -> o.addProperty("subject", v));
        e.context().correlationId().ifPresent(v -> o.addProperty("correlationId", v));
        e.context().actor().ifPresent(v -> o.addProperty("actor", v));
        return o;
    }

    static JsonObject outcome(WriteOutcome w) {
        JsonObject o = new JsonObject();
        o.addProperty("action", w.write().action());
        o.addProperty("target", w.write().target().toString());
        JsonArray ids = new JsonArray();
        w.write().ruleIds().forEach(ids::add);
        o.add("ruleIds", ids);
        o.addProperty("result", w.result().wireName());
        w.errorCode().ifPresent(c -> o.addProperty("errorCode", c));
        o.addProperty("detail", w.detail());
        w.requestId().ifPresent(r -> o.addProperty("requestId", r));
        return o;
    }
}
