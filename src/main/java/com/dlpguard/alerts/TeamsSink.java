package com.dlpguard.alerts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Logger;

/** Posts Adaptive Cards to a Teams Workflows webhook. */
public final class TeamsSink implements AlertSink {
    private static final Logger LOG = Logger.getLogger(TeamsSink.class.getName());

    private final Secret url;
    private final TeamsCardRenderer renderer;
    private final HttpAlertSender sender;

    public TeamsSink(Secret url, TeamsCardRenderer renderer, HttpAlertSender sender) {
        this.url = Objects.requireNonNull(url, "url");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.sender = Objects.requireNonNull(sender, "sender");
    }

    @Override
    public String name() {
        return "teams";
    }

    @Override
    public void send(AlertMessage alert) {
        deliver(alert);
    }

    @Override
    public CompletionStage<Boolean> offer(AlertMessage alert) {
        return deliver(alert).thenApply(HttpAlertSender.Delivery::delivered);
    }

    /** {@link #send}, with the outcome for callers that want it (tests, the CLI). */
    public CompletableFuture<HttpAlertSender.Delivery> deliver(AlertMessage alert) {
        String what = describe(alert);
        try {
            byte[] body = renderer.renderJson(alert).getBytes(StandardCharsets.UTF_8);
            return sender.submit(name(), what, url, Map.of("Content-Type", "application/json; charset=utf-8"), body);
        } catch (RuntimeException e) {
            LOG.warning(() -> "alert " + what + " to sink '" + name() + "' not sent: " + HttpAlertSender.describe(e));
            return CompletableFuture.completedFuture(new HttpAlertSender.Delivery(name(), false, Optional.empty(),
                    HttpAlertSender.describe(e)));
        }
    }

    static String describe(AlertMessage alert) {
        return alert.ruleId() + " " + alert.kind().wireName() + " " + alert.alertId();
    }
}
