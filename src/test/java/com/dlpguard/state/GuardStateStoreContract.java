package com.dlpguard.state;

import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link GuardStateStore} promises, run against each implementation. {@link #peer()}
 * is a second client of the same state (another guard instance); concurrent tests spread their
 * threads over both.
 */
abstract class GuardStateStoreContract {

    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    static final Duration DAY = Duration.ofHours(24);
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final ResourceId SUBNET = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/"
                    + "Microsoft.Network/virtualNetworks/vnet-ml/subnets/snet-compute");
    static final ResourceId SUBNET_OTHER_CASE = ResourceId.parse(SUBNET.toString().toUpperCase(java.util.Locale.ROOT)
            .replace("/SUBSCRIPTIONS/", "/subscriptions/"));
    static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-ml/providers/"
                    + "Microsoft.Network/networkSecurityGroups/nsg-compute");
    static final int THREADS = 12;

    private GuardStateStore store;
    private GuardStateStore peer;

    /** A fresh, empty store of the implementation under test. */
    protected abstract GuardStateStore newStore() throws Exception;

    /** Another client of the state {@code store} uses (a second instance); memory has no other. */
    protected abstract GuardStateStore peerOf(GuardStateStore store) throws Exception;

    @BeforeEach
    void freshStore() throws Exception {
        store = newStore();
        peer = peerOf(store);
    }

    protected GuardStateStore store() {
        return store;
    }

    // ------------------------------------------------------------ events

    @Test
    void anEventIsProcessedOnceUntilItsMarkExpires() throws Exception {
        assertTrue(store.markEventProcessed("evt-1", T0, DAY));
        assertFalse(store.markEventProcessed("evt-1", T0.plusSeconds(5), DAY), "redelivery");
        assertFalse(peer.markEventProcessed("evt-1", T0.plusSeconds(6), DAY), "redelivery to another instance");
        assertTrue(store.markEventProcessed("evt-2", T0, DAY), "another event");
        assertFalse(store.markEventProcessed("evt-1", T0.plus(DAY).minusMillis(1), DAY), "last live millisecond");
        assertTrue(peer.markEventProcessed("evt-1", T0.plus(DAY), DAY), "expired at ExpiresAt, before any purge");
        assertFalse(store.markEventProcessed("evt-1", T0.plus(DAY).plusSeconds(1), DAY), "re-marked");
    }

    @Test
    void aReleasedEventIsHandledAgainOnRedelivery() throws Exception {
        assertTrue(store.markEventProcessed("evt-r", T0, DAY));
        store.releaseEvent("evt-r", T0.plusSeconds(1)); // the handling failed transiently
        assertTrue(peer.markEventProcessed("evt-r", T0.plusSeconds(2), DAY), "the redelivery is handled");
        assertFalse(store.markEventProcessed("evt-r", T0.plusSeconds(3), DAY), "and then deduplicated again");
        store.releaseEvent("never-marked", T0);
        assertTrue(store.markEventProcessed("never-marked", T0, DAY), "releasing an unknown id changes nothing");
        assertEquals(0, store.purgeExpired(T0.plus(DAY).minusSeconds(1)));
    }

    @Test
    void keysMayHoldAnyCharacter() throws Exception {
        List<String> ids = List.of("a/b\\c#d?e", "x".repeat(2000), "événement-ü-東京", " padded ", "%2F", "\t tab");
        for (String id : ids) {
            assertTrue(store.markEventProcessed(id, T0, DAY), id);
        }
        for (String id : ids) {
            assertFalse(peer.markEventProcessed(id, T0, DAY), id);
        }
        assertTrue(store.claimAlert("DLP003|" + SUBNET, "fp/#?", T0, DAY));
        assertEquals(Optional.empty(), store.swapFindingStatus("DLP003|" + SUBNET + "|#?", "violation", T0, DAY));
        assertEquals(Optional.of("violation"), peer.swapFindingStatus("DLP003|" + SUBNET + "|#?", "pass", T0, DAY));
    }

    @Test
    void invalidArgumentsAreRejectedAlike() {
        assertThrows(IllegalArgumentException.class, () -> store.markEventProcessed(" ", T0, DAY));
        assertThrows(IllegalArgumentException.class, () -> store.markEventProcessed("e", T0, Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> store.claimAlert("k", "fp", T0, null));
        assertThrows(IllegalArgumentException.class, () -> store.releaseEvent("", T0));
        assertThrows(IllegalArgumentException.class, () -> store.claimWrite(SUBNET, "", T0, DAY));
        assertThrows(IllegalArgumentException.class, () -> store.recordRollback(SUBNET, T0, Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class, () -> store.claimAlert("k", null, T0, DAY));
        assertThrows(IllegalArgumentException.class, () -> store.swapFindingStatus("k", "x".repeat(8 * 1024 + 1), T0, DAY));
        assertThrows(IllegalArgumentException.class, () -> store.saveSweepCursor("", "c", T0, DAY));
    }

    // ------------------------------------------------------------ write claims

    @Test
    void aReleasedWriteClaimCanBeTakenByAnotherInstance() throws Exception {
        assertTrue(store.claimWrite(SUBNET, "W/\"etag-f\"", T0, HOUR));
        assertFalse(peer.claimWrite(SUBNET, "W/\"etag-f\"", T0.plusSeconds(1), HOUR), "claimed: the peer defers");
        store.releaseWrite(SUBNET, "W/\"etag-f\"", T0.plusSeconds(2)); // the write failed, nothing changed
        assertTrue(peer.claimWrite(SUBNET, "W/\"etag-f\"", T0.plusSeconds(3), HOUR), "released: the peer fixes it");
        store.releaseWrite(SUBNET, "W/\"never-claimed\"", T0);
        assertTrue(store.claimWrite(SUBNET, "W/\"never-claimed\"", T0, HOUR), "releasing an unknown claim changes nothing");
    }

    @Test
    void aWriteIsClaimedOncePerTargetAndObservedEtag() throws Exception {
        assertTrue(store.claimWrite(SUBNET, "W/\"etag-1\"", T0, HOUR));
        assertFalse(peer.claimWrite(SUBNET, "W/\"etag-1\"", T0, HOUR), "same drift, other instance");
        assertFalse(peer.claimWrite(SUBNET_OTHER_CASE, "W/\"etag-1\"", T0, HOUR), "ARM ids are case-insensitive");
        assertTrue(peer.claimWrite(SUBNET, "W/\"etag-2\"", T0, HOUR), "drift seen at another etag");
        assertTrue(store.claimWrite(NSG, "W/\"etag-1\"", T0, HOUR), "another resource");
        assertFalse(store.claimWrite(SUBNET, "W/\"etag-1\"", T0.plus(HOUR).minusMillis(1), HOUR));
        assertTrue(store.claimWrite(SUBNET, "W/\"etag-1\"", T0.plus(HOUR), HOUR), "claim expired");
    }

    // ------------------------------------------------------------ rollbacks

    @Test
    void rollbacksAreCountedWithinTheWindow() throws Exception {
        assertEquals(0, store.rollbacksWithin(SUBNET, T0, WINDOW));
        assertEquals(1, store.recordRollback(SUBNET, T0, WINDOW));
        assertEquals(2, peer.recordRollback(SUBNET_OTHER_CASE, T0.plus(Duration.ofMinutes(4)), WINDOW), "other instance, other casing");
        assertEquals(3, store.recordRollback(SUBNET, T0.plus(Duration.ofMinutes(9)), WINDOW));
        assertEquals(3, peer.rollbacksWithin(SUBNET, T0.plus(Duration.ofMinutes(10)), WINDOW), "window includes its start");
        assertEquals(2, peer.rollbacksWithin(SUBNET, T0.plus(Duration.ofMinutes(10)).plusMillis(1), WINDOW));
        assertEquals(2, store.recordRollback(SUBNET, T0.plus(Duration.ofMinutes(15)), WINDOW), "the first two slid out");
        assertEquals(1, store.rollbacksWithin(SUBNET, T0.plus(Duration.ofMinutes(15)), Duration.ofMinutes(1)), "a narrower window");
        assertEquals(0, store.rollbacksWithin(NSG, T0.plus(Duration.ofMinutes(15)), WINDOW), "another resource");
        assertEquals(1, store.recordRollback(NSG, T0.plus(Duration.ofMinutes(15)), WINDOW));
        assertEquals(0, store.rollbacksWithin(SUBNET, T0.plus(Duration.ofMinutes(40)), WINDOW), "long after");
    }

    @Test
    void theFightHistoryKeepsWhoMadeEachChangeUndone() throws Exception {
        assertEquals(List.of(), store.rollbackHistory(SUBNET, T0, WINDOW));
        store.recordRollback(SUBNET, T0, WINDOW, "{\"upn\":\"mallory@contoso.com\"}");
        peer.recordRollback(SUBNET_OTHER_CASE, T0.plusSeconds(30), WINDOW, "{\"appId\":\"04b07795\"}");
        List<RollbackEntry> history = store.recordRollback(SUBNET, T0.plusSeconds(60), WINDOW, RollbackEntry.UNKNOWN_ACTOR);
        assertEquals(List.of("{\"upn\":\"mallory@contoso.com\"}", "{\"appId\":\"04b07795\"}", RollbackEntry.UNKNOWN_ACTOR),
                history.stream().map(RollbackEntry::actor).toList(), "oldest first, every instance's records");
        assertEquals(history, peer.rollbackHistory(SUBNET, T0.plusSeconds(60), WINDOW));
        assertEquals(T0.plusSeconds(30), history.get(1).at());
        assertEquals(1, peer.rollbackHistory(SUBNET, T0.plus(WINDOW).plusSeconds(31), WINDOW).size(), "the window slides");
        String huge = "x".repeat(5000);
        assertEquals(RollbackEntry.MAX_ACTOR, store.recordRollback(NSG, T0, WINDOW, huge).get(0).actor().length(),
                "an actor is cut, so the history stays one small entity");
    }

    @Test
    void rollbackCountsSaturateAtTheHistoryLimit() throws Exception {
        int limit = GuardStateStore.ROLLBACK_HISTORY_LIMIT;
        int last = 0;
        for (int i = 0; i < limit + 3; i++) {
            last = store.recordRollback(SUBNET, T0.plusSeconds(i), HOUR);
        }
        assertEquals(limit, last);
        assertEquals(limit, peer.rollbacksWithin(SUBNET, T0.plusSeconds(limit + 3), HOUR));
    }

    // ------------------------------------------------------------ alerts

    @Test
    void anAlertIsSentOncePerStateWithinItsWindow() throws Exception {
        String key = "DLP003|" + SUBNET;
        assertTrue(store.claimAlert(key, "fp-A", T0, HOUR));
        assertFalse(peer.claimAlert(key, "fp-A", T0.plusSeconds(30), HOUR), "same state, other instance");
        assertTrue(peer.claimAlert(key, "fp-B", T0.plusSeconds(60), HOUR), "the state changed");
        assertFalse(store.claimAlert(key, "fp-B", T0.plusSeconds(61), HOUR));
        assertTrue(store.claimAlert(key, "fp-A", T0.plusSeconds(62), HOUR), "changed back: a new alert");
        assertTrue(store.claimAlert("DLP004|" + SUBNET, "fp-A", T0.plusSeconds(62), HOUR), "another key");
        assertTrue(peer.claimAlert(key, "fp-A", T0.plusSeconds(62).plus(HOUR), HOUR), "window over: remind");
    }

    @Test
    void aZeroWindowDeduplicatesNothing() throws Exception {
        // DLP_GUARD_ALERT_DEDUPE_MINUTES=0 switches de-duplication off.
        assertTrue(store.claimAlert("k", "fp", T0, Duration.ZERO));
        assertTrue(peer.claimAlert("k", "fp", T0, Duration.ZERO));
        assertTrue(store.claimAlert("k", "fp", T0.plusSeconds(1), Duration.ZERO));
        assertEquals(1, store.purgeExpired(T0.plusSeconds(1)));
    }

    // ------------------------------------------------------------ findings

    @Test
    void swappingAFindingStatusReturnsThePreviousOne() throws Exception {
        String key = "DLP003|" + SUBNET;
        assertEquals(Optional.empty(), store.swapFindingStatus(key, "violation", T0, DAY));
        assertEquals(Optional.of("violation"), peer.swapFindingStatus(key, "violation", T0.plusSeconds(1), DAY));
        assertEquals(Optional.of("violation"), store.swapFindingStatus(key, "pass", T0.plusSeconds(2), DAY));
        assertEquals(Optional.of("pass"), peer.swapFindingStatus(key, "pass", T0.plusSeconds(3), DAY));
        assertEquals(Optional.empty(), store.swapFindingStatus("DLP004|" + SUBNET, "unknown", T0, DAY));
        assertEquals(Optional.empty(), store.swapFindingStatus(key, "violation", T0.plusSeconds(3).plus(DAY), DAY), "expired");
    }

    // ------------------------------------------------------------ sweep

    @Test
    void theSweepCursorIsTheLastSavedUntilItExpires() throws Exception {
        assertEquals(Optional.empty(), store.sweepCursor("sweep-1", T0));
        store.saveSweepCursor("sweep-1", "sub-1/rg-2", T0, HOUR);
        assertEquals(Optional.of("sub-1/rg-2"), peer.sweepCursor("sweep-1", T0.plusSeconds(1)));
        peer.saveSweepCursor("sweep-1", "sub-2/rg-1", T0.plusSeconds(2), HOUR);
        assertEquals(Optional.of("sub-2/rg-1"), store.sweepCursor("sweep-1", T0.plusSeconds(3)));
        assertEquals(Optional.empty(), store.sweepCursor("sweep-2", T0.plusSeconds(3)));
        assertEquals(Optional.empty(), store.sweepCursor("sweep-1", T0.plusSeconds(2).plus(HOUR)), "expired");
    }

    // ------------------------------------------------------------ purge

    @Test
    void purgeDeletesExactlyTheExpiredRecords() throws Exception {
        store.markEventProcessed("evt-old", T0, HOUR);
        store.claimWrite(SUBNET, "etag-old", T0, HOUR);
        store.recordRollback(SUBNET, T0, HOUR);
        store.claimAlert("alert-old", "fp", T0, HOUR);
        store.swapFindingStatus("finding-old", "pass", T0, HOUR);
        store.saveSweepCursor("sweep-old", "c", T0, HOUR);

        store.markEventProcessed("evt-live", T0, DAY);
        store.claimWrite(SUBNET, "etag-live", T0, DAY);
        store.recordRollback(NSG, T0, DAY);
        store.claimAlert("alert-live", "fp", T0, DAY);
        store.swapFindingStatus("finding-live", "violation", T0, DAY);
        store.saveSweepCursor("sweep-live", "c2", T0, DAY);

        assertEquals(0, store.purgeExpired(T0.plus(HOUR).minusMillis(1)), "nothing expired yet");
        assertEquals(6, peer.purgeExpired(T0.plus(HOUR)));
        assertEquals(0, store.purgeExpired(T0.plus(HOUR)), "already purged");

        Instant later = T0.plus(HOUR).plusSeconds(1);
        assertFalse(store.markEventProcessed("evt-live", later, DAY), "live records survive the purge");
        assertFalse(store.claimWrite(SUBNET, "etag-live", later, DAY));
        assertEquals(1, store.rollbacksWithin(NSG, later, DAY));
        assertEquals(0, store.rollbacksWithin(SUBNET, later, DAY));
        assertFalse(store.claimAlert("alert-live", "fp", later, DAY));
        assertEquals(Optional.of("c2"), store.sweepCursor("sweep-live", later));
        assertEquals(Optional.empty(), store.sweepCursor("sweep-old", later));
        assertEquals(Optional.of("violation"), store.swapFindingStatus("finding-live", "violation", later, DAY));
        assertEquals(Optional.empty(), store.swapFindingStatus("finding-old", "pass", later, DAY));
        assertTrue(store.markEventProcessed("evt-old", later, HOUR));
    }

    @Test
    void aRollbackHistoryExpiresAWindowAfterItsLatestRollback() throws Exception {
        store.recordRollback(SUBNET, T0, WINDOW);
        store.recordRollback(SUBNET, T0.plus(Duration.ofMinutes(8)), WINDOW);
        assertEquals(0, store.purgeExpired(T0.plus(Duration.ofMinutes(17))));
        assertEquals(1, store.purgeExpired(T0.plus(Duration.ofMinutes(18))));
    }

    // ------------------------------------------------------------ concurrency

    @Test
    void concurrentClaimsOfTheSameWriteHaveOneWinner() throws Exception {
        List<Boolean> results = race(i -> storeFor(i).claimWrite(SUBNET, "etag-race", T0, HOUR));
        assertEquals(1, results.stream().filter(b -> b).count(), results.toString());
    }

    @Test
    void concurrentDeliveriesOfOneEventHaveOneWinner() throws Exception {
        List<Boolean> results = race(i -> storeFor(i).markEventProcessed("evt-race", T0, DAY));
        assertEquals(1, results.stream().filter(b -> b).count(), results.toString());
    }

    @Test
    void concurrentReclaimsOfAnExpiredClaimHaveOneWinner() throws Exception {
        store.claimWrite(SUBNET, "etag-race", T0, HOUR);
        store.claimAlert("alert-race", "fp-old", T0, HOUR);
        List<Boolean> writes = race(i -> storeFor(i).claimWrite(SUBNET, "etag-race", T0.plus(HOUR), HOUR));
        assertEquals(1, writes.stream().filter(b -> b).count(), "expired row replaced once: " + writes);
        List<Boolean> alerts = race(i -> storeFor(i).claimAlert("alert-race", "fp-new", T0.plusSeconds(1), HOUR));
        assertEquals(1, alerts.stream().filter(b -> b).count(), "new fingerprint claimed once: " + alerts);
    }

    @Test
    void concurrentRollbacksAreEachCountedOnce() throws Exception {
        store.recordRollback(SUBNET, T0.minusSeconds(60), WINDOW);
        List<Integer> counts = race(i -> storeFor(i).recordRollback(SUBNET, T0, WINDOW));
        List<Integer> expected = IntStream.rangeClosed(2, THREADS + 1).boxed().toList();
        assertEquals(expected, counts.stream().sorted().toList(), "every rollback saw a distinct count");
        assertEquals(THREADS + 1, store.rollbacksWithin(SUBNET, T0, WINDOW));
    }

    @Test
    void concurrentStatusSwapsFormOneChain() throws Exception {
        List<Optional<String>> previous = race(i -> storeFor(i).swapFindingStatus("finding-race", "s" + i, T0, DAY));
        // Linearisable swaps: exactly one saw nothing, every other saw a distinct predecessor.
        assertEquals(1, previous.stream().filter(Optional::isEmpty).count(), previous.toString());
        Set<String> seen = new HashSet<>();
        previous.stream().flatMap(Optional::stream).forEach(p -> assertTrue(seen.add(p), "seen twice: " + p));
        String last = store.swapFindingStatus("finding-race", "final", T0, DAY).orElseThrow();
        assertFalse(seen.contains(last), "the last status was nobody's predecessor");
        assertEquals(THREADS, seen.size() + 1);
    }

    private GuardStateStore storeFor(int thread) {
        return thread % 2 == 0 ? store : peer;
    }

    @FunctionalInterface
    interface Attempt<T> {
        T run(int thread) throws Exception;
    }

    /** Runs {@code attempt} on {@link #THREADS} threads released at once; results in thread order. */
    static <T> List<T> race(Attempt<T> attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int thread = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return attempt.run(thread);
                };
                futures.add(pool.submit(task));
            }
            ready.await();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
