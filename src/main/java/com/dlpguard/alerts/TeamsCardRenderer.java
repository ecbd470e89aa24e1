package com.dlpguard.alerts;

import com.dlpguard.json.Json;
import com.dlpguard.rules.Severity;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.net.URI;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Renders an alert as the body a Teams Workflows webhook ("When a Teams webhook request is
 * received") expects: a {@code message} with one Adaptive Card 1.5 attachment. Office 365
 * connectors and classic incoming webhooks (MessageCard) are retired, so there is no legacy
 * format. Pure: no clock, no I/O.
 *
 * <p>Degrading: only elements that exist since card 1.2 are used (TextBlock, FactSet,
 * Container, Action.OpenUrl); 1.5-only properties ({@code style: heading}) are ignored by older
 * renderers; {@code fallbackText} is the one line clients that cannot draw cards show.
 * Every string from Azure or the event goes through {@link CardText#escape}.
 */
public final class TeamsCardRenderer {
    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    public static final String CARD_VERSION = "1.5";
    static final int MAX_LISTED_VALUES = 20;

    private final URI portal;

    public TeamsCardRenderer(URI portal) {
        this.portal = PortalLink.validate(Objects.requireNonNull(portal, "portal"));
    }

    public String renderJson(AlertMessage alert) {
        return Json.COMPACT.toJson(render(alert));
    }

    /** The Workflows envelope (note {@code attachments}, plural, and the explicit null {@code contentUrl}). */
    public JsonObject render(AlertMessage alert) {
        JsonObject attachment = new JsonObject();
        attachment.addProperty("contentType", CARD_CONTENT_TYPE);
        attachment.add("contentUrl", JsonNull.INSTANCE);
        attachment.add("content", card(alert));
        JsonArray attachments = new JsonArray();
        attachments.add(attachment);
        JsonObject envelope = new JsonObject();
        envelope.addProperty("type", "message");
        envelope.add("attachments", attachments);
        return envelope;
    }

    JsonObject card(AlertMessage alert) {
        JsonArray body = new JsonArray();
        body.add(header(alert));
        body.add(facts(alert));
        body.add(label(alert.kind() == AlertKind.RESOLVED ? "Now" : "What was found"));
        body.add(text(CardText.escape(alert.message())));
        int listed = Math.min(alert.offendingValues().size(), MAX_LISTED_VALUES);
        for (int i = 0; i < listed; i++) {
            JsonObject value = text("• " + CardText.escape(alert.offendingValues().get(i)));
            value.addProperty("fontType", "Monospace");
            value.addProperty("spacing", "None");
            body.add(value);
        }
        if (alert.offendingValues().size() > listed) {
            JsonObject more = text("… and " + (alert.offendingValues().size() - listed) + " more (see the webhook payload or the function log)");
            more.addProperty("isSubtle", true);
            body.add(more);
        }
        alert.action().ifPresent(action -> {
            body.add(label("What DLP Guard did"));
            body.add(text(CardText.escape(action.explanation())));
        });
        if (alert.kind() != AlertKind.RESOLVED) {
            body.add(label("What to do"));
            body.add(text(CardText.escape(alert.remediation())));
        }
        body.add(label("Resource id"));
        JsonObject id = text(CardText.escape(alert.resourceId().toString()));
        id.addProperty("fontType", "Monospace");
        id.addProperty("size", "Small");
        body.add(id);
        if (alert.stateUnavailable()) {
            JsonObject warning = text("The guard's shared state store was unavailable: de-duplication used this "
                    + "instance's memory only, so this alert may repeat.");
            warning.addProperty("color", "Warning");
            warning.addProperty("size", "Small");
            body.add(warning);
        }

        JsonObject open = new JsonObject();
        open.addProperty("type", "Action.OpenUrl");
        open.addProperty("title", "Open in Azure portal");
        open.addProperty("url", PortalLink.of(portal, alert.resourceId()));
        JsonArray actions = new JsonArray();
        actions.add(open);

        JsonObject msteams = new JsonObject();
        msteams.addProperty("width", "Full");

        JsonObject card = new JsonObject();
        card.addProperty("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.addProperty("type", "AdaptiveCard");
        card.addProperty("version", CARD_VERSION);
        card.addProperty("fallbackText", fallbackText(alert));
        card.add("body", body);
        card.add("actions", actions);
        card.add("msteams", msteams);
        return card;
    }

    private JsonObject header(AlertMessage alert) {
        JsonObject kicker = text(headline(alert));
        kicker.addProperty("size", "Small");
        kicker.addProperty("weight", "Bolder");
        kicker.addProperty("color", color(alert));
        JsonObject title = text(CardText.escape(alert.ruleId() + " " + alert.ruleTitle()));
        title.addProperty("style", "heading");
        title.addProperty("size", "Large");
        title.addProperty("weight", "Bolder");
        JsonObject where = text("on " + CardText.escape(alert.resourceId().name()) + " ("
                + CardText.escape(alert.resourceId().type()) + ")");
        where.addProperty("isSubtle", true);
        where.addProperty("spacing", "None");
        JsonArray items = new JsonArray();
        items.add(kicker);
        items.add(title);
        items.add(where);
        JsonObject container = new JsonObject();
        container.addProperty("type", "Container");
        container.addProperty("style", alert.kind() == AlertKind.RESOLVED ? "good"
                : alert.severity() == Severity.CRITICAL || alert.severity() == Severity.HIGH || alert.kind() == AlertKind.ESCALATION
                ? "attention" : "warning");
        container.addProperty("bleed", true);
        container.add("items", items);
        return container;
    }

    private JsonObject facts(AlertMessage alert) {
        JsonArray facts = new JsonArray();
        facts.add(fact("Severity", alert.severity().name()));
        facts.add(fact("Workspace", CardText.escape(alert.workspace())));
        facts.add(fact("Changed by", CardText.escape(alert.context().actor().describe())));
        facts.add(fact("Correlation id", CardText.escape(alert.context().correlationId().orElse("none (sweep)"))));
        alert.context().eventId().ifPresent(id -> facts.add(fact("Event id", CardText.escape(id))));
        facts.add(fact("Action", CardText.escape(alert.action().map(ActionTaken::label).orElse("None needed: resolved"))));
        facts.add(fact("Outcome", CardText.escape(alert.outcomeDetail())));
        facts.add(fact("Detected", DateTimeFormatter.ISO_INSTANT.format(alert.timestamp().truncatedTo(ChronoUnit.SECONDS))));
        JsonObject set = new JsonObject();
        set.addProperty("type", "FactSet");
        set.add("facts", facts);
        return set;
    }

    /** The single line older clients and notifications show. */
    static String fallbackText(AlertMessage alert) {
        return "DLP Guard " + headline(alert) + ": " + CardText.escape(alert.ruleId() + " " + alert.ruleTitle())
                + " on " + CardText.escape(alert.resourceId().name()) + " (workspace " + CardText.escape(alert.workspace()) + ")"
                + alert.action().map(a -> ". Action: " + CardText.escape(a.label())).orElse("");
    }

    private static String headline(AlertMessage alert) {
        String severity = alert.severity().name();
        switch (alert.kind()) {
            case RESOLVED:
                return "RESOLVED · was " + severity;
            case ESCALATION:
                return severity + " · ESCALATION";
            case UNVERIFIABLE:
                return severity + " · UNVERIFIABLE";
            case GUARD_HEALTH:
                return "GUARD HEALTH";
            default:
                return severity + " · VIOLATION";
        }
    }

    private static String color(AlertMessage alert) {
        if (alert.kind() == AlertKind.RESOLVED) {
            return "Good";
        }
        return alert.severity() == Severity.MEDIUM || alert.severity() == Severity.LOW ? "Warning" : "Attention";
    }

    private static JsonObject label(String text) {
        JsonObject label = text(text);
        label.addProperty("weight", "Bolder");
        label.addProperty("spacing", "Medium");
        return label;
    }

    private static JsonObject text(String text) {
        JsonObject block = new JsonObject();
        block.addProperty("type", "TextBlock");
        block.addProperty("text", text);
        block.addProperty("wrap", true);
        return block;
    }

    private static JsonObject fact(String title, String value) {
        JsonObject fact = new JsonObject();
        fact.addProperty("title", title);
        fact.addProperty("value", value);
        return fact;
    }
}
