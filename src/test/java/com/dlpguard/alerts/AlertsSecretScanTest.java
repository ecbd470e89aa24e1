package com.dlpguard.alerts;

import com.dlpguard.alerts.LocalReceiver.Answer;
import com.dlpguard.config.ConfigException;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives every path that logs — delivery failures of every kind, bad settings, a broken sink, a
 * store outage — with the secrets configured, then scans all output and every rendered payload.
 * (Every other alerts test class is scanned the same way by {@link LogCapture}.)
 */
@ExtendWith(LogCapture.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertsSecretScanTest {

    @Test
    @Order(1)
    void the_scan_itself_finds_a_leak_and_captures_logs_and_stdout() {
        assertEquals(List.of(0, 2), LogCapture.leaks("x " + TestSecrets.TEAMS_SIG + " y " + TestSecrets.SIGNING_KEY));
        assertEquals(List.of(), LogCapture.leaks("sha256=abc, ***"));
        Logger.getLogger("com.dlpguard.alerts.probe").fine("fine-probe-7f3a");
        System.out.println("stdout-probe-7f3a");
        System.err.println("stderr-probe-7f3a");
        String captured = LogCapture.captured();
        assertTrue(captured.contains("fine-probe-7f3a"), "FINE records are captured");
        assertTrue(captured.contains("stdout-probe-7f3a") && captured.contains("stderr-probe-7f3a"), "stdout and stderr are captured");
    }

    @Test
    @Order(2)
    void every_failure_path_runs_with_secrets_configured() throws Exception {
        Map<String, String> env = Map.of(
                AlertSettings.TEAMS_URL, "http://127.0.0.1:9" + TestSecrets.TEAMS_PATH,
                AlertSettings.WEBHOOK_URL, "http://127.0.0.1:9" + TestSecrets.WEBHOOK_PATH,
                AlertSettings.WEBHOOK_SECRET, TestSecrets.SIGNING_KEY);
        AlertSettings settings = AlertSettings.fromEnvironment(env);
        System.out.println("configured: " + settings);
        Logger.getLogger("com.dlpguard.alerts").info("settings " + settings + " " + settings.webhookSecret());

        for (String bad : List.of("http://example.com" + TestSecrets.WEBHOOK_PATH, "::" + TestSecrets.WEBHOOK_TOKEN)) {
            ConfigException e = assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(Map.of(
                    AlertSettings.WEBHOOK_URL, bad, AlertSettings.WEBHOOK_SECRET, TestSecrets.SIGNING_KEY)));
            Logger.getLogger("com.dlpguard.app").severe("bad settings: " + e);
        }

        HttpAlertSender sender = new HttpAlertSender(HttpAlertSenderTest.FAST);
        try (LocalReceiver failing = new LocalReceiver(TestSecrets.TEAMS_PATH, Answer.status(500));
             LocalReceiver rejecting = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.status(401));
             LocalReceiver slow = new LocalReceiver(TestSecrets.TEAMS_PATH, Answer.slow(Duration.ofSeconds(3)))) {
            TeamsCardRenderer cards = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD);
            WebhookPayloadRenderer payloads = new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD);
            Secret key = settings.webhookSecret().orElseThrow();
            List<CompletableFuture<HttpAlertSender.Delivery>> deliveries = List.of(
                    new TeamsSink(settings.teamsWebhookUrl().orElseThrow(), cards, sender).deliver(AlertFixtures.rolledBack()),
                    new WebhookSink(settings.webhookUrl().orElseThrow(), key, payloads, sender, Clock.systemUTC())
                            .deliver(AlertFixtures.hostile()),
                    new TeamsSink(failing.url(), cards, sender).deliver(AlertFixtures.rolledBack()),
                    new WebhookSink(rejecting.url(), key, payloads, sender, Clock.systemUTC()).deliver(AlertFixtures.rolledBack()),
                    new TeamsSink(slow.url(), cards, sender).deliver(AlertFixtures.hostile()),
                    new TeamsSink(Secret.of("http://127.0.0.1:1/\u0000" + TestSecrets.TEAMS_SIG), cards, sender)
                            .deliver(AlertFixtures.rolledBack()));
            for (CompletableFuture<HttpAlertSender.Delivery> d : deliveries) {
                HttpAlertSender.Delivery delivery = d.get(30, TimeUnit.SECONDS);
                assertFalse(delivery.delivered(), delivery.toString());
                System.out.println("delivery: " + delivery);
            }
            LogCapture.record(cards.renderJson(AlertFixtures.rolledBack()));
            LogCapture.record(payloads.renderJson(AlertFixtures.hostile()));

            AlertDispatcher dispatcher = new AlertDispatcher(AlertDispatcherTest.downStore(), List.of(
                    new TeamsSink(failing.url(), cards, sender),
                    new AlertSink() {
                        public String name() {
                            return "broken";
                        }

                        public void send(AlertMessage alert) {
                            throw new IllegalStateException("broken sink");
                        }
                    }), Duration.ofHours(1));
            dispatcher.onViolation(AlertFixtures.violation(), AlertFixtures.TITLE, AlertFixtures.EVENT, ActionTaken.ROLLBACK_FAILED,
                    "412", AlertFixtures.NOW);
            new AlertDispatcher(new InMemoryGuardStateStore(), List.of(), Duration.ZERO)
                    .onPass(AlertFixtures.pass(), AlertFixtures.TITLE, AlertFixtures.EVENT, AlertFixtures.NOW);
        } finally {
            sender.close(Duration.ofSeconds(5));
        }
    }

    @AfterAll
    static void the_paths_did_log() {
        String captured = LogCapture.captured();
        // The scan is only meaningful if the failures were actually logged.
        assertTrue(LogCapture.levelsSeen().contains("WARNING"));
        assertTrue(captured.contains("to sink 'teams' failed"), "delivery failures logged");
        assertTrue(captured.contains("to sink 'webhook' failed: HTTP 401"));
        assertTrue(captured.contains("sink 'broken' failed"));
        assertTrue(captured.contains("state store unavailable"));
        assertTrue(captured.contains("bad settings: com.dlpguard.config.ConfigException: DLP_GUARD_WEBHOOK_URL"));
        // LogCapture's own afterAll then fails the class if any secret appears in any of it.
    }
}
