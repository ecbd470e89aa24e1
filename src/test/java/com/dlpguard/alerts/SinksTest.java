package com.dlpguard.alerts;

import com.dlpguard.alerts.LocalReceiver.Answer;
import com.dlpguard.alerts.LocalReceiver.Received;
import com.dlpguard.alerts.WebhookSignature.Verification;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams and webhook sinks posting real HTTP to a local receiver. */
@ExtendWith(LogCapture.class)
class SinksTest {
    private final HttpAlertSender sender = new HttpAlertSender(HttpAlertSenderTest.FAST);

    @AfterEach
    void close() {
        sender.close(Duration.ofSeconds(1));
    }

    @Test
    void teams_receives_the_workflows_envelope_with_an_adaptive_card() throws Exception {
        try (LocalReceiver teams = new LocalReceiver(TestSecrets.TEAMS_PATH)) {
            TeamsSink sink = new TeamsSink(teams.url(), new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender);
            assertTrue(sink.deliver(AlertFixtures.rolledBack()).get(10, TimeUnit.SECONDS).delivered());

            Received request = teams.received().get(0);
            assertEquals("application/json; charset=utf-8", request.header("Content-Type"));
            JsonObject card = CardSchema.assertWorkflowsEnvelope(StrictJson.parse(request.body()).getAsJsonObject());
            assertTrue(String.join("\n", CardSchema.markdownTexts(card)).contains("DLP005"));
        }
    }

    @Test
    void the_webhook_request_verifies_with_the_documented_check_and_fails_with_one_byte_changed() throws Exception {
        Instant sentAt = Instant.parse("2025-11-03T09:41:28Z");
        try (LocalReceiver hook = new LocalReceiver(TestSecrets.WEBHOOK_PATH)) {
            WebhookSink sink = new WebhookSink(hook.url(), Secret.of(TestSecrets.SIGNING_KEY),
                    new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD), sender, Clock.fixed(sentAt, ZoneOffset.UTC));
            assertTrue(sink.deliver(AlertFixtures.rolledBack()).get(10, TimeUnit.SECONDS).delivered());

            Received request = hook.received().get(0);
            assertEquals("dlp-guard.alert/v1", request.header("X-DlpGuard-Schema"));
            assertEquals(Long.toString(sentAt.getEpochSecond()), request.header("X-DlpGuard-Timestamp"));
            String signature = request.header("X-DlpGuard-Signature");
            assertTrue(signature.matches("sha256=[0-9a-f]{64}"), signature);
            Secret key = Secret.of(TestSecrets.SIGNING_KEY);
            Instant receivedAt = sentAt.plusSeconds(3);
            assertEquals(Verification.VALID, WebhookSignature.verify(key, request.header("X-DlpGuard-Timestamp"), signature,
                    request.body(), receivedAt, WebhookSignature.DEFAULT_TOLERANCE));
            byte[] tampered = request.body().clone();
            tampered[tampered.length - 2] ^= 0x20;
            assertEquals(Verification.MISMATCH, WebhookSignature.verify(key, request.header("X-DlpGuard-Timestamp"), signature,
                    tampered, receivedAt, WebhookSignature.DEFAULT_TOLERANCE));
            assertEquals("dlp-guard.alert/v1", StrictJson.parse(request.body()).getAsJsonObject().get("schema").getAsString());
        }
    }

    @Test
    void send_returns_at_once_while_the_receiver_sleeps() throws Exception {
        try (LocalReceiver slow = new LocalReceiver(TestSecrets.TEAMS_PATH, Answer.slow(Duration.ofSeconds(2)))) {
            TeamsSink sink = new TeamsSink(slow.url(), new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender);
            // The first call loads classes (Gson, the renderer): well under the receiver's 2 s, but not tiny.
            long start = System.nanoTime();
            sink.send(AlertFixtures.rolledBack());
            long first = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(first < 1_000, "the first send() took " + first + " ms");
            long worst = 0;
            for (int i = 0; i < 5; i++) {
                start = System.nanoTime();
                sink.send(AlertFixtures.rolledBack());
                worst = Math.max(worst, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            assertTrue(worst < 100, "send() took up to " + worst + " ms");
            System.out.println("TeamsSink.send(): first " + first + " ms, then worst of 5: " + worst + " ms, while the receiver sleeps 2 s");
        }
    }

    @Test
    void the_settings_decide_which_sinks_exist() throws Exception {
        assertEquals(List.of(), AlertSinks.fromSettings(AlertSettings.fromEnvironment(Map.of()), sender, Clock.systemUTC()));
        List<AlertSink> both = AlertSinks.fromSettings(AlertSettings.fromEnvironment(Map.of(
                AlertSettings.TEAMS_URL, AlertSettingsTest.TEAMS,
                AlertSettings.WEBHOOK_URL, AlertSettingsTest.HOOK,
                AlertSettings.WEBHOOK_SECRET, TestSecrets.SIGNING_KEY)), sender, Clock.systemUTC());
        assertEquals(List.of("teams", "webhook"), both.stream().map(AlertSink::name).toList());
    }
}
