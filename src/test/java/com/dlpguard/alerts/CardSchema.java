package com.dlpguard.alerts;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Teams Workflows envelope and the required properties of the Adaptive Card schema
 * (adaptivecards.io/schemas/adaptive-card.json, 1.5) for the elements the guard uses.
 */
final class CardSchema {
    static final Set<String> ELEMENTS_1_5 = Set.of("TextBlock", "Image", "Media", "RichTextBlock", "ActionSet", "Container",
            "ColumnSet", "FactSet", "ImageSet", "Table", "Input.Text", "Input.Number", "Input.Date", "Input.Time",
            "Input.Toggle", "Input.ChoiceSet");
    static final Set<String> ACTIONS = Set.of("Action.OpenUrl", "Action.Submit", "Action.ShowCard", "Action.ToggleVisibility",
            "Action.Execute");
    static final Set<String> CONTAINER_STYLES = Set.of("default", "emphasis", "good", "attention", "warning", "accent");
    static final Set<String> COLORS = Set.of("Default", "Dark", "Light", "Accent", "Good", "Warning", "Attention");

    private CardSchema() {
    }

    /** Asserts the envelope and returns the card. */
    static JsonObject assertWorkflowsEnvelope(JsonObject envelope) {
        assertEquals("message", envelope.get("type").getAsString());
        JsonArray attachments = envelope.getAsJsonArray("attachments");
        assertEquals(1, attachments.size());
        JsonObject attachment = attachments.get(0).getAsJsonObject();
        assertEquals("application/vnd.microsoft.card.adaptive", attachment.get("contentType").getAsString());
        assertTrue(attachment.has("contentUrl") && attachment.get("contentUrl").isJsonNull(), "contentUrl: null, present");
        JsonObject card = attachment.getAsJsonObject("content");
        assertAdaptiveCard(card);
        return card;
    }

    static void assertAdaptiveCard(JsonObject card) {
        assertEquals("AdaptiveCard", card.get("type").getAsString());
        assertEquals(TeamsCardRenderer.CARD_VERSION, card.get("version").getAsString());
        assertTrue(card.get("fallbackText").getAsString().length() > 10, "fallbackText for older clients");
        JsonArray body = card.getAsJsonArray("body");
        assertTrue(body.size() > 0);
        body.forEach(CardSchema::assertElement);
        if (card.has("actions")) {
            card.getAsJsonArray("actions").forEach(CardSchema::assertAction);
        }
    }

    private static void assertElement(JsonElement e) {
        JsonObject element = e.getAsJsonObject();
        String type = element.get("type").getAsString();
        assertTrue(ELEMENTS_1_5.contains(type), "unknown element type " + type);
        switch (type) {
            case "TextBlock":
                assertTrue(element.get("text").getAsJsonPrimitive().isString(), "TextBlock.text is required");
                if (element.has("color")) {
                    assertTrue(COLORS.contains(element.get("color").getAsString()), element.toString());
                }
                break;
            case "FactSet":
                JsonArray facts = element.getAsJsonArray("facts");
                assertTrue(facts.size() > 0);
                facts.forEach(f -> {
                    assertTrue(f.getAsJsonObject().get("title").getAsJsonPrimitive().isString(), "Fact.title is required");
                    assertTrue(f.getAsJsonObject().get("value").getAsJsonPrimitive().isString(), "Fact.value is required");
                });
                break;
            case "Container":
                element.getAsJsonArray("items").forEach(CardSchema::assertElement);
                if (element.has("style")) {
                    assertTrue(CONTAINER_STYLES.contains(element.get("style").getAsString()), element.toString());
                }
                break;
            default:
                fail("the guard's cards use TextBlock, FactSet and Container only, not " + type);
        }
    }

    private static void assertAction(JsonElement e) {
        JsonObject action = e.getAsJsonObject();
        assertTrue(ACTIONS.contains(action.get("type").getAsString()));
        if (action.get("type").getAsString().equals("Action.OpenUrl")) {
            assertTrue(action.get("url").getAsString().startsWith("https://"), "Action.OpenUrl.url is required");
        }
    }

    /** Every text a client renders as markdown: TextBlock texts and fact values (in order). */
    static List<String> markdownTexts(JsonObject card) {
        List<String> texts = new ArrayList<>();
        collect(card.getAsJsonArray("body"), texts);
        return texts;
    }

    private static void collect(JsonArray elements, List<String> texts) {
        for (JsonElement e : elements) {
            JsonObject element = e.getAsJsonObject();
            switch (element.get("type").getAsString()) {
                case "TextBlock":
                    texts.add(element.get("text").getAsString());
                    break;
                case "FactSet":
                    element.getAsJsonArray("facts").forEach(f -> {
                        texts.add(f.getAsJsonObject().get("title").getAsString());
                        texts.add(f.getAsJsonObject().get("value").getAsString());
                    });
                    break;
                case "Container":
                    collect(element.getAsJsonArray("items"), texts);
                    break;
                default:
                    break;
            }
        }
    }
}
