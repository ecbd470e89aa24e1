package com.dlpguard.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/**
 * Posts the {@value WebhookPayloadRenderer#SCHEMA} body, signed (see {@link WebhookSignature}).
 * The timestamp is taken when the alert is queued; retries re-send the same signed request, and
 * the sender's delivery deadline keeps them inside the receivers' freshness tolerance.
 */
public final class WebhookSink implements AlertSink {
    private static final Logger LOG = Logger.getLogger(WebhookSink.class.getName());
    public static final String SCHEMA_HEADER = "X-DlpGuard-Schema";

    private final Secret url;
    private final Secret signingKey;
    private final WebhookPayloadRenderer renderer;
    private final HttpAlertSender sender;
    private final Clock clock;

    public WebhookSink(Secret url, Secret signingKey, WebhookPayloadRenderer renderer, HttpAlertSender sender, Clock clock) {
        this.url = Objects.requireNonNull(url, "url");
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(AlertMessage alert) {
        deliver(alert);
    }

    @Override
    public CompletionStage<Boolean> offer(AlertMessage alert) {
        return deliver(alert).thenApply(HttpAlertSender.Delivery::delivered);
    }

    public CompletableFuture<HttpAlertSender.Delivery> deliver(AlertMessage alert) {
        String what = TeamsSink.describe(alert);
        try {
            byte[] body = renderer.renderJson(alert).getBytes(StandardCharsets.UTF_8);
            long timestamp = clock.instant().getEpochSecond();
            Map<String, String> headers = Map.of(
                    "Content-Type", "application/json; charset=utf-8",
                    SCHEMA_HEADER, WebhookPayloadRenderer.SCHEMA,
                    WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp),
                    WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(signingKey, timestamp, body));
            return sender.submit(name(), what, url, headers, body);
        } catch (RuntimeException e) {
            LOG.warning(() -> "alert " + what + " to sink '" + name() + "' not sent: " + HttpAlertSender.describe(e));
            return CompletableFuture.completedFuture(new HttpAlertSender.Delivery(name(), false, Optional.empty(),
                    HttpAlertSender.describe(e)));
        }
    }
}
