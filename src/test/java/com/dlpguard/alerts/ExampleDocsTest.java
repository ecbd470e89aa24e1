package com.dlpguard.alerts;

import com.dlpguard.json.Json;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples in docs/alerts are the renderers' real output for the example alert: this test
 * fails when they drift. Regenerate with
 * {@code mvn -o test -Dtest=ExampleDocsTest -Dalerts.docs.write=true}.
 */
@ExtendWith(LogCapture.class)
class ExampleDocsTest {
    static final Path DOCS = Path.of("docs", "alerts");
    static final boolean WRITE = Boolean.getBoolean("alerts.docs.write");

    static {
        // CI machines and the functions host have no display.
        System.setProperty("java.awt.headless", "true");
    }

    private static void check(String file, String expected) throws Exception {
        Path path = DOCS.resolve(file);
        LogCapture.record(expected);
        if (WRITE) {
            Files.createDirectories(DOCS);
            Files.writeString(path, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(path, StandardCharsets.UTF_8), file + " is stale: regenerate it");
    }

    @Test
    void example_card_json_and_html_match_the_renderer() throws Exception {
        JsonObject envelope = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD).render(AlertFixtures.rolledBack());
        check("example-card.json", Json.PRETTY.toJson(envelope) + "\n");
        check("example-card.html", CardHtml.page(envelope,
                "Generated from example-card.json by ExampleDocsTest: a static rendering of the Adaptive Card in the Teams light theme"));
        // The PNG depends on the machine's fonts, so it is written on request and only checked for being drawn.
        java.awt.image.BufferedImage png = CardPng.render(envelope);
        assertTrue(png.getWidth() > 0 && png.getHeight() > 300, png.getWidth() + "x" + png.getHeight());
        if (WRITE) {
            javax.imageio.ImageIO.write(png, "png", DOCS.resolve("example-card.png").toFile());
        }
    }

    @Test
    void example_webhook_payload_matches_the_renderer() throws Exception {
        JsonObject body = new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD).render(AlertFixtures.rolledBack());
        check("example-webhook.json", Json.PRETTY.toJson(body) + "\n");
    }

    @Test
    void example_audit_line_matches_the_renderer() throws Exception {
        check("example-audit.jsonl", AuditRecord.of(AuditRecordTest.applied(), AlertFixtures.EVENT, AlertFixtures.NOW).toJsonLine() + "\n");
    }

    @Test
    void the_readme_section_carries_the_tested_recipes_verbatim() throws Exception {
        String readme = Files.readString(DOCS.resolve("README-section.md"), StandardCharsets.UTF_8);
        for (String recipe : new String[]{"verify_webhook.py", "verify-webhook.mjs"}) {
            String code = Files.readString(DOCS.resolve(recipe), StandardCharsets.UTF_8);
            String function = code.substring(0, code.indexOf(recipe.endsWith(".py") ? "\n\nif __name__" : "\n// Usage"));
            assertTrue(readme.contains(function), "README-section.md must contain " + recipe + " (the part above its CLI) verbatim");
        }
        assertTrue(readme.contains(Files.readString(DOCS.resolve("example-audit.jsonl"), StandardCharsets.UTF_8).strip()),
                "README-section.md shows the current example audit line");
        for (String name : new String[]{AlertSettings.TEAMS_URL, AlertSettings.WEBHOOK_URL, AlertSettings.WEBHOOK_SECRET,
                AlertSettings.DEDUPE_MINUTES, AlertSettings.PORTAL_URL, WebhookPayloadRenderer.SCHEMA, AuditRecord.SCHEMA,
                WebhookSignature.SIGNATURE_HEADER, WebhookSignature.TIMESTAMP_HEADER}) {
            assertTrue(readme.contains(name), "README-section.md documents " + name);
        }
    }
}
