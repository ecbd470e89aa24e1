package com.dlpguard.alerts;

import com.dlpguard.json.Json;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * The generic webhook body, schema {@value #SCHEMA} (documented in docs/alerts/README-section.md).
 * Every key is always present (absent values are JSON {@code null}) so receivers can rely on the
 * shape; additions keep the version, a removal or a change of meaning bumps it. Values are raw:
 * receivers escape for whatever they render. Pure.
 */
public final class WebhookPayloadRenderer {
    public static final String SCHEMA = "dlp-guard.alert/v1";

    private final URI portal;

    public WebhookPayloadRenderer(URI portal) {
        this.portal = PortalLink.validate(Objects.requireNonNull(portal, "portal"));
    }

    public String renderJson(AlertMessage alert) {
        return Json.compact(render(alert));
    }

    public JsonObject render(AlertMessage alert) {
        JsonObject finding = new JsonObject();
        finding.addProperty("ruleId", alert.ruleId());
        finding.addProperty("ruleTitle", alert.ruleTitle());
        finding.addProperty("severity", alert.severity().wireName());
        finding.addProperty("status", findingStatus(alert.kind()));
        finding.addProperty("resourceId", alert.resourceId().toString());
        finding.addProperty("resourceName", alert.resourceId().name());
        finding.addProperty("resourceType", alert.resourceId().type());
        finding.addProperty("portalUrl", PortalLink.of(portal, alert.resourceId()));
        finding.addProperty("message", alert.message());
        JsonArray values = new JsonArray();
        alert.offendingValues().forEach(values::add);
        finding.add("offendingValues", values);
        finding.addProperty("remediation", alert.remediation());

        AlertContext context = alert.context();
        JsonObject event = new JsonObject();
        event.add("eventId", nullable(context.eventId()));
        event.add("correlationId", nullable(context.correlationId()));
        event.add("actor", actorJson(context.actor()));
        // Escalations name every actor of the fight; the key exists (empty) for every kind so
        // receivers need no special case.
        JsonArray actors = new JsonArray();
        alert.actors().forEach(a -> actors.add(actorJson(a)));
        event.add("actors", actors);

        JsonObject outcome = new JsonObject();
        outcome.addProperty("detail", alert.outcomeDetail());
        outcome.addProperty("violationRemains", alert.action().map(ActionTaken::leavesViolation).orElse(false));
        outcome.addProperty("stateUnavailable", alert.stateUnavailable());

        JsonObject body = new JsonObject();
        body.addProperty("schema", SCHEMA);
        body.addProperty("alertId", alert.alertId());
        body.addProperty("kind", alert.kind().wireName());
        body.addProperty("timestamp", DateTimeFormatter.ISO_INSTANT.format(alert.timestamp()));
        body.addProperty("workspace", alert.workspace());
        body.add("finding", finding);
        body.add("event", event);
        body.add("action", nullable(alert.action().map(ActionTaken::wireName)));
        body.add("outcome", outcome);
        return body;
    }

    /** The finding's status in the webhook schema: {@code pass}, {@code violation}, {@code unknown}, {@code gap}. */
    static String findingStatus(AlertKind kind) {
        switch (kind) {
            case RESOLVED:
                return "pass";
            case UNVERIFIABLE:
                return "unknown";
            case GUARD_HEALTH:
                return "gap";
            default:
                return "violation";
        }
    }

    private static JsonObject actorJson(Actor a) {
        JsonObject actor = new JsonObject();
        actor.add("upn", nullable(a.upn()));
        actor.add("appId", nullable(a.appId()));
        actor.add("clientIp", nullable(a.clientIp()));
        return actor;
    }

    private static JsonElement nullable(Optional<String> value) {
        return value.<JsonElement>map(JsonPrimitive::new).orElse(JsonNull.INSTANCE);
    }
}
