package com.dlpguard.state;

import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.TableEntity;
import com.dlpguard.testsupport.AzuriteTable;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.dlpguard.state.GuardStateStoreContract.DAY;
import static com.dlpguard.state.GuardStateStoreContract.HOUR;
import static com.dlpguard.state.GuardStateStoreContract.NSG;
import static com.dlpguard.state.GuardStateStoreContract.SUBNET;
import static com.dlpguard.state.GuardStateStoreContract.T0;
import static com.dlpguard.state.GuardStateStoreContract.WINDOW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the Table implementation has: its row layout, table creation, error mapping. */
class TableGuardStateStoreAzuriteTest {

    /** Characters PartitionKey and RowKey may not hold, plus anything outside printable ASCII. */
    private static final Pattern SAFE_KEY = Pattern.compile("[a-z0-9-]{3,72}");

    @Test
    void rowsAreSmallKeyedByHashAndAllExpire() throws Exception {
        AzuriteTable azurite = AzuriteTable.shared();
        TableGuardStateStore store = AzuriteStores.newTable(azurite);
        store.markEventProcessed("4f7b2c1e-aaaa-bbbb-cccc-0123456789ab", T0, DAY);
        store.claimWrite(SUBNET, "W/\"00000000-1111\"", T0, HOUR);
        for (int i = 0; i < 5; i++) {
            store.recordRollback(SUBNET, T0.plusSeconds(i), WINDOW);
        }
        store.claimAlert("DLP003|" + SUBNET, "fp", T0, HOUR);
        store.swapFindingStatus("DLP003|" + SUBNET, "violation", T0, DAY);
        store.saveSweepCursor("sweep/2025-03-01", "x".repeat(500), T0, DAY);
        store.recordRollback(NSG, T0, WINDOW);

        List<TableEntity> rows = rawClient(azurite, store.tableName()).listEntities().stream().toList();
        assertEquals(7, rows.size());
        Map<String, TableEntity> byKind = rows.stream().filter(r -> !r.getProperty("Subject").equals(NSG.toString()))
                .collect(Collectors.toMap(r -> (String) r.getProperty("Kind"), r -> r));
        assertEquals(Set.of("event", "write", "rollbacks", "alert", "finding", "sweep"), byKind.keySet());
        for (TableEntity row : rows) {
            assertTrue(SAFE_KEY.matcher(row.getPartitionKey()).matches(), row.getPartitionKey());
            assertTrue(SAFE_KEY.matcher(row.getRowKey()).matches(), row.getRowKey());
            assertInstanceOf(OffsetDateTime.class, row.getProperty("ExpiresAt"), "every row expires");
            assertTrue(((String) row.getProperty("Subject")).length() <= 256);
            int size = row.getProperties().values().stream().mapToInt(v -> String.valueOf(v).length()).sum();
            assertTrue(size < 1200, "small entity: " + size + " chars in " + row.getProperties().keySet());
        }
        assertEquals(byKind.get("write").getPartitionKey(), byKind.get("rollbacks").getPartitionKey(),
                "a resource's claims and history share its partition");
        TableEntity history = byKind.get("rollbacks");
        assertEquals("rbk", history.getRowKey());
        assertEquals(T0.plusSeconds(4).plus(WINDOW), ((OffsetDateTime) history.getProperty("ExpiresAt")).toInstant(),
                "history expires a window after its latest rollback");
        assertEquals(SUBNET.toString(), history.getProperty("Subject"));
        assertEquals(5, ((String) history.getProperty("Times")).split(",").length);
    }

    @Test
    void aMissingTableIsCreatedOnFirstUse() throws Exception {
        AzuriteTable azurite = AzuriteTable.shared();
        TableGuardStateStore store = AzuriteStores.store(azurite, AzuriteStores.uniqueTableName());
        assertTrue(store.markEventProcessed("first", T0, DAY));
        assertFalse(AzuriteStores.store(azurite, store.tableName()).markEventProcessed("first", T0, DAY));

        TableGuardStateStore readFirst = AzuriteStores.store(azurite, AzuriteStores.uniqueTableName());
        assertEquals(0, readFirst.rollbacksWithin(SUBNET, T0, WINDOW), "no table, no history");
        assertEquals(1, readFirst.recordRollback(SUBNET, T0, WINDOW));
        assertEquals(1, AzuriteStores.store(azurite, readFirst.tableName()).rollbacksWithin(SUBNET, T0, WINDOW));
    }

    @Test
    void purgePagesThroughMoreThanOneResultPage() throws Exception {
        TableGuardStateStore store = AzuriteStores.newTable(AzuriteTable.shared());
        int rows = 1_050; // a query page holds at most 1,000 entities
        for (int i = 0; i < rows; i++) {
            store.markEventProcessed("evt-" + i, T0, HOUR);
        }
        store.markEventProcessed("evt-live", T0, DAY);
        assertEquals(rows, store.purgeExpired(T0.plus(HOUR)));
        assertFalse(store.markEventProcessed("evt-live", T0.plus(HOUR), DAY));
    }

    @Test
    void anUnreachableEndpointIsStateUnavailableWithoutSecrets() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        TableGuardStateStore store = TableGuardStateStore.connect(StateSettings.from(Map.of(
                StateSettings.CONNECTION_STRING, "DefaultEndpointsProtocol=http;AccountName=" + AzuriteTable.ACCOUNT
                        + ";AccountKey=" + AzuriteTable.ACCOUNT_KEY + ";TableEndpoint=http://127.0.0.1:" + closed + "/"
                        + AzuriteTable.ACCOUNT + ";")));
        long started = System.nanoTime();
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> store.markEventProcessed("evt", T0, DAY));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(e.getMessage().contains("markEventProcessed"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot reach"), e.getMessage());
        assertNoSecret(e);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "fails fast, took " + took);
    }

    @Test
    void aRejectedKeyIsStateUnavailableWithoutSecrets() throws Exception {
        AzuriteTable azurite = AzuriteTable.shared();
        String wrongKey = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ==";
        TableGuardStateStore store = TableGuardStateStore.connect(StateSettings.from(Map.of(
                StateSettings.CONNECTION_STRING, azurite.connectionString().replace(AzuriteTable.ACCOUNT_KEY, wrongKey),
                StateSettings.TABLE, AzuriteStores.uniqueTableName())));
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> store.claimAlert("k", "fp", T0, DAY));
        assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
        assertNoSecret(e);
        assertFalse(trace(e).contains(wrongKey), "the rejected key is not in the trace");
    }

    @Test
    void noManagedIdentityIsStateUnavailable() {
        // Outside Azure there is no identity to sign in with: that must degrade, not crash the guard.
        TableGuardStateStore store = TableGuardStateStore.connect(StateSettings.from(Map.of(
                StateSettings.TABLE_ENDPOINT, "https://127.0.0.1:1",
                StateSettings.CLIENT_ID, "00000000-0000-0000-0000-000000000000")));
        long started = System.nanoTime();
        StateUnavailableException e = assertThrows(StateUnavailableException.class,
                () -> store.markEventProcessed("evt", T0, DAY));
        assertTrue(e.getMessage().startsWith("state table markEventProcessed failed: "), e.getMessage());
        System.out.println("without an identity: " + e.getMessage() + " after "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    @Test
    void aMalformedConnectionStringIsNotQuoted() {
        String secretish = "AccountKey=c2VjcmV0LXZhbHVl;NoEquals";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TableGuardStateStore.connect(
                StateSettings.from(Map.of(StateSettings.CONNECTION_STRING, secretish))));
        assertTrue(e.getMessage().contains(StateSettings.CONNECTION_STRING), e.getMessage());
        assertFalse(trace(e).contains("c2VjcmV0LXZhbHVl"), trace(e));
    }

    static void assertNoSecret(Throwable e) {
        String trace = trace(e);
        assertFalse(trace.contains(AzuriteTable.ACCOUNT_KEY), "account key in the exception chain:\n" + trace);
        assertFalse(trace.contains("AccountKey"), "connection string in the exception chain:\n" + trace);
    }

    static String trace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static TableClient rawClient(AzuriteTable azurite, String table) {
        return new TableClientBuilder().connectionString(azurite.connectionString()).tableName(table)
                .httpClient(TableGuardStateStore.httpClient()).buildClient();
    }
}
