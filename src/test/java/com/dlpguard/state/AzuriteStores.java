package com.dlpguard.state;

import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.data.tables.TableClientBuilder;
import com.dlpguard.testsupport.AzuriteTable;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Table stores on Azurite, built exactly as the app builds them, one fresh table per call. */
final class AzuriteStores {

    private static final AtomicInteger TABLES = new AtomicInteger();

    private AzuriteStores() {
    }

    static String uniqueTableName() {
        return "t" + ProcessHandle.current().pid() + "x" + TABLES.incrementAndGet();
    }

    static StateSettings settings(AzuriteTable azurite, String table) {
        return StateSettings.from(Map.of(
                StateSettings.CONNECTION_STRING, azurite.connectionString(),
                StateSettings.TABLE, table));
    }

    /** A separate client (own HTTP connection pool), as a second guard instance would have. */
    static TableGuardStateStore store(AzuriteTable azurite, String table, HttpPipelinePolicy... policies) {
        TableClientBuilder builder = TableGuardStateStore.clientBuilder(settings(azurite, table));
        for (HttpPipelinePolicy policy : policies) {
            builder.addPolicy(policy);
        }
        return new TableGuardStateStore(builder.buildClient());
    }

    /** A store whose endpoint refuses connections (nothing listens on the port). */
    static TableGuardStateStore unreachable(HttpPipelinePolicy... policies) throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        TableClientBuilder builder = TableGuardStateStore.clientBuilder(StateSettings.from(Map.of(
                StateSettings.CONNECTION_STRING, "DefaultEndpointsProtocol=http;AccountName=" + AzuriteTable.ACCOUNT
                        + ";AccountKey=" + AzuriteTable.ACCOUNT_KEY + ";TableEndpoint=http://127.0.0.1:" + closed + "/"
                        + AzuriteTable.ACCOUNT + ";")));
        for (HttpPipelinePolicy policy : policies) {
            builder.addPolicy(policy);
        }
        return new TableGuardStateStore(builder.buildClient());
    }

    static TableGuardStateStore newTable(AzuriteTable azurite) throws StateUnavailableException {
        TableGuardStateStore store = store(azurite, uniqueTableName());
        store.createTableIfMissing();
        return store;
    }
}
