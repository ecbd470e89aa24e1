package com.dlpguard.state;

import java.util.Map;

/** Picks the state store from app settings; the app's wiring calls this once per instance. */
public final class GuardStateStores {

    private GuardStateStores() {
    }

    /**
     * Table Storage behind the in-memory fallback when {@link StateSettings#isShared()}, otherwise
     * memory alone (CLI, single local instance). Does no I/O; invalid settings throw
     * {@link IllegalArgumentException} naming the setting, never its secret value.
     */
    public static GuardStateStore fromSettings(Map<String, String> settings) {
        StateSettings parsed = StateSettings.from(settings);
        return parsed.isShared()
                ? new FallbackGuardStateStore(TableGuardStateStore.connect(parsed))
                : new InMemoryGuardStateStore();
    }
}
