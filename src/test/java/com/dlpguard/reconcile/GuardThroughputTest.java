package com.dlpguard.reconcile;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A quick measurement, printed, not asserted (the benchmark harness does the real one): events
 * through the whole function path (parse → route → dedupe → read → evaluate → plan) per second on
 * a warm JVM with the in-memory ARM, and the p50 / p99 time from an event's bytes to its plan.
 * Each event has a new id and a time after the last read, so none is deduplicated or coalesced.
 * Output: target/surefire-reports/com.dlpguard.reconcile.GuardThroughputTest-output.txt.
 */
class GuardThroughputTest {
    static final int WARM_UP = 500;
    static final int MEASURED = 1_500;

    @Test
    void eventsPerSecondAndEventToPlanLatency() throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.now(Clock.systemUTC()));
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/drifted"));
        Clock clock = Clock.systemUTC();
        Guard guard = new Guard(config, new Reconciler(arm, RuleEngine.withCatalog(), new RollbackPlanner(), clock),
                new InMemoryGuardStateStore(), Notifier.NONE, clock, GuardPolicy.defaults().withDryRun(true), line -> { });
        JsonObject template = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")))
                .getAsJsonArray().get(0).getAsJsonObject();

        for (int i = 0; i < WARM_UP; i++) {
            once(guard, template, "warm-" + i);
        }
        long[] nanos = new long[MEASURED];
        long start = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            long t0 = System.nanoTime();
            once(guard, template, "measured-" + i);
            nanos[i] = System.nanoTime() - t0;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "guard throughput (in-memory ARM, dry-run, warm, 1 thread): %.0f events/s over %d events%n",
                MEASURED / seconds, MEASURED);
        System.out.printf(Locale.ROOT, "event -> plan: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                nanos[MEASURED / 2] / 1e6, nanos[(int) (MEASURED * 0.99)] / 1e6, nanos[MEASURED - 1] / 1e6);
        assertEquals(0, arm.writeCount());
    }

    private static void once(Guard guard, JsonObject template, String id) throws Exception {
        JsonObject event = template.deepCopy();
        event.addProperty("id", id);
        // Later than this instance's last read: a new change that must be reconciled, not coalesced.
        event.addProperty("eventTime", Instant.now().plusSeconds(5).toString());
        List<ParsedEvent> parsed = EventPayloadParser.parse(event.toString());
        Guard.Outcome outcome = guard.handle(parsed);
        assertTrue(outcome.result().isPresent(), "reconciled");
        assertEquals(4, outcome.result().get().plan().writes().size());
    }
}
