package com.dlpguard.alerts;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the audit trail per write the guard made (or would make, in dry run): enough to
 * trace a rollback to the change that caused it and to reverse it by hand — the target, the
 * property, its value before and after, ARM's request id and how it ended. Rendered as a single
 * JSON line ({@value #SCHEMA}) for the function log, where Log Analytics can parse it.
 * {@code before} / {@code after} are JSON text (the planner's); they are embedded as JSON.
 */
public record AuditRecord(Instant timestamp,
                          Optional<String> eventId,
                          Optional<String> correlationId,
                          Actor actor,
                          List<String> ruleIds,
                          ResourceId target,
                          String action,
                          String method,
                          String url,
                          String property,
                          String before,
                          String after,
                          Optional<String> requestId,
                          String outcome,
                          String outcomeDetail) {
    public static final String SCHEMA = "dlp-guard.audit/v1";

    public AuditRecord {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(correlationId, "correlationId");
        Objects.requireNonNull(actor, "actor");
        ruleIds = List.copyOf(ruleIds);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outcomeDetail, "outcomeDetail");
    }

    /** The record of one executed (or dry-run) write; {@code context} is the event that led to it. */
    public static AuditRecord of(WriteOutcome outcome, AlertContext context, Instant timestamp) {
        PlannedWrite write = outcome.write();
        return new AuditRecord(timestamp, context.eventId(), context.correlationId(), context.actor(), write.ruleIds(),
                write.target(), write.action(), write.request().method(), write.request().url(), write.property(),
                write.before(), write.after(), outcome.requestId(), outcome.result().wireName()
                        + outcome.errorCode().map(code -> " (" + code + ")").orElse(""), outcome.detail());
    }

    public JsonObject toJson() {
        JsonObject actorJson = new JsonObject();
        actorJson.add("upn", nullable(actor.upn()));
        actorJson.add("appId", nullable(actor.appId()));
        actorJson.add("clientIp", nullable(actor.clientIp()));
        JsonArray rules = new JsonArray();
        ruleIds.forEach(rules::add);
        JsonObject json = new JsonObject();
        json.addProperty("schema", SCHEMA);
        json.addProperty("timestamp", DateTimeFormatter.ISO_INSTANT.format(timestamp));
        json.add("eventId", nullable(eventId));
        json.add("correlationId", nullable(correlationId));
        json.add("actor", actorJson);
        json.add("ruleIds", rules);
        json.addProperty("target", target.toString());
        json.addProperty("action", action);
        json.addProperty("method", method);
        json.addProperty("url", url);
        json.addProperty("property", property);
        json.add("before", embedded(before));
        json.add("after", embedded(after));
        json.add("requestId", nullable(requestId));
        json.addProperty("outcome", outcome);
        json.addProperty("outcomeDetail", outcomeDetail);
        return json;
    }

    /** One line, no line breaks (Gson escapes them inside strings). */
    public String toJsonLine() {
        return Json.compact(toJson());
    }

    private static JsonElement embedded(String jsonText) {
        try {
            return StrictJson.parse(jsonText);
        } catch (JsonInputException e) {
            // Not JSON (e.g. "absent"): keep the text as it is rather than lose it.
            return new JsonPrimitive(jsonText);
        }
    }

    private static JsonElement nullable(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }
}
