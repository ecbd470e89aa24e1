package com.dlpguard.bench;

import com.dlpguard.arm.emulator.EmulatorCertificate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTPS in front of the emulator that answers a GET it has seen before from memory. The emulator
 * renders a list page by scanning its whole store, so on 7,500 resources its own time dominates a
 * sweep; replaying the recorded answers leaves the guard's time (HTTP client, JSON, model, rules).
 * Links in answers (nextLink, operation URLs) are rewritten to point here.
 */
final class ReplayingProxy implements AutoCloseable {
    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private final HttpsServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replaying-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient upstream;
    private final String upstreamEndpoint;
    private final Map<String, Answer> recorded = new ConcurrentHashMap<>();

    ReplayingProxy(String upstreamEndpoint, SSLContext trustUpstream) {
        this.upstreamEndpoint = upstreamEndpoint;
        this.upstream = HttpClient.newBuilder().sslContext(trustUpstream).build();
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(EmulatorCertificate.get().serverContext()));
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    String endpoint() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    int recordedAnswers() {
        return recorded.size();
    }

    /** Bytes of the recorded answer bodies (what one sweep transfers). */
    long recordedBytes() {
        return recorded.values().stream().mapToLong(a -> a.body().length).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            Answer answer = method.equals("GET") ? recorded.get(pathAndQuery) : null;
            if (answer == null) {
                answer = forward(exchange, method, pathAndQuery);
                if (method.equals("GET") && answer.status() == 200) {
                    recorded.put(pathAndQuery, answer);
                }
            }
            answer.headers().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")
                        && !name.equalsIgnoreCase("connection") && !name.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v.replace(upstreamEndpoint, endpoint())));
                }
            });
            byte[] body = answer.body();
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private Answer forward(HttpExchange exchange, String method, String pathAndQuery) throws IOException {
        byte[] requestBody = exchange.getRequestBody().readAllBytes();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstreamEndpoint + pathAndQuery))
                .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        exchange.getRequestHeaders().forEach((name, values) -> {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            if (!List.of("host", "content-length", "connection", "upgrade", "expect").contains(n)) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] body = new String(response.body(), StandardCharsets.UTF_8).replace(upstreamEndpoint, endpoint())
                    .getBytes(StandardCharsets.UTF_8);
            return new Answer(response.statusCode(), response.headers().map(), body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
