package com.dlpguard.alerts;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where alerts go. {@link #send} never throws and never waits for the network: it hands the
 * alert over and returns, so a slow or dead receiver cannot delay or undo a rollback.
 */
public interface AlertSink {
    /** A short name for logs ({@code teams}, {@code webhook}); never the URL. */
    String name();

    void send(AlertMessage alert);

    /**
     * {@link #send}, telling whether the alert was handed over and, later, delivered: the future
     * completes with false when it could not be queued or sent (never exceptionally). The
     * dispatcher then gives up the alert's de-duplication slot, so the next evaluation alerts
     * again instead of staying silent for a window. Sinks that cannot tell say true.
     */
    default CompletionStage<Boolean> offer(AlertMessage alert) {
        send(alert);
        return CompletableFuture.completedFuture(true);
    }
}
