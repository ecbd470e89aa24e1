package com.dlpguard.alerts;

/**
 * Where alerts go. {@link #send} never throws and never waits for the network: it hands the
 * alert over and returns, so a slow or dead receiver cannot delay or undo a rollback.
 */
public interface AlertSink {
    /** A short name for logs ({@code teams}, {@code webhook}); never the URL. */
    String name();

    void send(AlertMessage alert);
}
