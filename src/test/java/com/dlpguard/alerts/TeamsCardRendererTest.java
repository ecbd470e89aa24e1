package com.dlpguard.alerts;

import com.dlpguard.json.StrictJson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class TeamsCardRendererTest {
    private final TeamsCardRenderer renderer = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD);

    private JsonObject card(AlertMessage alert) throws Exception {
        String json = renderer.renderJson(alert);
        LogCapture.record(json);
        // Parsed back strictly: the renderer emits exactly one valid JSON document.
        return CardSchema.assertWorkflowsEnvelope(StrictJson.parse(json).getAsJsonObject());
    }

    @Test
    void a_rollback_card_tells_what_who_what_was_done_and_what_to_do() throws Exception {
        JsonObject card = card(AlertFixtures.rolledBack());
        String text = String.join("\n", CardSchema.markdownTexts(card));

        assertTrue(text.contains("CRITICAL"), "severity");
        assertTrue(text.contains("DLP005 Only approved storage accounts"), "rule id and title");
        assertTrue(text.contains("on aml\\-dlp (Microsoft.Network/serviceEndpointPolicies)"), "resource name and type");
        assertTrue(text.contains("exfilstore"), "the offending value");
        assertTrue(text.contains("mallory@contoso.com \\(app 04b07795\\-8ddb"), "actor UPN and app id");
        assertTrue(text.contains("from 203.0.113.77"), "client IP");
        assertTrue(text.contains("a3c1f7d2\\-5b6e"), "correlation id");
        assertTrue(text.contains("4db48cba\\-50a2"), "event id");
        assertTrue(text.contains("Rolled back"), "action");
        assertTrue(text.contains("re\\-read: the rule passes"), "outcome");
        assertTrue(text.contains("allowedStorageAccounts if it was approved"), "remediation");
        assertTrue(text.contains("2025\\-11\\-03T09:41:27Z") || text.contains("2025-11-03T09:41:27Z"), "timestamp");
        assertEquals("attention", card.getAsJsonArray("body").get(0).getAsJsonObject().get("style").getAsString());

        JsonObject open = card.getAsJsonArray("actions").get(0).getAsJsonObject();
        assertEquals("Action.OpenUrl", open.get("type").getAsString());
        assertEquals("https://portal.azure.com/#@/resource" + AlertFixtures.SEP, open.get("url").getAsString());
        assertTrue(card.get("fallbackText").getAsString().contains("DLP005"));
        assertTrue(card.get("fallbackText").getAsString().contains("Rolled back"));
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
            assertFalse(text.contains("{{"), text);
            assertFalse(text.contains("\n") || text.contains("\r"), text);
            assertFalse(text.matches("(?s).*(?<!\\\\)\\[.*"), "unescaped [ in " + text);
            assertFalse(text.matches("(?s).*(?<!\\\\)\\*.*"), "unescaped * in " + text);
            assertFalse(text.matches("(?s).*(?<!\\\\)_.*"), "unescaped _ in " + text);
            assertFalse(text.matches("(?s).*(?<!\\\\)`.*"), "unescaped ` in " + text);
        }
        assertFalse(card.get("fallbackText").getAsString().contains("{{"));
        assertFalse(card.get("fallbackText").getAsString().contains("[click here]("));
        // The deep link is one URL to the portal whatever the resource is called.
        String url = card.getAsJsonArray("actions").get(0).getAsJsonObject().get("url").getAsString();
        assertTrue(url.startsWith("https://portal.azure.com/#@/resource/subscriptions/"), url);
        assertFalse(url.substring(1).contains("#") && url.indexOf('#', url.indexOf('#') + 1) > 0, "a second # " + url);
        assertTrue(url.endsWith("*evil*_%5Bx%5D(https:%252F%252Fevil.example)%23!%60%7B%7BDATE(x)%7D%7D%60%3Ci%3E"), url);
    }

    @Test
    void long_lists_of_offending_values_are_cut_to_keep_the_card_small() throws Exception {
        List<String> values = IntStream.range(0, 150).mapToObj(i -> AlertFixtures.ROGUE + i).collect(Collectors.toList());
        AlertMessage alert = AlertMessage.violation(AlertFixtures.violation(values), AlertFixtures.TITLE, AlertFixtures.EVENT,
                ActionTaken.ALERT_ONLY, "alert mode", AlertFixtures.NOW);
        JsonObject card = card(alert);
        String text = String.join("\n", CardSchema.markdownTexts(card));
        assertTrue(text.contains("exfilstore19"));
        assertFalse(text.contains("exfilstore20"));
        assertTrue(text.contains("and 130 more"));
        assertTrue(renderer.renderJson(alert).length() < 20_000, "Teams rejects messages over ~28 KB");
    }

    @Test
    void resolved_and_escalation_cards_say_so() throws Exception {
        JsonObject resolved = card(AlertMessage.resolved(AlertFixtures.pass(), AlertFixtures.TITLE, AlertContext.none(),
                AlertFixtures.NOW));
        assertEquals("good", resolved.getAsJsonArray("body").get(0).getAsJsonObject().get("style").getAsString());
        String resolvedText = String.join("\n", CardSchema.markdownTexts(resolved));
        assertTrue(resolvedText.contains("RESOLVED"));
        assertFalse(resolvedText.contains("What to do"), "nothing to do when it is resolved");
        assertTrue(resolvedText.contains("unknown \\(no event"), "a sweep has no actor and says so");

        JsonObject escalation = card(AlertMessage.violation(AlertFixtures.violation(), AlertFixtures.TITLE, AlertFixtures.EVENT,
                ActionTaken.ESCALATED_FIGHT, "4 rollbacks within 1 h", AlertFixtures.NOW));
        String escalationText = String.join("\n", CardSchema.markdownTexts(escalation));
        assertTrue(escalationText.contains("ESCALATION"));
        assertTrue(escalationText.contains("stopped rolling back"));
    }

    @Test
    void a_card_flags_that_the_state_store_was_down() throws Exception {
        JsonObject card = card(AlertFixtures.rolledBack().withStateUnavailable());
        assertTrue(String.join("\n", CardSchema.markdownTexts(card)).contains("state store was unavailable"));
        JsonObject normal = card(AlertFixtures.rolledBack());
        assertFalse(String.join("\n", CardSchema.markdownTexts(normal)).contains("state store"));
    }
}
