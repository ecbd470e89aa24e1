package com.dlpguard.alerts;

import com.dlpguard.alerts.HttpAlertSender.Delivery;
import com.dlpguard.alerts.LocalReceiver.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Delivery against a real local HTTP receiver: retries, Retry-After, bounds, timeouts, the queue. */
@ExtendWith(LogCapture.class)
class HttpAlertSenderTest {
    static final int RETRIES = 3;
    static final HttpAlertSender.Options FAST = new HttpAlertSender.Options(Duration.ofSeconds(1), Duration.ofSeconds(1),
            RETRIES, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10), 2, 10);

    private final byte[] body = "{\"hello\":\"receiver\"}".getBytes(StandardCharsets.UTF_8);
    private HttpAlertSender sender = new HttpAlertSender(FAST);

    @AfterEach
    void close() {
        sender.close(Duration.ofSeconds(1));
    }

    private Delivery post(LocalReceiver receiver) throws Exception {
        return sender.submit("test", "DLP005 violation 0123", receiver.url(), Map.of("Content-Type", "application/json"), body)
                .get(30, TimeUnit.SECONDS);
    }

    @Test
    void posts_the_body_and_headers() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH)) {
            Delivery d = post(receiver);
            assertTrue(d.delivered(), d.toString());
            assertEquals(Optional.of(202), d.status());
            assertEquals(1, receiver.received().size());
            assertEquals("POST", receiver.received().get(0).method());
            assertEquals("application/json", receiver.received().get(0).header("Content-Type"));
            assertEquals("{\"hello\":\"receiver\"}", receiver.received().get(0).bodyText());
        }
    }

    @Test
    void a_429_is_retried_after_the_seconds_in_retry_after() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.retryAfter(429, "1"), Answer.ok())) {
            Delivery d = post(receiver);
            assertTrue(d.delivered(), d.toString());
            assertEquals(2, receiver.received().size());
            Duration gap = receiver.gaps().get(0);
            // The backoff alone would wait ~50 ms: a gap near 1 s means Retry-After was honoured.
            assertTrue(gap.toMillis() >= 900, "waited " + gap.toMillis() + " ms");
            assertEquals(receiver.received().get(0).bodyText(), receiver.received().get(1).bodyText(), "the same body again");
        }
    }

    @Test
    void a_503_is_retried_with_backoff_and_stops_after_the_bound() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.status(503))) {
            Delivery d = post(receiver);
            assertFalse(d.delivered());
            assertEquals(Optional.of(503), d.status());
            assertEquals(1 + RETRIES, receiver.await(1 + RETRIES, Duration.ofSeconds(1)).size(), "one try plus " + RETRIES + " retries");
            Thread.sleep(500);
            assertEquals(1 + RETRIES, receiver.received().size(), "and no more");
            assertTrue(LogCapture.captured().contains("to sink 'test' failed: HTTP 503 after retries"), "logged with the sink name");
        }
    }

    @Test
    void a_429_then_503_then_success_is_delivered() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.status(429), Answer.status(503),
                Answer.ok())) {
            Delivery d = post(receiver);
            assertTrue(d.delivered(), d.toString());
            assertEquals(3, receiver.received().size());
        }
    }

    @Test
    void a_client_error_is_not_retried() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.status(400))) {
            Delivery d = post(receiver);
            assertFalse(d.delivered());
            assertEquals(Optional.of(400), d.status());
            Thread.sleep(300);
            assertEquals(1, receiver.received().size());
        }
    }

    @Test
    void a_dead_receiver_fails_after_the_retries_and_is_logged_without_the_url() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Secret url = Secret.of("http://127.0.0.1:" + port + TestSecrets.TEAMS_PATH);
        Delivery d = sender.submit("teams", "DLP002 violation 42", url, Map.of(), body).get(30, TimeUnit.SECONDS);
        assertFalse(d.delivered());
        assertTrue(d.detail().contains("ConnectException"), d.detail());
        assertTrue(LogCapture.captured().contains("alert DLP002 violation 42 to sink 'teams' failed"));
        assertFalse(LogCapture.captured().contains(":" + port + "/"), "the URL is not logged");
    }

    @Test
    void a_slow_receiver_times_out_and_the_caller_never_waits() throws Exception {
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.slow(Duration.ofSeconds(3)))) {
            long start = System.nanoTime();
            CompletableFuture<Delivery> pending = sender.submit("webhook", "DLP001 violation 7", receiver.url(), Map.of(), body);
            long submitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(submitMillis < 100, "submit took " + submitMillis + " ms");
            assertFalse(pending.isDone());
            Delivery d = pending.get(30, TimeUnit.SECONDS);
            assertFalse(d.delivered());
            assertTrue(d.detail().contains("Timeout"), d.detail());
            System.out.println("submit() returned in " + submitMillis + " ms while the receiver slept 3 s");
        }
    }

    @Test
    void a_huge_retry_after_is_cut_by_the_delivery_deadline() throws Exception {
        sender.close();
        sender = new HttpAlertSender(new HttpAlertSender.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), RETRIES,
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2), 1, 10));
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.retryAfter(429, "3600"))) {
            long start = System.nanoTime();
            Delivery d = post(receiver);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(d.delivered());
            assertTrue(d.detail().contains("deadline"), d.detail());
            assertTrue(millis < 6_000, "gave up after " + millis + " ms");
            assertEquals(1, receiver.received().size());
        }
    }

    @Test
    void a_full_queue_drops_the_alert_immediately_and_says_so() throws Exception {
        sender.close();
        sender = new HttpAlertSender(new HttpAlertSender.Options(Duration.ofSeconds(1), Duration.ofSeconds(5), 0,
                Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(10), 1, 1));
        try (LocalReceiver receiver = new LocalReceiver(TestSecrets.WEBHOOK_PATH, Answer.slow(Duration.ofSeconds(1)))) {
            CompletableFuture<Delivery> first = sender.submit("webhook", "a", receiver.url(), Map.of(), body);
            receiver.await(1, Duration.ofSeconds(5));
            CompletableFuture<Delivery> queued = sender.submit("webhook", "b", receiver.url(), Map.of(), body);
            CompletableFuture<Delivery> dropped = sender.submit("webhook", "c", receiver.url(), Map.of(), body);
            assertTrue(dropped.isDone());
            assertFalse(dropped.get().delivered());
            assertTrue(dropped.get().detail().contains("queue full"));
            assertTrue(first.get(10, TimeUnit.SECONDS).delivered());
            assertTrue(queued.get(10, TimeUnit.SECONDS).delivered());
        }
    }
}
