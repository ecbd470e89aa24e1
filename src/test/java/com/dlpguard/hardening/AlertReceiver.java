package com.dlpguard.hardening;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Teams Workflows and webhook endpoints on 127.0.0.1: counts what arrives and answers
 * {@code status} (202 by default; a failing receiver exercises the senders' error paths). The
 * bodies are scanned too: an alert must not carry the guard's own secrets either.
 */
final class AlertReceiver implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "hardening-alert-receiver");
        t.setDaemon(true);
        return t;
    });
    final AtomicInteger teamsPosts = new AtomicInteger();
    final AtomicInteger webhookPosts = new AtomicInteger();
    volatile int status = 202;

    AlertReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                String path = exchange.getRequestURI().getPath();
                if (path.startsWith("/workflows/")) {
                    teamsPosts.incrementAndGet();
                } else {
                    webhookPosts.incrementAndGet();
                }
                Secrets.scan("alert body " + (path.startsWith("/workflows/") ? "teams" : "webhook"), body);
                exchange.sendResponseHeaders(status, -1);
            } finally {
                exchange.close();
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
