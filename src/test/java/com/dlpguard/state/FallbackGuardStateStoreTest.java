package com.dlpguard.state;

import com.dlpguard.testsupport.AzuriteTable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static com.dlpguard.state.GuardStateStoreContract.DAY;
import static com.dlpguard.state.GuardStateStoreContract.HOUR;
import static com.dlpguard.state.GuardStateStoreContract.SUBNET;
import static com.dlpguard.state.GuardStateStoreContract.T0;
import static com.dlpguard.state.GuardStateStoreContract.WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard keeps working when its storage account does not answer, says so, and recovers. */
class FallbackGuardStateStoreTest {

    @Test
    void anUnreachableStoreDegradesToMemoryThatStillKeepsTheContract() throws Exception {
        FallbackGuardStateStore store = new FallbackGuardStateStore(AzuriteStores.unreachable());
        assertFalse(store.isDegraded());

        assertTrue(store.markEventProcessed("evt-1", T0, DAY));
        assertTrue(store.isDegraded(), "state unavailable is visible to alerts and logs");
        String reason = store.unavailableReason().orElseThrow();
        assertTrue(reason.contains("markEventProcessed") && reason.contains("cannot reach"), reason);
        assertFalse(reason.contains(AzuriteTable.ACCOUNT_KEY), reason);

        assertFalse(store.markEventProcessed("evt-1", T0.plusSeconds(1), DAY), "memory remembers the event");
        assertTrue(store.claimWrite(SUBNET, "etag-1", T0, HOUR));
        assertFalse(store.claimWrite(SUBNET, "etag-1", T0, HOUR));
        assertEquals(1, store.recordRollback(SUBNET, T0, WINDOW));
        assertEquals(2, store.recordRollback(SUBNET, T0.plusSeconds(5), WINDOW));
        assertTrue(store.claimAlert("a", "fp", T0, HOUR));
        assertFalse(store.claimAlert("a", "fp", T0, HOUR));
        assertEquals(Optional.empty(), store.swapFindingStatus("f", "violation", T0, DAY));
        assertEquals(Optional.of("violation"), store.swapFindingStatus("f", "pass", T0, DAY));
        store.saveSweepCursor("s", "c", T0, DAY);
        assertEquals(Optional.of("c"), store.sweepCursor("s", T0));
        assertEquals(3, store.purgeExpired(T0.plus(HOUR)), "write claim, alert and rollback history expired");
    }

    @Test
    void whileDegradedTheSharedStoreIsOnlyRetriedAfterTheCoolDown() throws Exception {
        RequestCounter requests = new RequestCounter();
        FallbackGuardStateStore store = new FallbackGuardStateStore(AzuriteStores.unreachable(requests), Duration.ofSeconds(30));
        store.markEventProcessed("evt-1", T0, DAY);
        int afterFirstFailure = requests.requests();
        assertTrue(afterFirstFailure >= 1);
        for (int i = 1; i < 20; i++) {
            store.markEventProcessed("evt-" + i, T0.plusSeconds(i), DAY);
        }
        assertEquals(afterFirstFailure, requests.requests(), "no request during the cool-down: no timeouts paid per event");
        store.markEventProcessed("evt-x", T0.plusSeconds(30), DAY);
        assertTrue(requests.requests() > afterFirstFailure, "tried again after the cool-down");
        assertTrue(store.isDegraded());
    }

    @Test
    void recoversWhenTheStorageAccountAnswersAgain() throws Exception {
        Instant now = T0;
        int port;
        FallbackGuardStateStore store;
        String table;
        try (AzuriteTable first = AzuriteTable.start()) {
            port = first.port();
            TableGuardStateStore shared = AzuriteStores.newTable(first);
            table = shared.tableName();
            store = new FallbackGuardStateStore(shared, Duration.ofSeconds(30));
            assertTrue(store.markEventProcessed("evt-before", now, DAY));
            assertFalse(store.isDegraded());
        }
        // Outage: the endpoint is gone.
        now = now.plusSeconds(1);
        assertTrue(store.markEventProcessed("evt-during", now, DAY));
        assertTrue(store.isDegraded());
        assertFalse(store.markEventProcessed("evt-during", now.plusSeconds(1), DAY), "deduplicated in memory");

        try (AzuriteTable second = AzuriteTable.startOnPort(port)) {
            now = now.plusSeconds(29);
            assertTrue(store.isDegraded(), "still in the cool-down");
            now = now.plusSeconds(1);
            // The restarted emulator lost the table: the store creates it again on first use.
            assertTrue(store.markEventProcessed("evt-after", now, DAY));
            assertFalse(store.isDegraded(), "healthy again");
            assertEquals(Optional.empty(), store.unavailableReason());
            TableGuardStateStore peer = AzuriteStores.store(second, table);
            assertFalse(peer.markEventProcessed("evt-after", now, DAY), "the mark went to the shared table");
        }
    }

    /** The contract through the fallback while the shared store is healthy (Azurite). */
    @Nested
    class HealthyOnAzurite extends GuardStateStoreContract {
        private String table;

        @Override
        protected GuardStateStore newStore() throws Exception {
            table = AzuriteStores.newTable(AzuriteTable.shared()).tableName();
            return new FallbackGuardStateStore(AzuriteStores.store(AzuriteTable.shared(), table));
        }

        @Override
        protected GuardStateStore peerOf(GuardStateStore store) {
            return new FallbackGuardStateStore(AzuriteStores.store(AzuriteTable.shared(), table));
        }

        @Test
        void aHealthyStoreIsNotDegraded() throws Exception {
            assertTrue(store().markEventProcessed("evt", T0, DAY));
            store().purgeExpired(T0);
            assertFalse(store().isDegraded());
        }
    }

    /** The contract through the fallback while the shared store is unreachable (memory). */
    @Nested
    class Unreachable extends GuardStateStoreContract {
        @Override
        protected GuardStateStore newStore() throws Exception {
            return new FallbackGuardStateStore(AzuriteStores.unreachable());
        }

        @Override
        protected GuardStateStore peerOf(GuardStateStore store) {
            return store;
        }
    }
}
