package com.dlpguard.reconcile;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The keyed queue on its own: coverage by complete runs that started after arrival, one run at a
 * time per key, unrelated keys in parallel, failures and partial reads covering nobody. Threads
 * are coordinated with latches, never timed.
 */
class KeyedQueueTest {
    final ExecutorService pool = Executors.newFixedThreadPool(8);
    final KeyedQueue<String> queue = new KeyedQueue<>(Duration.ZERO, Optional.empty());
    final List<Set<String>> runs = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    KeyedQueue.Done<String, String> complete(Set<String> keys) {
        runs.add(keys);
        return new KeyedQueue.Done<>("ran " + keys, keys);
    }

    /** A run that holds its keys until released. */
    static final class Held {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        KeyedQueue.Done<String, String> run(Set<String> keys, boolean complete) throws InterruptedException {
            entered.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return new KeyedQueue.Done<>("held " + keys, complete ? keys : Set.of());
        }
    }

    @Test
    void aCallerRunsItsOwnKeysWhenNobodyCoversThem() throws Exception {
        Optional<String> r = queue.process(queue.arrive(), Set.of("a"), false, this::complete);
        assertEquals(Optional.of("ran [a]"), r);
        Optional<String> again = queue.process(queue.arrive(), Set.of("a"), false, this::complete);
        assertEquals(Optional.of("ran [a]"), again, "a run that started before the arrival covers nothing: read again");
        assertEquals(2, runs.size());
    }

    @Test
    void callersArrivingDuringARunShareOneLaterRun() throws Exception {
        Held first = new Held();
        Future<Optional<String>> running = pool.submit(() -> queue.process(queue.arrive(), Set.of("a"), false,
                keys -> first.run(keys, true)));
        assertTrue(first.entered.await(10, TimeUnit.SECONDS));
        // Five arrive while "a" is being read: that read started before them, so it covers none.
        List<KeyedQueue.Ticket> tickets = List.of(queue.arrive(), queue.arrive(), queue.arrive(), queue.arrive(), queue.arrive());
        List<Future<Optional<String>>> waiting = new java.util.ArrayList<>();
        for (KeyedQueue.Ticket t : tickets) {
            waiting.add(pool.submit(() -> queue.process(t, Set.of("a"), false, this::complete)));
        }
        first.release.countDown();
        assertTrue(running.get(10, TimeUnit.SECONDS).isPresent());
        int ran = 0;
        for (Future<Optional<String>> f : waiting) {
            ran += f.get(10, TimeUnit.SECONDS).isPresent() ? 1 : 0;
        }
        assertEquals(1, ran, "one run covers the five");
        assertEquals(1, runs.size());
    }

    @Test
    void anUnrelatedKeyNeverWaitsForABusyOne() throws Exception {
        Held slow = new Held();
        Future<Optional<String>> a = pool.submit(() -> queue.process(queue.arrive(), Set.of("workspace-a"), false,
                keys -> slow.run(keys, true)));
        assertTrue(slow.entered.await(10, TimeUnit.SECONDS));
        // While a's run is held, b runs and returns on this thread.
        assertEquals(Optional.of("ran [workspace-b]"), queue.process(queue.arrive(), Set.of("workspace-b"), false, this::complete));
        assertEquals(Set.of("workspace-a"), queue.busy());
        slow.release.countDown();
        assertTrue(a.get(10, TimeUnit.SECONDS).isPresent());
        assertEquals(Set.of(), queue.busy());
    }

    @Test
    void aFailedRunCoversNobodyAndItsWaiterRunsItself() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<Optional<String>> failing = pool.submit(() -> queue.process(queue.arrive(), Set.of("a"), false, keys -> {
            entered.countDown();
            release.await(10, TimeUnit.SECONDS);
            throw new IllegalStateException("throttled (test)");
        }));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        KeyedQueue.Ticket later = queue.arrive();
        Future<Optional<String>> waiter = pool.submit(() -> queue.process(later, Set.of("a"), false, this::complete));
        release.countDown();
        Exception e = assertThrows(Exception.class, () -> failing.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertEquals(Optional.of("ran [a]"), waiter.get(10, TimeUnit.SECONDS), "the waiter read for itself");
        assertEquals(Set.of(), queue.busy(), "the failed run gave its key back");
    }

    @Test
    void aPartialReadSatisfiesItsCallerButCoversNobodyElse() throws Exception {
        Held partial = new Held();
        Future<Optional<String>> first = pool.submit(() -> queue.process(queue.arrive(), Set.of("a"), false,
                keys -> partial.run(keys, false)));
        assertTrue(partial.entered.await(10, TimeUnit.SECONDS));
        KeyedQueue.Ticket before = new KeyedQueue.Ticket(0); // arrived before the partial run started
        Future<Optional<String>> waiter = pool.submit(() -> queue.process(before, Set.of("a"), false, this::complete));
        partial.release.countDown();
        assertEquals(Optional.of("held [a]"), first.get(10, TimeUnit.SECONDS));
        assertEquals(Optional.of("ran [a]"), waiter.get(10, TimeUnit.SECONDS), "a 403 or an outage covers nobody");
    }

    @Test
    void aCallerReadsItsUncoveredKeysTogetherAndOnlyThose() throws Exception {
        KeyedQueue.Ticket early = queue.arrive();
        queue.process(queue.arrive(), Set.of("a"), false, this::complete); // covers "a" for early
        runs.clear();
        assertEquals(Optional.of("ran [b]"), queue.process(early, Set.of("a", "b"), false, this::complete));
        assertEquals(List.of(Set.of("b")), runs);
        KeyedQueue.Ticket late = queue.arrive();
        runs.clear();
        queue.process(late, Set.of("a", "b"), false, this::complete);
        assertEquals(1, runs.size(), "one run, not one per key");
        assertEquals(Set.of("a", "b"), runs.get(0));
    }

    @Test
    void pacingWaitsOnlyForARecentRunOfTheSameKeyAndOnlyForPacedCallers() throws Exception {
        AtomicLong ticker = new AtomicLong(1_000_000_000L);
        KeyedQueue<String> paced = new KeyedQueue<>(Duration.ofHours(1), Optional.of(ticker::get));
        AtomicInteger ran = new AtomicInteger();
        KeyedQueue.Work<String, String, RuntimeException> work = keys -> {
            ran.incrementAndGet();
            return new KeyedQueue.Done<>("ok", keys);
        };
        assertTrue(paced.process(paced.arrive(), Set.of("a"), true, work).isPresent(), "first event after a quiet spell: at once");
        assertTrue(paced.process(paced.arrive(), Set.of("b"), true, work).isPresent(), "another key is not paced by a");
        // Past the pace on the injected ticker: no wait.
        ticker.addAndGet(Duration.ofHours(1).toNanos() + 1);
        assertTrue(paced.process(paced.arrive(), Set.of("a"), true, work).isPresent());
        // Within the pace, an unpaced caller (sweep, re-check) still reads at once.
        assertTrue(paced.process(paced.arrive(), Set.of("a"), false, work).isPresent());
        assertEquals(4, ran.get());
    }

    @Test
    void pacingNeedsATicker() {
        assertThrows(IllegalArgumentException.class, () -> new KeyedQueue<String>(Duration.ofSeconds(1), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new KeyedQueue<String>(Duration.ofSeconds(-1), Optional.of(() -> 0L)));
    }
}
