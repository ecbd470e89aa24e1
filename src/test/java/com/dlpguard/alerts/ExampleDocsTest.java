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
 * fails when they drift (the Teams cards, JSON and screenshots, are {@link CardRenderToolTest}'s). Regenerate with
 * {@code mvn -o test -Dtest=ExampleDocsTest -Dalerts.docs.write=true}.
 */
@ExtendWith(LogCapture.class)
class ExampleDocsTest {
    static final Path DOCS = Path.of("docs", "alerts");
    static final boolean WRITE = Boolean.getBoolean("alerts.docs.write");

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
    void example_webhook_payload_matches_the_renderer() throws Exception {
        JsonObject body = new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD).render(AlertFixtures.rolledBack());
        check("example-webhook.json", Json.prettyGson().toJson(body) + "\n");
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
