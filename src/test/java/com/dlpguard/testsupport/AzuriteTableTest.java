package com.dlpguard.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher other suites rely on: loopback only, a free port, really stopped. */
@ExtendWith(AzuriteTable.Extension.class)
class AzuriteTableTest {

    @Test
    void startsOnLoopbackAndStopsForGood() {
        AzuriteTable azurite = AzuriteTable.start();
        int port = azurite.port();
        try {
            assertTrue(azurite.isRunning());
            assertTrue(accepts(port), "listening on 127.0.0.1:" + port);
            assertTrue(azurite.connectionString().contains("TableEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1"));
        } finally {
            azurite.close();
        }
        assertFalse(azurite.isRunning(), "process ended");
        assertFalse(accepts(port), "port released");
    }

    @Test
    void theExtensionHandsOutTheSharedInstance(AzuriteTable azurite) {
        assertSame(AzuriteTable.shared(), azurite);
        assertTrue(azurite.isRunning());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) Duration.ofSeconds(1).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
