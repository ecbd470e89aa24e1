package com.dlpguard.bench;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.reconcile.Guard;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Event Grid function, warm, over the in-memory ARM seeded with examples/compliant: each
 * invocation is one event with a new id and a time after the guard's last read, so none is
 * deduplicated or coalesced away: every one costs a full read → evaluate → plan.
 */
public class WarmEventBenchmark {

    /** The guard installed where the function finds it, over a compliant estate. */
    @State(Scope.Benchmark)
    public static class Compliant {
        final DlpGuardEventGrid function = new DlpGuardEventGrid();
        final QuietContext context = new QuietContext();
        final AtomicLong ids = new AtomicLong();
        BenchClock clock;
        InMemoryArmGateway arm;
        boolean preRead;
        Instant eventTime;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            BenchGuard.quietLogs();
            arm = InMemoryArmGateway.fromSnapshot(BenchGuard.EXAMPLES.resolve("compliant"));
            clock = new BenchClock(Instant.parse("2026-11-24T09:20:00Z"));
            // Pace zero: every event is read and evaluated, which is what is timed here (in the app a
            // burst on one subnet is paced to one reconcile per Guard.PRODUCTION_PACE).
            Guard guard = BenchGuard.build(BenchGuard.exampleConfig(LocalDate.of(2026, 11, 24)),
                    preRead ? new PreReadGateway(arm) : arm, clock, Duration.ZERO);
            GuardRuntime.install(guard);
            eventTime = clock.instant().plusSeconds(60);
        }

        String nextEvent(Events.Kind kind) {
            return Events.of(kind, "bench-" + ids.incrementAndGet(), eventTime);
        }
    }

    /** The same guard over an ARM that answers instantly: the guard's own share of an event. */
    @State(Scope.Benchmark)
    public static class GuardOnly extends Compliant {
        public GuardOnly() {
            preRead = true;
        }
    }

    /** Before each invocation a human deletes the alias (and the fight window has passed). */
    @State(Scope.Thread)
    public static class Drifted {
        Compliant base;
        String event;

        @Setup(Level.Invocation)
        public void drift(Compliant compliant) {
            base = compliant;
            compliant.clock.advance(Duration.ofMinutes(11));
            compliant.eventTime = compliant.clock.instant().plusSeconds(1);
            BenchGuard.removeAlias(compliant.arm);
            event = compliant.nextEvent(Events.Kind.SEP_DEFINITION_DELETE);
        }
    }

    /** An event on a protected resource, state compliant: read, evaluate, plan nothing. */
    @Benchmark
    public void compliantEvent(Compliant s) {
        s.function.run(s.nextEvent(Events.Kind.SEP_DEFINITION_DELETE), s.context);
    }

    /** {@link #compliantEvent} with ARM's share taken out. */
    @Benchmark
    public void guardOnlyEvent(GuardOnly s) {
        s.function.run(s.nextEvent(Events.Kind.SEP_DEFINITION_DELETE), s.context);
    }

    /** The alias was deleted: read, evaluate, plan, write the definition back, re-read and verify. */
    @Benchmark
    public void rollbackEvent(Drifted d) {
        d.base.function.run(d.event, d.base.context);
    }

    /** Per-event CPU of the benchmark thread, sorted (ns). */
    record CpuSamples(long[] sortedNanos) {
        double percentileMs(double p) {
            int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(p / 100 * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, i)] / 1e6;
        }

        double eventsPerCpuSecond() {
            return sortedNanos.length / (java.util.Arrays.stream(sortedNanos).sum() / 1e9);
        }
    }

    /**
     * The same paths outside JMH, timed by the thread's own CPU clock: on a machine shared with
     * other builds the wall clock counts the neighbours' time slices, this does not (nor the GC
     * threads' work; young pauses show in the JMH figures).
     */
    static CpuSamples cpuPerEvent(String which, int warmup, int measured) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Compliant c = which.equals("guardOnly") ? new GuardOnly() : new Compliant();
        c.setUp();
        long[] samples = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
            String event;
            if (which.equals("rollback")) {
                Drifted d = new Drifted();
                d.drift(c);
                event = d.event;
            } else {
                event = c.nextEvent(Events.Kind.SEP_DEFINITION_DELETE);
            }
            long t0 = threads.getCurrentThreadCpuTime();
            c.function.run(event, c.context);
            long t1 = threads.getCurrentThreadCpuTime();
            if (i >= warmup) {
                samples[i - warmup] = t1 - t0;
            }
        }
        java.util.Arrays.sort(samples);
        return new CpuSamples(samples);
    }

    /** Self-check outside JMH: a rollback really happens in the measured path. */
    static void verifyRollbackPath() throws Exception {
        Compliant c = new Compliant();
        c.setUp();
        List<Integer> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Drifted d = new Drifted();
            d.drift(c);
            int before = c.arm.writeCount();
            d.base.function.run(d.event, d.base.context);
            writes.add(c.arm.writeCount() - before);
        }
        if (writes.stream().anyMatch(w -> w < 1)) {
            throw new IllegalStateException("the rollback benchmark does not roll back: writes per event " + writes);
        }
    }
}
