package com.dlpguard.bench;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coalescing and pacing across invocations: an event whose subnet was read by a read that started
 * after the event arrived costs nothing; while a burst lasts, a subnet is read at most once per
 * pace, and the read after the last event still happens (its drift is repaired).
 */
class GuardPacingTest {
    final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:20:00Z"), ZoneOffset.UTC);
    final AtomicInteger ids = new AtomicInteger();
    final InMemoryArmGateway arm;

    GuardPacingTest() throws Exception {
        arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/compliant"));
    }

    /** The in-memory ARM whose next reads wait for {@link #release}, and can be made to fail. */
    static final class SlowArm implements ArmGateway {
        final ArmGateway delegate;
        final AtomicInteger reads = new AtomicInteger();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean hold;
        volatile boolean failNext;

        SlowArm(ArmGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public Estate read(ReadScope scope) throws ArmException {
            reads.incrementAndGet();
            if (hold) {
                hold = false;
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failNext) {
                    failNext = false;
                    throw new ArmException("throttled (test)", true, null);
                }
            }
            return delegate.read(scope);
        }

        @Override
        public WriteOutcome execute(PlannedWrite write) throws ArmException {
            return delegate.execute(write);
        }
    }

    Guard guard(ArmGateway gateway, Duration pace) throws Exception {
        GuardSettings settings = new GuardSettings(ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24)),
                GuardPolicy.defaults().withDryRun(false), Optional.empty());
        return GuardWiring.build(settings, gateway, new InMemoryGuardStateStore(), AlertSettings.fromEnvironment(Map.of()),
                clock, line -> { }, line -> { }, pace);
    }

    Guard.Outcome event(Guard guard) throws Exception {
        // Event times after the guard's (fixed) clock: only the arrival-based coverage can coalesce them.
        return guard.handle(EventPayloadParser.parse(Events.of(Events.Kind.SECURITY_RULE_WRITE, "e-" + ids.incrementAndGet(),
                clock.instant().plusSeconds(60))));
    }

    @Test
    void eventsArrivingDuringARunningReadShareTheNextRead() throws Exception {
        SlowArm slow = new SlowArm(arm);
        Guard guard = guard(slow, Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            slow.hold = true;
            Future<Guard.Outcome> first = pool.submit(() -> event(guard));
            assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
            List<Future<Guard.Outcome>> during = new ArrayList<>();
            CountDownLatch arriving = new CountDownLatch(5);
            for (int i = 0; i < 5; i++) {
                during.add(pool.submit(() -> {
                    arriving.countDown();
                    return event(guard);
                }));
            }
            assertTrue(arriving.await(10, TimeUnit.SECONDS));
            Thread.sleep(200); // they are in handle(), waiting for the lock
            slow.release.countDown();
            first.get(10, TimeUnit.SECONDS);
            long reconciled = 0;
            for (Future<Guard.Outcome> f : during) {
                reconciled += f.get(10, TimeUnit.SECONDS).result().isPresent() ? 1 : 0;
            }
            assertEquals(2, slow.reads.get(), "one read for the first event, one for the five that arrived during it");
            assertEquals(1, reconciled);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aBurstIsReadOncePerPaceAndItsLastDriftIsRepaired() throws Exception {
        SlowArm counting = new SlowArm(arm);
        Guard guard = guard(counting, Duration.ofSeconds(1));
        event(guard); // the first event after a quiet spell: read at once
        assertEquals(1, counting.reads.get());

        // A drift in the middle of the burst, then more events, all within the pace.
        ResourceId sep = ResourceId.parse(Events.SEP);
        arm.resource(sep).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .forEach(d -> {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        arm.deleteExternally(ResourceId.parse(d.getAsJsonObject().get("id").getAsString()));
                    }
                });
        ExecutorService pool = Executors.newFixedThreadPool(20); // all arrive within the pace
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Guard.Outcome>> burst = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(pool.submit(() -> {
                    gate.await();
                    return event(guard);
                }));
            }
            long start = System.nanoTime();
            gate.countDown();
            for (Future<Guard.Outcome> f : burst) {
                f.get(10, TimeUnit.SECONDS);
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(arm.resource(sep).orElseThrow().toString().contains("/services/Azure/MachineLearning"),
                    "the drift made during the burst is rolled back by the paced read");
            // 1 before the burst; then one paced reconcile: its read and the verification of its write.
            assertEquals(3, counting.reads.get(), "reads");
            assertTrue(elapsedMs >= 500, "the burst waited for the pace: " + elapsedMs + " ms");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedReadCoversNobody() throws Exception {
        SlowArm slow = new SlowArm(arm);
        Guard guard = guard(slow, Duration.ZERO);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            slow.hold = true;
            slow.failNext = true;
            Future<Guard.Outcome> failing = pool.submit(() -> event(guard));
            assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
            Future<Guard.Outcome> waiting = pool.submit(() -> event(guard));
            Thread.sleep(100);
            slow.release.countDown();
            Exception e = assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof ArmException, "the transient failure reaches Event Grid: " + e);
            assertTrue(waiting.get(10, TimeUnit.SECONDS).result().isPresent(), "the waiting event read for itself");
            assertEquals(2, slow.reads.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
