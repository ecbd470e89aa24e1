package com.dlpguard.alerts;

import com.dlpguard.json.Json;
import com.dlpguard.rules.Severity;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Renders an alert as the body a Teams Workflows webhook ("When a Teams webhook request is
 * received") expects: a {@code message} with one Adaptive Card attachment. Office 365
 * connectors and classic incoming webhooks (MessageCard) are retired, so there is no legacy
 * format. Pure: no clock, no I/O.
 *
 * <p>What a person sees first is what happened (rolled back, would roll back, rollback failed,
 * escalated, unverifiable, guard health, resolved), in words, not only in colour.
 *
 * <p>Version 1.2 (see {@link #CARD_VERSION}): Workflows' "post card" action is reported to show
 * "this card couldn't be displayed" for 1.5 cards, and the only newer property the card used was
 * {@code style: heading} (1.5). The title keeps its size and weight without it; what is lost is
 * the heading role for screen readers, which matters less than the card being shown at all.
 * 1.2 is also the floor: the status colours (container styles good/attention/warning), the
 * monospace ids ({@code fontType}) and the edge-to-edge header ({@code bleed}) are 1.2.
 * tools/cards checks both, against the official schemas: nothing newer than 1.2 is used, and the
 * 1.1 schema rejects the card.
 *
 * <p>Layout: every value that can be long (ids, the actor, the resource id) is its own wrapping
 * TextBlock, never a FactSet value: Teams draws facts as a table whose value column clips, on a
 * phone always. No {@code color} on text: the host configs' coloured foregrounds fail 4.5:1
 * contrast on one theme or the other, while each theme's default foreground on its container
 * styles passes (figures in tools/cards' report); the outcome is carried by the container style
 * and by the words.
 *
 * <p>Size: Teams refuses messages over 28 KB. Each value is capped, and the whole envelope must
 * fit {@link #BUDGET_BYTES}: past that, listed values and actors are dropped from the end (the
 * card says "(n more)") and then every value is cut shorter, until it fits.
 */
public final class TeamsCardRenderer {
    public static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";
    public static final String CARD_VERSION = "1.2";
    /** UTF-8 bytes of the whole webhook body; Teams' limit is 28 KB, the rest is margin for Workflows' own wrapping. */
    public static final int BUDGET_BYTES = 24 * 1024;
    static final int MAX_LISTED_VALUES = 20;
    static final int MAX_LISTED_ACTORS = 10;
    /** Per-value caps tried in turn when the card is over budget (the smallest always fits: ~20 values of 120 chars). */
    private static final int[] VALUE_CAPS = {CardText.MAX_LENGTH, 500, 250, 120};

    private final URI portal;

    public TeamsCardRenderer(URI portal) {
        this.portal = PortalLink.validate(Objects.requireNonNull(portal, "portal"));
    }

    public String renderJson(AlertMessage alert) {
        return Json.compact(render(alert));
    }

    /** The Workflows envelope (note {@code attachments}, plural, and the explicit null {@code contentUrl}). */
    public JsonObject render(AlertMessage alert) {
        JsonObject envelope = null;
        for (int cap : VALUE_CAPS) {
            int values = Math.min(alert.offendingValues().size(), MAX_LISTED_VALUES);
            int actors = Math.min(alert.actors().size(), MAX_LISTED_ACTORS);
            while (true) {
                envelope = envelope(card(alert, new Limits(cap, values, actors)));
                if (size(envelope) <= BUDGET_BYTES || values == 0 && actors == 0) {
                    break;
                }
                if (values > 0) {
                    values--;
                } else {
                    actors--;
                }
            }
            if (size(envelope) <= BUDGET_BYTES) {
                return envelope;
            }
        }
        return envelope;
    }

    static int size(JsonObject envelope) {
        return Json.compact(envelope).getBytes(StandardCharsets.UTF_8).length;
    }

    /** How much of the alert fits: the per-value cap and how many offending values and actors are listed. */
    record Limits(int cap, int values, int actors) {
    }

    private static JsonObject envelope(JsonObject card) {
        JsonObject attachment = new JsonObject();
        attachment.addProperty("contentType", CARD_CONTENT_TYPE);
        attachment.add("contentUrl", JsonNull.INSTANCE);
        attachment.add("content", card);
        JsonArray attachments = new JsonArray();
        attachments.add(attachment);
        JsonObject envelope = new JsonObject();
        envelope.addProperty("type", "message");
        envelope.add("attachments", attachments);
        return envelope;
    }

    JsonObject card(AlertMessage alert) {
        return card(alert, new Limits(CardText.MAX_LENGTH, Math.min(alert.offendingValues().size(), MAX_LISTED_VALUES),
                Math.min(alert.actors().size(), MAX_LISTED_ACTORS)));
    }

    private JsonObject card(AlertMessage alert, Limits limits) {
        int cap = limits.cap();
        JsonArray body = new JsonArray();
        body.add(header(alert, cap));

        body.add(label(alert.kind() == AlertKind.RESOLVED ? "Now" : alert.kind() == AlertKind.GUARD_HEALTH
                ? "What the self-check found" : "What was found"));
        body.add(text(CardText.markdown(alert.message(), cap)));
        List<String> values = alert.offendingValues();
        for (int i = 0; i < limits.values(); i++) {
            body.add(listItem(CardText.markdown(values.get(i), cap)));
        }
        if (values.size() > limits.values()) {
            body.add(more(values.size() - limits.values(), "the webhook payload and the function log list them all"));
        }

        if (alert.kind() == AlertKind.ESCALATION) {
            body.add(label("Who changed it (" + alert.actors().size() + (alert.actors().size() == 1 ? " actor)" : " actors)")));
            for (int i = 0; i < limits.actors(); i++) {
                body.add(listItem(CardText.markdown(alert.actors().get(i).describe(), cap)));
            }
            if (alert.actors().size() > limits.actors()) {
                body.add(more(alert.actors().size() - limits.actors(), "the webhook payload lists them all"));
            }
        } else if (alert.kind() != AlertKind.GUARD_HEALTH) {
            body.add(label(alert.kind() == AlertKind.RESOLVED ? "Fixed by" : "Changed by"));
            body.add(text(CardText.markdown(alert.context().actor().describe(), cap)));
        }

        body.add(label(switch (alert.kind()) {
            case RESOLVED -> "What happened";
            case GUARD_HEALTH -> "What it means";
            default -> "What DLP Guard did";
        }));
        body.add(text(CardText.markdown(whatWasDone(alert), cap)));

        if (alert.kind() != AlertKind.RESOLVED) {
            body.add(label("What to do"));
            body.add(text(CardText.markdown(alert.remediation(), cap)));
        }

        if (alert.stateUnavailable()) {
            JsonObject warning = text("The guard's shared state store was unavailable: de-duplication used this "
                    + "instance's memory only, so this alert may repeat.");
            JsonArray items = new JsonArray();
            items.add(warning);
            JsonObject box = new JsonObject();
            box.addProperty("type", "Container");
            box.addProperty("style", "warning");
            box.addProperty("spacing", "Medium");
            box.add("items", items);
            body.add(box);
        }

        body.add(detail("Detected", DateTimeFormatter.ISO_INSTANT.format(alert.timestamp().truncatedTo(ChronoUnit.SECONDS))));
        alert.context().correlationId().ifPresent(id -> body.add(detail("Correlation id (activity log)", CardText.markdown(id, cap))));
        alert.context().eventId().ifPresent(id -> body.add(detail("Event id", CardText.markdown(id, cap))));
        body.add(detail("Resource id", CardText.markdown(alert.resourceId().toString(), cap)));

        JsonObject open = new JsonObject();
        open.addProperty("type", "Action.OpenUrl");
        open.addProperty("title", "Open in Azure portal");
        open.addProperty("url", PortalLink.of(portal, alert.resourceId()));
        JsonArray actions = new JsonArray();
        actions.add(open);

        // A Teams extension (not in the Adaptive Card schema): use the message's full width so
        // long ids wrap less. tools/cards allow-lists exactly this property when validating.
        JsonObject msteams = new JsonObject();
        msteams.addProperty("width", "Full");

        JsonObject card = new JsonObject();
        card.addProperty("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.addProperty("type", "AdaptiveCard");
        card.addProperty("version", CARD_VERSION);
        card.addProperty("fallbackText", fallbackText(alert, cap));
        card.add("body", body);
        card.add("actions", actions);
        card.add("msteams", msteams);
        return card;
    }

    private static JsonObject header(AlertMessage alert, int cap) {
        JsonObject kicker = text(headline(alert));
        kicker.addProperty("weight", "Bolder");
        JsonObject title = text(CardText.markdown(alert.ruleId() + " " + alert.ruleTitle(), cap));
        title.addProperty("size", "Large");
        title.addProperty("weight", "Bolder");
        title.addProperty("spacing", "Small");
        String workspace = alert.workspace().isBlank() ? "" : " in workspace " + CardText.markdown(alert.workspace(), cap);
        JsonObject where = text(CardText.markdown(alert.resourceId().name(), cap) + " ("
                + CardText.markdown(alert.resourceId().type(), cap) + ")" + workspace);
        where.addProperty("spacing", "None");
        JsonArray items = new JsonArray();
        items.add(kicker);
        items.add(title);
        items.add(where);
        JsonObject container = new JsonObject();
        container.addProperty("type", "Container");
        container.addProperty("style", style(alert));
        container.addProperty("bleed", true);
        container.add("items", items);
        return container;
    }

    /**
     * The first line: what happened, then how severe. Colour alone never carries it (colour-blind
     * readers, notifications, screen readers).
     */
    static String headline(AlertMessage alert) {
        String severity = alert.severity().wireName();
        if (alert.action().isEmpty()) {
            return "Resolved: the " + severity + " violation was fixed, the rule passes again";
        }
        return switch (alert.action().get()) {
            case ROLLED_BACK -> "Rolled back: a " + severity + " violation was undone";
            case WOULD_ROLL_BACK_DRY_RUN -> "Would roll back (dry run): the " + severity + " violation is still in place";
            case ROLLBACK_FAILED -> "Rollback failed: the " + severity + " violation is still in place";
            case RESTORE_DEFERRED -> "Restore deferred: the " + severity + " setting is being fought over and is open until the next restore";
            case ALERT_ONLY -> "Not rolled back (alert mode): a " + severity + " violation is in place";
            case AUDIT_ONLY -> "Recorded (audit mode): a " + severity + " violation is in place";
            case ESCALATED_FIGHT -> "Escalated: the setting keeps being changed back, a human must decide ("
                    + severity + ")";
            case COULD_NOT_VERIFY -> "Unverifiable: the guard could not check this " + severity + " rule";
            case CANNOT_ENFORCE -> "Guard health: the guard cannot fully enforce its rules";
        };
    }

    /**
     * The action's explanation and the outcome, without saying the same thing twice: an
     * escalation's outcome says whether the guard keeps restoring (critical rules) or stopped, so
     * the generic "stopped rolling back" would contradict it; an unverifiable finding's
     * explanation already says nothing was written; a guard-health outcome says what the gap means.
     */
    private static String whatWasDone(AlertMessage alert) {
        String outcome = alert.outcomeDetail().strip();
        String explanation = alert.action().map(ActionTaken::explanation).orElse("");
        if (!explanation.isEmpty() && outcome.startsWith(explanation)) {
            return outcome; // the notifier fell back to the explanation (no write was made)
        }
        String did = switch (alert.kind()) {
            case ESCALATION -> "The setting was changed back repeatedly.";
            case GUARD_HEALTH, RESOLVED -> "";
            default -> explanation;
        };
        if (alert.kind() == AlertKind.UNVERIFIABLE && outcome.equals(AlertMessage.UNVERIFIABLE_OUTCOME)) {
            return did;
        }
        return did.isEmpty() ? outcome : outcome.isEmpty() ? did : did + " " + outcome;
    }

    /** Green only when nothing is left to do; red when the violation stands on a severe rule or the guard is impaired. */
    private static String style(AlertMessage alert) {
        if (alert.action().isEmpty()) {
            return "good";
        }
        boolean severe = alert.severity() == Severity.CRITICAL || alert.severity() == Severity.HIGH;
        return switch (alert.action().get()) {
            case ROLLED_BACK -> "good";
            case WOULD_ROLL_BACK_DRY_RUN, COULD_NOT_VERIFY, AUDIT_ONLY -> "warning";
            case ROLLBACK_FAILED, RESTORE_DEFERRED, ESCALATED_FIGHT, CANNOT_ENFORCE -> "attention";
            case ALERT_ONLY -> severe ? "attention" : "warning";
        };
    }

    /** The plain-text line older clients and notifications show: no Markdown escapes, links still broken. */
    static String fallbackText(AlertMessage alert) {
        return fallbackText(alert, CardText.MAX_LENGTH);
    }

    private static String fallbackText(AlertMessage alert, int cap) {
        String where = CardText.plain(alert.resourceId().name(), cap)
                + (alert.workspace().isBlank() ? "" : " (workspace " + CardText.plain(alert.workspace(), cap) + ")");
        return "DLP Guard: " + headline(alert) + ". " + CardText.plain(alert.ruleId() + " " + alert.ruleTitle(), cap)
                + " on " + where + ".";
    }

    private static JsonObject label(String text) {
        JsonObject label = text(text);
        label.addProperty("weight", "Bolder");
        label.addProperty("spacing", "Medium");
        return label;
    }

    private static JsonObject listItem(String markdown) {
        // A no-break space: the bullet never sits alone on a line above a long id.
        JsonObject value = text("•\u00A0" + markdown);
        value.addProperty("fontType", "Monospace");
        value.addProperty("spacing", "Small");
        return value;
    }

    private static JsonObject more(int count, String where) {
        JsonObject more = text("(" + count + " more: " + where + ")");
        more.addProperty("isSubtle", true);
        more.addProperty("spacing", "Small");
        return more;
    }

    /** A small label above its value: both wrap, so an id of any length is shown whole. */
    private static JsonObject detail(String title, String value) {
        JsonObject label = text(title);
        label.addProperty("size", "Small");
        label.addProperty("isSubtle", true);
        label.addProperty("spacing", "Small");
        JsonObject text = text(value);
        text.addProperty("size", "Small");
        text.addProperty("fontType", "Monospace");
        text.addProperty("spacing", "None");
        JsonArray items = new JsonArray();
        items.add(label);
        items.add(text);
        JsonObject container = new JsonObject();
        container.addProperty("type", "Container");
        container.addProperty("spacing", "Small");
        container.add("items", items);
        return container;
    }

    private static JsonObject text(String text) {
        JsonObject block = new JsonObject();
        block.addProperty("type", "TextBlock");
        block.addProperty("text", text);
        block.addProperty("wrap", true);
        return block;
    }
}
