package com.dlpguard.state;

import com.dlpguard.model.ResourceId;
import com.dlpguard.testsupport.AzuriteTable;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static com.dlpguard.state.GuardStateStoreContract.SUBNET;
import static com.dlpguard.state.GuardStateStoreContract.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two guard instances (separate Table clients, one Azurite table) handling the same drift. The
 * guard here is the state-relevant skeleton of an event: dedupe, read, claim, write, count,
 * alert, remember the finding; the world is one subnet whose etag changes on every write.
 */
class TwoGuardInstancesTest {

    private static final Duration EVENT_TTL = Duration.ofHours(24);
    private static final Duration CLAIM_TTL = Duration.ofMinutes(10);
    private static final Duration FIGHT_WINDOW = Duration.ofMinutes(30);
    private static final Duration ALERT_WINDOW = Duration.ofHours(1);
    private static final int FIGHT_THRESHOLD = 3;

    /** One subnet in "ARM": drifted or not, with an etag that changes on every write. */
    static final class World {
        private int etag = 1;
        private boolean drifted;
        final AtomicInteger guardWrites = new AtomicInteger();
        final AtomicInteger writeAttempts = new AtomicInteger();

        synchronized void humanDrifts() {
            drifted = true;
            etag++;
        }

        synchronized String etag() {
            return "W/\"" + etag + "\"";
        }

        synchronized boolean drifted() {
            return drifted;
        }

        /** The guard's PUT with If-Match: fails when someone wrote since the read. */
        synchronized boolean restore(String ifMatch) {
            writeAttempts.incrementAndGet();
            if (!ifMatch.equals(etag())) {
                return false;
            }
            drifted = false;
            etag++;
            guardWrites.incrementAndGet();
            return true;
        }
    }

    record Alert(String instance, String text) {
    }

    /** Where two racing instances are held until both arrive. */
    enum Meet { NOWHERE, BEFORE_DEDUPE, AFTER_READ }

    /** The state calls of one event, in the order the reconcile path makes them. */
    static final class Guard {
        final String name;
        final GuardStateStore state;
        final World world;
        final List<Alert> alerts;
        final Meet meet;
        final CyclicBarrier barrier;

        Guard(String name, GuardStateStore state, World world, List<Alert> alerts, Meet meet, CyclicBarrier barrier) {
            this.name = name;
            this.state = state;
            this.world = world;
            this.alerts = alerts;
            this.meet = meet;
            this.barrier = barrier;
        }

        void handle(String eventId, ResourceId resource, Instant now) throws Exception {
            meet(Meet.BEFORE_DEDUPE);
            if (!state.markEventProcessed(eventId, now, EVENT_TTL)) {
                return; // redelivery
            }
            String etag = world.etag();
            boolean drifted = world.drifted();
            meet(Meet.AFTER_READ); // both instances have seen the same drift at the same etag
            if (!drifted) {
                return;
            }
            String findingKey = "DLP003|" + resource;
            if (state.claimWrite(resource, etag, now, CLAIM_TTL) && world.restore(etag)) {
                int rollbacks = state.recordRollback(resource, now, FIGHT_WINDOW);
                boolean fight = rollbacks >= FIGHT_THRESHOLD;
                String fingerprint = fight ? "fight" : "rolled-back@" + etag;
                if (state.claimAlert(findingKey, fingerprint, now, ALERT_WINDOW)) {
                    alerts.add(new Alert(name, (fight ? "FIGHT: " : "rolled back: ") + resource + " (" + rollbacks + " in window)"));
                }
            }
            state.swapFindingStatus(findingKey, "violation-fixed", now, EVENT_TTL);
        }

        private void meet(Meet here) throws Exception {
            if (meet == here) {
                barrier.await(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theSameEventDeliveredToTwoInstancesWritesOnceAndAlertsOnce() throws Exception {
        for (int round = 0; round < 5; round++) {
            World world = new World();
            List<Alert> alerts = new CopyOnWriteArrayList<>();
            Guard[] guards = twoGuardsOnAzurite(world, alerts, Meet.BEFORE_DEDUPE);
            world.humanDrifts();
            runTogether(() -> guards[0].handle("evt-drift", SUBNET, T0), () -> guards[1].handle("evt-drift", SUBNET, T0));
            assertEquals(1, world.writeAttempts.get(), "round " + round + ": exactly one ARM write");
            assertEquals(1, alerts.size(), "round " + round + ": exactly one alert: " + alerts);
            assertFalse(world.drifted());
            assertShared(guards);
        }
    }

    @Test
    void twoEventsForOneDriftOnTwoInstancesWriteOnceAndAlertOnce() throws Exception {
        // Event Grid may send several events for one change (the subnet and its VNet both written).
        for (int round = 0; round < 5; round++) {
            World world = new World();
            List<Alert> alerts = new CopyOnWriteArrayList<>();
            Guard[] guards = twoGuardsOnAzurite(world, alerts, Meet.AFTER_READ);
            world.humanDrifts();
            runTogether(() -> guards[0].handle("evt-subnet", SUBNET, T0), () -> guards[1].handle("evt-vnet", SUBNET, T0));
            assertEquals(1, world.writeAttempts.get(), "round " + round + ": exactly one ARM write (the claim, not If-Match, stopped the other)");
            assertEquals(1, alerts.size(), "round " + round + ": exactly one alert: " + alerts);
            assertShared(guards);
        }
    }

    @Test
    void aFightSpreadOverTwoInstancesIsDetected() throws Exception {
        World world = new World();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Guard[] guards = twoGuardsOnAzurite(world, alerts, Meet.NOWHERE);
        for (int i = 0; i < 4; i++) {
            world.humanDrifts(); // re-applied after each rollback
            Guard instance = guards[i % 2];
            instance.handle("evt-" + i, SUBNET, T0.plus(Duration.ofMinutes(2L * i)));
            instance.handle("evt-" + i, SUBNET, T0.plus(Duration.ofMinutes(2L * i)).plusSeconds(5)); // redelivered
            guards[(i + 1) % 2].handle("evt-" + i, SUBNET, T0.plus(Duration.ofMinutes(2L * i)).plusSeconds(7)); // and elsewhere
        }
        assertEquals(4, world.writeAttempts.get(), "one rollback per drift");
        assertEquals(4, guards[0].state.rollbacksWithin(SUBNET, T0.plus(Duration.ofMinutes(6)), FIGHT_WINDOW),
                "each rollback counted once although redelivered and handled on both instances");
        assertEquals(List.of("rolled back", "rolled back", "FIGHT"),
                alerts.stream().map(a -> a.text().startsWith("FIGHT") ? "FIGHT" : "rolled back").toList(),
                "the third rollback within the window is a fight, announced once (not again at the fourth): " + alerts);
        assertEquals("guard-A", alerts.get(2).instance(), "detected on the instance that saw only two of the three");
        assertShared(guards);
    }

    @Test
    void withoutSharedStateTheSameFightGoesUnnoticed() throws Exception {
        // The reason for the Table store: per-instance memory sees 2 + 1 rollbacks, never 3.
        World world = new World();
        List<Alert> alerts = new CopyOnWriteArrayList<>();
        Guard[] guards = {
                new Guard("guard-A", new InMemoryGuardStateStore(), world, alerts, Meet.NOWHERE, null),
                new Guard("guard-B", new InMemoryGuardStateStore(), world, alerts, Meet.NOWHERE, null)};
        for (int i = 0; i < 3; i++) {
            world.humanDrifts();
            guards[i % 2].handle("evt-" + i, SUBNET, T0.plus(Duration.ofMinutes(2L * i)));
        }
        assertTrue(alerts.stream().noneMatch(a -> a.text().startsWith("FIGHT")), alerts.toString());
    }

    /** The Table store answered throughout: nothing here was decided by per-instance memory. */
    private static void assertShared(Guard[] guards) {
        for (Guard g : guards) {
            assertFalse(g.state.isDegraded(), g.name + " fell back to memory");
        }
    }

    private static Guard[] twoGuardsOnAzurite(World world, List<Alert> alerts, Meet meet) throws Exception {
        AzuriteTable azurite = AzuriteTable.shared();
        String table = AzuriteStores.newTable(azurite).tableName();
        CyclicBarrier barrier = new CyclicBarrier(2);
        FallbackGuardStateStore a = new FallbackGuardStateStore(AzuriteStores.store(azurite, table));
        FallbackGuardStateStore b = new FallbackGuardStateStore(AzuriteStores.store(azurite, table));
        return new Guard[]{
                new Guard("guard-A", a, world, alerts, meet, barrier),
                new Guard("guard-B", b, world, alerts, meet, barrier)};
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static void runTogether(Step a, Step b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> fa = pool.submit(() -> {
                a.run();
                return null;
            });
            Future<?> fb = pool.submit(() -> {
                b.run();
                return null;
            });
            fa.get(60, TimeUnit.SECONDS);
            fb.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("an instance hung", e);
        } finally {
            pool.shutdownNow();
        }
    }

}
