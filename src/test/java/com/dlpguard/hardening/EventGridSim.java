package com.dlpguard.hardening;

import com.dlpguard.functions.TestExecutionContext;
import com.dlpguard.functions.MutableClock;

import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.json.Json;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Event Grid's delivery as documented: at least once (duplicates), in no particular order
 * (delays), sometimes never (a dropped event is for the sweep), one event per function call, and
 * a failed call (the function throws) redelivered on Event Grid's retry schedule. Everything but
 * the function's deliberate rethrows ({@code RedeliveryRequested}) counts as a crash.
 */
final class EventGridSim {
    private static final long[] RETRY_SECONDS = {10, 30, 60, 300, 600, 1800, 3600};

    private record Delivery(JsonObject event, Instant due, int attempt, long seq) {
    }

    private final PriorityQueue<Delivery> queue = new PriorityQueue<>((a, b) -> a.due().equals(b.due())
            ? Long.compare(a.seq(), b.seq()) : a.due().compareTo(b.due()));
    private final Random rnd;
    private final MutableClock clock;
    private final Figures figures;
    private final DlpGuardEventGrid function = new DlpGuardEventGrid();
    private final AtomicLong seq = new AtomicLong();
    final AtomicLong duplicated = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong redelivered = new AtomicLong();
    volatile boolean lossy = true;

    EventGridSim(Random rnd, MutableClock clock, Figures figures) {
        this.rnd = rnd;
        this.clock = clock;
        this.figures = figures;
    }

    synchronized void publish(JsonObject event) {
        if (lossy && rnd.nextInt(100) < 3) {
            dropped.incrementAndGet();
            return;
        }
        Instant now = clock.instant();
        queue.add(new Delivery(event, now.plusSeconds(lossy ? rnd.nextInt(120) : 0), 0, seq.incrementAndGet()));
        if (lossy && rnd.nextInt(100) < 5) {
            duplicated.incrementAndGet();
            queue.add(new Delivery(event, now.plusSeconds(rnd.nextInt(600)), 0, seq.incrementAndGet()));
        }
    }

    /** Delivers everything due by now. */
    void deliverDue() {
        while (true) {
            Delivery d;
            synchronized (this) {
                d = queue.peek();
                if (d == null || d.due().isAfter(clock.instant())) {
                    return;
                }
                queue.poll();
            }
            deliver(d);
        }
    }

    /** Delivers everything, moving the clock to each due time (the stream after the edits stop). */
    void drain() {
        while (true) {
            Delivery d;
            synchronized (this) {
                d = queue.poll();
            }
            if (d == null) {
                return;
            }
            if (d.due().isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), d.due()));
            }
            deliver(d);
        }
    }

    synchronized int pending() {
        return queue.size();
    }

    private void deliver(Delivery d) {
        figures.eventsPlayed.incrementAndGet();
        TestExecutionContext ctx = new TestExecutionContext("DlpGuardEventGrid");
        try {
            function.run(Json.compactGson().toJson(d.event()), ctx);
        } catch (IllegalStateException e) {
            // The function's deliberate rethrows: a transient ARM failure, or a critical restore
            // deferred by the fight backoff (not acknowledged while the change is open).
            if (e instanceof com.dlpguard.functions.RedeliveryRequested) {
                redelivered.incrementAndGet();
                int attempt = d.attempt() + 1;
                long wait = RETRY_SECONDS[Math.min(attempt - 1, RETRY_SECONDS.length - 1)];
                synchronized (this) {
                    queue.add(new Delivery(d.event(), clock.instant().plusSeconds(wait), attempt, seq.incrementAndGet()));
                }
                return;
            }
            figures.crash("delivery of " + d.event().get("id") + ": " + e);
        } catch (Throwable t) {
            figures.crash("delivery of " + d.event().get("id") + ": " + t);
        }
    }
}
