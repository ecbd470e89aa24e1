package com.dlpguard.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** App settings → where state lives; secrets never printed. */
class StateSettingsTest {

    private static final String ENDPOINT = "https://stdlpguard.table.core.windows.net";
    private static final String KEY = "c2VjcmV0LWtleS1ub3QtdG8tYmUtcHJpbnRlZA==";
    private static final String CONNECTION = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + KEY
            + ";TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    @Test
    void anEndpointMeansManagedIdentityOnTheDefaultTable() {
        StateSettings s = StateSettings.from(Map.of(StateSettings.TABLE_ENDPOINT, ENDPOINT + "/",
                StateSettings.CLIENT_ID, "11111111-2222-3333-4444-555555555555"));
        assertTrue(s.isShared());
        assertEquals(Optional.of(ENDPOINT), s.endpoint(), "trailing slash dropped");
        assertEquals("dlpguardstate", s.tableName());
        assertEquals(Optional.of("11111111-2222-3333-4444-555555555555"), s.managedIdentityClientId());
        assertEquals(Optional.empty(), s.connectionString());
    }

    @Test
    void nothingSetMeansMemory() {
        StateSettings s = StateSettings.from(Map.of(StateSettings.TABLE_ENDPOINT, "  "));
        assertFalse(s.isShared());
        assertInstanceOf(InMemoryGuardStateStore.class, GuardStateStores.fromSettings(Map.of()));
    }

    @Test
    void sharedSettingsGiveTheTableStoreBehindTheFallbackWithoutIo() {
        GuardStateStore store = GuardStateStores.fromSettings(Map.of(StateSettings.TABLE_ENDPOINT, ENDPOINT,
                StateSettings.TABLE, "guardstate2"));
        assertInstanceOf(FallbackGuardStateStore.class, store);
        assertFalse(store.isDegraded());
        assertInstanceOf(FallbackGuardStateStore.class, GuardStateStores.fromSettings(Map.of(StateSettings.CONNECTION_STRING, CONNECTION)));
    }

    @Test
    void theConnectionStringIsNeverPrinted() {
        StateSettings s = StateSettings.from(Map.of(StateSettings.CONNECTION_STRING, CONNECTION));
        assertTrue(s.isShared());
        assertFalse(s.toString().contains(KEY), s.toString());
        assertTrue(s.toString().contains("redacted"), s.toString());
    }

    @Test
    void endpointAndConnectionStringTogetherAreAMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StateSettings.from(Map.of(
                StateSettings.TABLE_ENDPOINT, ENDPOINT, StateSettings.CONNECTION_STRING, CONNECTION)));
        assertFalse(e.getMessage().contains(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://stdlpguard.table.core.windows.net", "https://stdlpguard.table.core.windows.net?sv=2024&sig=abc",
            "stdlpguard.table.core.windows.net", "https://user:pw@stdlpguard.table.core.windows.net", "https://"})
    void theEndpointMustBeAPlainHttpsUrl(String endpoint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StateSettings.from(Map.of(StateSettings.TABLE_ENDPOINT, endpoint)));
        assertTrue(e.getMessage().contains(StateSettings.TABLE_ENDPOINT), e.getMessage());
        assertFalse(e.getMessage().contains("sig=abc") || e.getMessage().contains("pw@"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "1state", "dlp-guard-state", "tables", "a123456789012345678901234567890123456789012345678901234567890123"})
    void tableNamesFollowTableStorageRules(String name) {
        assertThrows(IllegalArgumentException.class,
                () -> StateSettings.from(Map.of(StateSettings.TABLE_ENDPOINT, ENDPOINT, StateSettings.TABLE, name)));
    }
}
