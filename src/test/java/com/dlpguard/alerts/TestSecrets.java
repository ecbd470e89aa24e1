package com.dlpguard.alerts;

import java.util.List;

/** The secret values every alerts test configures; {@link LogCapture} fails a class whose output shows one. */
public final class TestSecrets {
    /** Stands for the {@code sig=} query parameter that authorises a Teams Workflows URL. */
    static final String TEAMS_SIG = "TeamsSig-4b7e1d0c9a8f6e5d4c3b2a19";
    /** Stands for an unguessable path segment of a generic webhook URL. */
    static final String WEBHOOK_TOKEN = "HookToken-0f1e2d3c4b5a69788796a5b4";
    static final String SIGNING_KEY = "SigningKey-d2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0";

    static final String TEAMS_PATH = "/workflows/3f2a/triggers/manual/paths/invoke?api-version=1&sig=" + TEAMS_SIG;
    static final String WEBHOOK_PATH = "/hooks/" + WEBHOOK_TOKEN + "/dlp";

    public static final List<String> ALL = List.of(TEAMS_SIG, WEBHOOK_TOKEN, SIGNING_KEY);

    private TestSecrets() {
    }
}
