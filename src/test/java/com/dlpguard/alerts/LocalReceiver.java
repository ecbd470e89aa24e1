package com.dlpguard.alerts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 (JDK HttpServer): records each request and answers from a
 * script of responses (the last one repeats). Requests reach the handler only on {@code path}.
 */
final class LocalReceiver implements AutoCloseable {

    record Answer(int status, Map<String, String> headers, Duration delay) {
        static Answer ok() {
            return new Answer(202, Map.of(), Duration.ZERO);
        }

        static Answer status(int status) {
            return new Answer(status, Map.of(), Duration.ZERO);
        }

        static Answer retryAfter(int status, String retryAfter) {
            return new Answer(status, Map.of("Retry-After", retryAfter), Duration.ZERO);
        }

        static Answer slow(Duration delay) {
            return new Answer(200, Map.of(), delay);
        }
    }

    record Received(Instant at, String method, Map<String, String> headers, byte[] body) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final String path;
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    LocalReceiver(String pathAndQuery, Answer... answers) throws IOException {
        this.path = pathAndQuery;
        script.addAll(List.of(answers.length == 0 ? new Answer[]{Answer.ok()} : answers));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "local-receiver");
            t.setDaemon(true);
            return t;
        }));
        String contextPath = pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
        server.createContext(contextPath, this::handle);
        server.start();
    }

    /** The URL to configure: http://127.0.0.1:port + path (a secret, like the real one). */
    Secret url() {
        return Secret.of("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** Waits until {@code count} requests arrived (or the timeout passed) and returns them. */
    List<Received> await(int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (received.size() < count && System.nanoTime() < end) {
            Thread.sleep(10);
        }
        return received();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        received.add(new Received(Instant.now(), exchange.getRequestMethod(), headers, body));
        LogCapture.record(new String(body, StandardCharsets.UTF_8));
        LogCapture.record(headers.toString());
        Answer answer = script.size() > 1 ? script.pollFirst() : script.peekFirst();
        try {
            if (!answer.delay().isZero()) {
                TimeUnit.MILLISECONDS.sleep(answer.delay().toMillis());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } finally {
            exchange.close();
        }
    }

    /** Intervals between consecutive requests. */
    List<Duration> gaps() {
        List<Received> r = received();
        List<Duration> gaps = new ArrayList<>();
        for (int i = 1; i < r.size(); i++) {
            gaps.add(Duration.between(r.get(i - 1).at(), r.get(i).at()));
        }
        return gaps;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
