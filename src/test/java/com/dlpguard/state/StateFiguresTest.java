package com.dlpguard.state;

import com.dlpguard.model.ResourceId;
import com.dlpguard.testsupport.AzuriteTable;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static com.dlpguard.state.GuardStateStoreContract.SUBNET;
import static com.dlpguard.state.GuardStateStoreContract.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Figures for docs/state.md: HTTP requests and latency of the state calls one event makes,
 * against Azurite on this machine. The typical event is markEventProcessed + claimWrite +
 * recordRollback + claimAlert + swapFindingStatus; measured for a resource's first drift, a
 * repeated drift (its rows exist), and a redelivered event (stops at the dedupe).
 *
 * <p>{@code -Dstate.figures.events=N} (default 500) events per scenario after 100 warm-up events.
 * Prints a table and writes it to {@code target/state-figures.md}. The request counts are asserted
 * (they are the design); latencies are reported, not asserted (they depend on the machine).
 */
class StateFiguresTest {

    private static final int EVENTS = Integer.getInteger("state.figures.events", 500);
    private static final int WARM_UP = 100;
    private static final Duration TTL = Duration.ofHours(24);
    private static final Duration WINDOW = Duration.ofMinutes(30);
    private static final List<String> OPS = List.of("markEventProcessed", "claimWrite", "recordRollback", "claimAlert",
            "swapFindingStatus", "event total");

    /** Per operation: latencies (ns) and requests of each call. */
    private static final class Sample {
        final List<Long> nanos = new ArrayList<>();
        final List<Integer> requests = new ArrayList<>();
    }

    private interface Op {
        void run() throws Exception;
    }

    private RequestCounter counter;
    private TableGuardStateStore store;

    @Test
    void stateOperationsPerEventAndTheirLatencyOnAzurite() throws Exception {
        AzuriteTable azurite = AzuriteTable.shared();
        counter = new RequestCounter();
        String table = AzuriteStores.newTable(azurite).tableName();
        store = AzuriteStores.store(azurite, table, counter);

        // Warm-up: JIT, connection pool, Azurite's own start-up.
        runScenario("warm", WARM_UP, i -> resource("warm", i), new LinkedHashMap<>());

        Map<String, Sample> first = new LinkedHashMap<>();
        runScenario("first", EVENTS, i -> resource("first", i), first);
        Map<String, Sample> repeat = new LinkedHashMap<>();
        runScenario("seed", 50, i -> resource("repeat", i % 50), new LinkedHashMap<>());
        runScenario("repeat", EVENTS, i -> resource("repeat", i % 50), repeat);
        Map<String, Sample> redelivered = new LinkedHashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            String id = "first-" + i;
            Instant now = T0.plusSeconds(3600);
            measure(redelivered, "markEventProcessed", () -> assertFalse(store.markEventProcessed(id, now, TTL)));
        }

        assertEquals(7, mean(first.get("event total").requests), 0.0, "first drift: 1 + 1 + 2 + 1 + 2 requests");
        assertEquals(9, mean(repeat.get("event total").requests), 0.0, "repeated drift: 1 + 1 + 2 + 3 + 2 requests");
        assertEquals(2, mean(redelivered.get("markEventProcessed").requests), 0.0, "redelivery: insert 409 + read");

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "State operations per event against Azurite %s (127.0.0.1), %d events per scenario, "
                + "one client, sequential; %d processors, Java %s%n%n", azuriteVersion(), EVENTS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version")));
        out.append("| scenario | operation | HTTP requests | p50 ms | p99 ms |\n|---|---|---|---|---|\n");
        table(out, "first drift of a resource", first);
        table(out, "repeated drift (rows exist)", repeat);
        table(out, "redelivered event", redelivered);
        System.out.println(out);
        Path file = Path.of("target", "state-figures.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
        assertFalse(out.isEmpty());
    }

    private interface ResourceOf {
        ResourceId at(int i);
    }

    private void runScenario(String name, int events, ResourceOf resources, Map<String, Sample> samples) throws Exception {
        for (int i = 0; i < events; i++) {
            ResourceId resource = resources.at(i);
            String eventId = name + "-" + i;
            String etag = "W/\"" + name + "-" + i + "\"";
            String findingKey = "DLP003|" + resource;
            Instant now = T0.plusSeconds(i);
            String status = i % 2 == 0 ? "violation" : "pass";
            int requestsBefore = counter.requests();
            long started = System.nanoTime();
            measure(samples, "markEventProcessed", () -> assertTrue(store.markEventProcessed(eventId, now, TTL)));
            measure(samples, "claimWrite", () -> assertTrue(store.claimWrite(resource, etag, now, WINDOW)));
            measure(samples, "recordRollback", () -> assertTrue(store.recordRollback(resource, now, WINDOW) >= 1));
            measure(samples, "claimAlert", () -> assertTrue(store.claimAlert(findingKey, "fp-" + etag, now, WINDOW)));
            measure(samples, "swapFindingStatus", () -> store.swapFindingStatus(findingKey, status, now, TTL));
            Sample total = samples.computeIfAbsent("event total", k -> new Sample());
            total.nanos.add(System.nanoTime() - started);
            total.requests.add(counter.requests() - requestsBefore);
        }
    }

    private void measure(Map<String, Sample> samples, String op, Op call) throws Exception {
        int before = counter.requests();
        long started = System.nanoTime();
        call.run();
        Sample s = samples.computeIfAbsent(op, k -> new Sample());
        s.nanos.add(System.nanoTime() - started);
        s.requests.add(counter.requests() - before);
    }

    private static void table(StringBuilder out, String scenario, Map<String, Sample> samples) {
        for (String op : OPS) {
            Sample s = samples.get(op);
            if (s == null) {
                continue;
            }
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f | %.2f |%n", scenario, op,
                    formatRequests(s.requests), percentile(s.nanos, 50) / 1e6, percentile(s.nanos, 99) / 1e6));
        }
    }

    private static String formatRequests(List<Integer> requests) {
        int min = requests.stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = requests.stream().mapToInt(Integer::intValue).max().orElse(0);
        return min == max ? Integer.toString(min) : String.format(Locale.ROOT, "%d-%d (mean %.2f)", min, max, mean(requests));
    }

    private static double mean(List<Integer> values) {
        return values.stream().mapToInt(Integer::intValue).average().orElse(0);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static ResourceId resource(String scenario, int i) {
        return SUBNET.parent().orElseThrow().child("subnets", "snet-" + scenario + "-" + i);
    }

    private static String azuriteVersion() {
        try {
            String json = Files.readString(Path.of("tools/node/node_modules/azurite/package.json"), StandardCharsets.UTF_8);
            return com.google.gson.JsonParser.parseString(json).getAsJsonObject().get("version").getAsString();
        } catch (IOException | RuntimeException e) {
            return "(version unknown)";
        }
    }
}
