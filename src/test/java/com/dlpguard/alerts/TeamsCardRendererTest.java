package com.dlpguard.alerts;

import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The card's content and structure. How it looks in the real renderer (clipping, contrast,
 * links, schema) is {@link CardRenderToolTest}'s job.
 */
@ExtendWith(LogCapture.class)
class TeamsCardRendererTest {
    private final TeamsCardRenderer renderer = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD);

    private JsonObject card(AlertMessage alert) throws Exception {
        String json = renderer.renderJson(alert);
        LogCapture.record(json);
        // Parsed back strictly: the renderer emits exactly one valid JSON document.
        return CardSchema.assertWorkflowsEnvelope(StrictJson.parse(json).getAsJsonObject());
    }

    /** The card's text as a reader sees it (escapes resolved, word joiners invisible). */
    private static String shown(JsonObject card) {
        return CardTextTest.shown(String.join("\n", CardSchema.markdownTexts(card)));
    }

    private static String headline(JsonObject card) {
        return card.getAsJsonArray("body").get(0).getAsJsonObject().getAsJsonArray("items").get(0).getAsJsonObject()
                .get("text").getAsString();
    }

    @Test
    void a_rollback_card_tells_what_happened_who_what_was_done_and_what_to_do() throws Exception {
        JsonObject card = card(AlertFixtures.rolledBack());
        String text = shown(card);

        assertTrue(headline(card).startsWith("Rolled back: a critical violation was undone"), headline(card));
        assertTrue(text.contains("DLP005 Only approved storage accounts"), "rule id and title");
        assertTrue(text.contains("aml-dlp (Microsoft.Network/serviceEndpointPolicies) in workspace contoso-ml"), text);
        assertTrue(text.contains("exfilstore"), "the offending value");
        assertTrue(text.contains("mallory@contoso.com (app 04b07795-8ddb-461a-bbee-02f9e1bf7b46) from 203.0.113.77"), text);
        assertTrue(text.contains("a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b"), "correlation id");
        assertTrue(text.contains("4db48cba-50a2-455a-93b4-de41a3b5b7f6"), "event id");
        assertTrue(text.contains("The guard restored the setting and verified the rule passes. Azure confirmed the change to storage."), text);
        assertTrue(text.contains("allowedStorageAccounts if it was approved"), "remediation");
        assertTrue(text.contains("2025-11-03T09:41:27Z"), "timestamp");
        assertTrue(text.contains(AlertFixtures.SEP.toString()), "the full resource id");
        assertFalse(String.join("", CardSchema.markdownTexts(card)).contains("\\"), "no backslash in an ordinary card");
        assertEquals("good", card.getAsJsonArray("body").get(0).getAsJsonObject().get("style").getAsString());

        JsonObject open = card.getAsJsonArray("actions").get(0).getAsJsonObject();
        assertEquals("Action.OpenUrl", open.get("type").getAsString());
        assertEquals("https://portal.azure.com/#@/resource" + AlertFixtures.SEP, open.get("url").getAsString());
        assertEquals("DLP Guard: Rolled back: a critical violation was undone. DLP005 Only approved storage accounts in the "
                        + "service endpoint policy on aml-dlp (workspace contoso-ml).",
                card.get("fallbackText").getAsString());
    }

    /** Issue 17 #1: a failed rollback must not read like a successful one; every kind says what happened. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            violation-rolled-back     | Rolled back: a critical violation was undone                           | good
            violation-would-roll-back | Would roll back (dry run): the critical violation is still in place    | warning
            violation-rollback-failed | Rollback failed: the critical violation is still in place              | attention
            violation-alert-only      | Not rolled back (alert mode): a critical violation is in place         | attention
            escalation                | Escalated: the setting keeps being changed back, a human must decide   | attention
            unverifiable              | Unverifiable: the guard could not check this critical rule             | warning
            guard-health              | Guard health: the guard cannot fully enforce its rules                 | attention
            resolved                  | Resolved: the critical violation was fixed, the rule passes again      | good
            """)
    void the_header_says_what_happened(String kind, String headline, String style) throws Exception {
        JsonObject card = card(AlertFixtures.everyKind().get(kind));
        assertTrue(headline(card).startsWith(headline), headline(card));
        assertEquals(style, card.getAsJsonArray("body").get(0).getAsJsonObject().get("style").getAsString());
        assertTrue(card.get("fallbackText").getAsString().startsWith("DLP Guard: " + headline), "fallback says it too");
    }

    @Test
    void every_value_wraps_no_fact_set_no_coloured_text_no_heading_style() throws Exception {
        for (var kind : AlertFixtures.everyKind().entrySet()) {
            JsonObject card = card(kind.getValue());
            assertEquals("1.2", card.get("version").getAsString(), kind.getKey());
            walk(card.getAsJsonArray("body"), element -> {
                assertFalse(element.get("type").getAsString().equals("FactSet"), kind.getKey() + ": facts clip");
                if (element.get("type").getAsString().equals("TextBlock")) {
                    assertTrue(element.get("wrap").getAsBoolean(), kind.getKey() + " " + element);
                    assertFalse(element.has("color"), kind.getKey() + ": coloured text fails contrast " + element);
                    assertFalse(element.has("style"), kind.getKey() + ": style heading is 1.5 " + element);
                    assertFalse(element.has("maxLines"), kind.getKey() + " " + element);
                }
            });
        }
    }

    private static void walk(Iterable<JsonElement> elements, java.util.function.Consumer<JsonObject> visit) {
        for (JsonElement e : elements) {
            visit.accept(e.getAsJsonObject());
            if (e.getAsJsonObject().has("items")) {
                walk(e.getAsJsonObject().getAsJsonArray("items"), visit);
            }
        }
    }

    @Test
    void an_escalation_names_every_actor() throws Exception {
        JsonObject card = card(AlertFixtures.escalation());
        String text = shown(card);
        assertTrue(text.contains("Who changed it (3 actors)"), text);
        for (Actor actor : AlertFixtures.FIGHTERS) {
            assertTrue(text.contains(actor.describe()), actor.describe());
        }
        assertTrue(text.contains("the guard keeps restoring this critical setting"), text);
        assertFalse(text.contains("stopped rolling back"), "must not contradict the outcome: " + text);
    }

    /** The notifier falls back to the action's explanation when no write was made: said once, not twice. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ActionTaken.class, names = {"ALERT_ONLY", "ESCALATED_FIGHT", "ROLLED_BACK"})
    void an_outcome_that_is_the_explanation_is_said_once(ActionTaken action) throws Exception {
        String text = shown(card(AlertMessage.violation(AlertFixtures.violation(), AlertFixtures.TITLE, AlertFixtures.EVENT,
                action, action.explanation() + " The shared guard state was unavailable.", AlertFixtures.NOW)));
        assertEquals(text.indexOf(action.explanation()), text.lastIndexOf(action.explanation()), text);
        assertTrue(text.contains(action.explanation() + " The shared guard state was unavailable."), text);
    }

    @Test
    void unverifiable_and_guard_health_cards_say_what_could_not_be_done() throws Exception {
        String unverifiable = shown(card(AlertFixtures.unverifiable()));
        assertTrue(unverifiable.contains("ARM answered 403 AuthorizationFailed"), unverifiable);
        assertTrue(unverifiable.contains("nothing was written, and the path may be open"), unverifiable);
        assertFalse(unverifiable.contains(AlertMessage.UNVERIFIABLE_OUTCOME), "said once, not twice: " + unverifiable);
        String health = shown(card(AlertFixtures.guardHealth()));
        assertTrue(health.contains("HEALTH-PERMISSIONS"), health);
        assertTrue(health.contains("serviceEndpointPolicyDefinitions/write"), health);
        assertFalse(health.contains("Changed by"), "a self-check has no actor: " + health);
        assertTrue(health.contains("What it means\nThe guard may be unable to roll back or to see changes until this is fixed."), health);
    }

    @Test
    void sovereign_clouds_link_to_their_own_portal() throws Exception {
        TeamsCardRenderer gov = new TeamsCardRenderer(URI.create("https://portal.azure.us/"));
        JsonObject card = CardSchema.assertWorkflowsEnvelope(gov.render(AlertFixtures.rolledBack()));
        assertEquals("https://portal.azure.us/#@/resource" + AlertFixtures.SEP,
                card.getAsJsonArray("actions").get(0).getAsJsonObject().get("url").getAsString());
    }

    @Test
    void hostile_strings_cannot_add_links_formatting_dates_or_lines() throws Exception {
        JsonObject card = card(AlertFixtures.hostile());
        for (String text : CardSchema.markdownTexts(card)) {
            assertFalse(text.contains("{{") || text.contains("](") || text.contains("://"), text);
            assertFalse(text.contains("\n") || text.contains("\r"), text);
            assertFalse(text.matches("(?s).*(?<!\\\\)\\*.*"), "unescaped * in " + text);
            assertFalse(text.matches("(?s).*(?<!\\\\)`.*"), "unescaped ` in " + text);
        }
        String fallback = card.get("fallbackText").getAsString();
        assertFalse(fallback.contains("{{") || fallback.contains("](") || fallback.contains("://"), fallback);
        // The deep link is one URL to the portal whatever the resource is called.
        String url = card.getAsJsonArray("actions").get(0).getAsJsonObject().get("url").getAsString();
        assertTrue(url.startsWith("https://portal.azure.com/#@/resource/subscriptions/"), url);
        assertTrue(url.endsWith("*evil*_%5Bx%5D(https:%252F%252Fevil.example)%23!%60%7B%7BDATE(x)%7D%7D%60%3Ci%3E"), url);
    }

    @Test
    void long_lists_are_cut_and_say_how_many_more() throws Exception {
        List<String> values = IntStream.range(0, 150).mapToObj(i -> AlertFixtures.ROGUE + i).collect(Collectors.toList());
        AlertMessage alert = AlertMessage.violation(AlertFixtures.violation(values), AlertFixtures.TITLE, AlertFixtures.EVENT,
                ActionTaken.ALERT_ONLY, "alert mode", AlertFixtures.NOW);
        String text = shown(card(alert));
        assertTrue(text.contains("exfilstore19"));
        assertFalse(text.contains("exfilstore20"));
        assertTrue(text.contains("(130 more: the webhook payload and the function log list them all)"), text);
    }

    /** Issue 17 #5: 150 values of 1,000 characters and a 300-character id still make a card Teams accepts. */
    @Test
    void the_biggest_alert_fits_the_budget_and_says_what_was_left_out() throws Exception {
        String json = renderer.renderJson(AlertFixtures.oversize());
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= TeamsCardRenderer.BUDGET_BYTES, bytes + " bytes");
        String text = shown(card(AlertFixtures.oversize()));
        assertTrue(text.matches("(?s).*\\((1[3-4][0-9]) more: the webhook payload and the function log list them all\\).*"), text);
        assertTrue(text.contains("… (1"), "cut values say how long they were");
        assertTrue(renderer.renderJson(AlertFixtures.hostile()).getBytes(StandardCharsets.UTF_8).length <= TeamsCardRenderer.BUDGET_BYTES);
    }

    /** The worst expansion (a word joiner after every dot, a backslash before every star) in every field still fits. */
    @Test
    void every_field_at_its_worst_still_fits_the_budget() throws Exception {
        String worst = ".a*".repeat(2_000);
        com.dlpguard.model.ResourceId resource = com.dlpguard.model.ResourceId.parse("/subscriptions/" + AlertFixtures.SUB
                + "/resourceGroups/rg/providers/Microsoft.Network/serviceEndpointPolicies/" + "p.a".repeat(300));
        com.dlpguard.rules.Finding finding = new com.dlpguard.rules.Finding("DLP005", com.dlpguard.rules.Severity.CRITICAL,
                com.dlpguard.rules.Status.VIOLATION, resource, worst, java.util.Optional.empty(), worst, worst,
                java.util.Collections.nCopies(200, worst), List.of());
        AlertContext context = AlertContext.of(Actor.of(worst, worst, worst), worst, worst);
        List<Actor> actors = java.util.Collections.nCopies(50, Actor.of(worst, worst, worst));
        AlertMessage alert = AlertMessage.escalation(finding, worst, context, actors, worst, AlertFixtures.NOW);
        int bytes = renderer.renderJson(alert).getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes <= TeamsCardRenderer.BUDGET_BYTES, bytes + " bytes");
        String text = shown(card(alert));
        assertTrue(text.contains("more: the webhook payload lists them all)"), "actors left out say so");
    }

    @Test
    void a_card_flags_that_the_state_store_was_down() throws Exception {
        JsonObject card = card(AlertFixtures.rolledBack().withStateUnavailable());
        assertTrue(shown(card).contains("state store was unavailable"));
        assertFalse(shown(card(AlertFixtures.rolledBack())).contains("state store"));
    }
}
