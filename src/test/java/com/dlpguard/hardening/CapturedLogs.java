package com.dlpguard.hardening;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A root java.util.logging handler for the hardening suites: every record at every level (the
 * message formatted with its parameters, and the stack trace of any thrown exception, messages
 * included) goes through {@link Secrets#scan}. The console handler is muted meanwhile: ten thousand
 * fuzzed events would otherwise flood the surefire output.
 *
 * <p>Levels: the product's loggers ({@code com.dlpguard.*}, {@code dlp-guard.*}) at ALL, so even a
 * FINE line cannot leak; third-party loggers at INFO, as the Functions host runs them. (At FINE the
 * JDK HTTP client logs whole request URIs, the Teams signature included: an operator must not
 * turn {@code jdk.internal.httpclient} up to FINE in production.) The test's own alert receiver
 * ({@code com.sun.net.httpserver}) is not the product and is not scanned.
 */
final class CapturedLogs {
    private static final AtomicLong RECORDS = new AtomicLong();
    private static final AtomicLong SEVERE = new AtomicLong();
    private static Handler handler;
    private static final List<Handler> MUTED = new ArrayList<>();
    private static Level previousRootLevel;
    /** Strong references: java.util.logging keeps loggers weakly, and a collected one loses its level. */
    private static final List<Logger> PRODUCT = new ArrayList<>();

    private CapturedLogs() {
    }

    static synchronized void install() {
        if (handler != null) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLoggerName() != null && r.getLoggerName().startsWith("com.sun.net.httpserver")) {
                    return;
                }
                RECORDS.incrementAndGet();
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    SEVERE.incrementAndGet();
                }
                StringBuilder text = new StringBuilder(String.valueOf(r.getLoggerName())).append(' ')
                        .append(formatter.formatMessage(r));
                if (r.getThrown() != null) {
                    StringWriter w = new StringWriter();
                    r.getThrown().printStackTrace(new PrintWriter(w));
                    text.append('\n').append(w);
                }
                Secrets.scan("log " + r.getLoggerName() + " " + r.getLevel(), text.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
                MUTED.add(h);
            }
        }
        previousRootLevel = root.getLevel();
        root.setLevel(Level.INFO);
        for (String name : List.of("com.dlpguard", "dlp-guard", "dlp-guard.decisions", "dlp-guard.audit")) {
            Logger product = Logger.getLogger(name);
            product.setLevel(Level.ALL);
            PRODUCT.add(product);
        }
        root.addHandler(handler);
    }

    static synchronized void uninstall() {
        if (handler == null) {
            return;
        }
        Logger root = LogManager.getLogManager().getLogger("");
        root.removeHandler(handler);
        MUTED.forEach(root::addHandler);
        MUTED.clear();
        root.setLevel(previousRootLevel);
        handler = null;
    }

    static long records() {
        return RECORDS.get();
    }
}
