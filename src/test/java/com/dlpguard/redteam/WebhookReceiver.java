package com.dlpguard.redteam;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The security team's webhook endpoint on 127.0.0.1: keeps every alert body the guard posts
 * (schema dlp-guard.alert/v1), so a scenario can assert what the people on call were told.
 * The guard posts off its own thread ({@code HttpAlertSender}): {@link #await} waits for an alert
 * on the wall clock, bounded, because delivery is asynchronous by design.
 */
final class WebhookReceiver implements AutoCloseable {
    static final String PATH = "/hooks/security-team";
    static final String SECRET = "redteam-webhook-signing-secret-0123456789abcdef";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "redteam-webhook");
        t.setDaemon(true);
        return t;
    });
    private final List<JsonObject> alerts = new ArrayList<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (exchange.getRequestURI().getPath().equals(PATH)) {
                    synchronized (alerts) {
                        alerts.add(JsonParser.parseString(body).getAsJsonObject());
                        alerts.notifyAll();
                    }
                }
                exchange.sendResponseHeaders(202, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<JsonObject> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    /** The first alert matching {@code wanted}, waiting up to {@code millis} for it to arrive. */
    Optional<JsonObject> await(Predicate<JsonObject> wanted, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        synchronized (alerts) {
            while (true) {
                for (JsonObject a : alerts) {
                    if (wanted.test(a)) {
                        return Optional.of(a);
                    }
                }
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    return Optional.empty();
                }
                try {
                    alerts.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
    }

    void clear() {
        synchronized (alerts) {
            alerts.clear();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
