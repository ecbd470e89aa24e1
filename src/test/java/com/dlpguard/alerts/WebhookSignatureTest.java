package com.dlpguard.alerts;

import com.dlpguard.alerts.WebhookSignature.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@ExtendWith(LogCapture.class)
class WebhookSignatureTest {
    private static final Secret KEY = Secret.of(TestSecrets.SIGNING_KEY);
    private static final Instant NOW = Instant.parse("2025-11-03T09:41:30Z");
    private static final Duration FIVE_MINUTES = WebhookSignature.DEFAULT_TOLERANCE;

    private final byte[] body = new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD).renderJson(AlertFixtures.rolledBack())
            .getBytes(StandardCharsets.UTF_8);
    private final long ts = NOW.getEpochSecond() - 2;

    @Test
    void matches_an_independent_hmac_of_timestamp_dot_body() {
        // Known answer from openssl: printf '%s' '1762162887.{"a":1}' | openssl dgst -sha256 -hmac k
        assertEquals("sha256=9d967c615f867ca8f535d16c17a5be28733c731a2cb1075a1cdcbe30032c88eb",
                WebhookSignature.sign(Secret.of("k"), 1762162887L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void a_signed_body_verifies() {
        String signature = WebhookSignature.sign(KEY, ts, body);
        assertEquals(Verification.VALID, WebhookSignature.verify(KEY, Long.toString(ts), signature, body, NOW, FIVE_MINUTES));
        assertEquals(Verification.VALID, WebhookSignature.verify(KEY, Long.toString(ts), signature.toUpperCase().replace("SHA256=", "sha256="),
                body, NOW, FIVE_MINUTES), "hex case does not matter");
    }

    @Test
    void changing_any_single_byte_of_the_body_fails() {
        String signature = WebhookSignature.sign(KEY, ts, body);
        for (int i = 0; i < body.length; i++) {
            byte[] tampered = body.clone();
            tampered[i] ^= 0x01;
            assertEquals(Verification.MISMATCH,
                    WebhookSignature.verify(KEY, Long.toString(ts), signature, tampered, NOW, FIVE_MINUTES), "byte " + i);
        }
    }

    @Test
    void another_key_another_timestamp_or_a_changed_signature_fails() {
        String signature = WebhookSignature.sign(KEY, ts, body);
        assertEquals(Verification.MISMATCH, WebhookSignature.verify(Secret.of(TestSecrets.SIGNING_KEY + "x"),
                Long.toString(ts), signature, body, NOW, FIVE_MINUTES));
        assertEquals(Verification.MISMATCH, WebhookSignature.verify(KEY, Long.toString(ts + 1), signature, body, NOW, FIVE_MINUTES),
                "the timestamp is signed: moving it forward to pass the freshness check breaks the signature");
        char last = signature.charAt(signature.length() - 1);
        String changed = signature.substring(0, signature.length() - 1) + (last == '0' ? '1' : '0');
        assertEquals(Verification.MISMATCH, WebhookSignature.verify(KEY, Long.toString(ts), changed, body, NOW, FIVE_MINUTES));
    }

    @Test
    void a_replay_after_the_tolerance_is_stale() {
        String signature = WebhookSignature.sign(KEY, ts, body);
        assertEquals(Verification.STALE, WebhookSignature.verify(KEY, Long.toString(ts), signature, body,
                NOW.plus(Duration.ofMinutes(6)), FIVE_MINUTES));
        assertEquals(Verification.STALE, WebhookSignature.verify(KEY, Long.toString(ts), signature, body,
                NOW.minus(Duration.ofMinutes(6)), FIVE_MINUTES), "from the future too");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sha1=abcd", "sha256=zz", "sha256=", "abcdef"})
    void malformed_signatures_are_rejected(String signature) {
        Verification v = WebhookSignature.verify(KEY, Long.toString(ts), signature, body, NOW, FIVE_MINUTES);
        assertTrue(v == Verification.MALFORMED || v == Verification.MISMATCH, v.toString());
        assertEquals(Verification.MALFORMED, WebhookSignature.verify(KEY, "-1", WebhookSignature.sign(KEY, ts, body), body, NOW, FIVE_MINUTES));
        assertEquals(Verification.MALFORMED, WebhookSignature.verify(KEY, null, WebhookSignature.sign(KEY, ts, body), body, NOW, FIVE_MINUTES));
    }

    // --- the documented recipes, run as documented (docs/alerts), against a real signature ----------------

    static List<List<String>> recipes() {
        return List.of(List.of("python3", "docs/alerts/verify_webhook.py"), List.of("node", "docs/alerts/verify-webhook.mjs"));
    }

    @Test
    void the_python_and_node_recipes_accept_a_real_signature_and_reject_one_changed_byte() throws Exception {
        long now = Instant.now().getEpochSecond();
        String signature = WebhookSignature.sign(KEY, now, body);
        byte[] tampered = body.clone();
        tampered[body.length / 2] ^= 0x01;
        int ran = 0;
        for (List<String> recipe : recipes()) {
            if (!onPath(recipe.get(0))) {
                continue;
            }
            ran++;
            assertEquals("valid", run(recipe, Long.toString(now), signature, body), recipe.toString());
            assertEquals("INVALID", run(recipe, Long.toString(now), signature, tampered), recipe + " one byte changed");
            assertEquals("INVALID", run(recipe, Long.toString(now - 600), WebhookSignature.sign(KEY, now - 600, body), body),
                    recipe + " replayed after 10 min");
        }
        assumeTrue(ran > 0, "neither python3 nor node is installed");
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> recipe, String timestamp, String signature, byte[] input) throws Exception {
        Path bodyFile = Files.createTempFile("dlp-guard-webhook", ".json");
        try {
            Files.write(bodyFile, input);
            ProcessBuilder pb = new ProcessBuilder(recipe.get(0), recipe.get(1), timestamp, signature)
                    .redirectInput(bodyFile.toFile()).redirectErrorStream(true);
            pb.environment().put("DLP_GUARD_WEBHOOK_SECRET", TestSecrets.SIGNING_KEY);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            LogCapture.record(out);
            return out;
        } finally {
            Files.deleteIfExists(bodyFile);
        }
    }
}
