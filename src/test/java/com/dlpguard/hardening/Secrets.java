package com.dlpguard.hardening;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fake but realistic secrets every suite configures (Teams Workflows URL with its {@code sig=},
 * the webhook signing secret, a bearer token, a function key), and the scanner that looks for them
 * in everything the suites capture: every java.util.logging record (root handler, see
 * {@link CapturedLogs}), every decision and audit line, every CLI stdout/stderr, every HTTP answer.
 *
 * <p>A leak is searched for as the raw value and as its URL-encoded and Base64 forms, and the
 * Teams URL by its signature alone (a log that prints "…&sig=…" leaks it even without the host).
 */
final class Secrets {
    /** The signature part of the Teams Workflows URL: what makes the URL a secret. */
    static final String TEAMS_SIG = "q7Vw3xZk9LmN2pR5tY8bC1dF4gH6jK0sA3eU5iO7aQ";
    static final String TEAMS_PATH = "/workflows/5b0f3f0e8d2c4b6a9e1d7c3f2a8b4e6d/triggers/manual/paths/invoke";
    static final String TEAMS_QUERY = "?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=" + TEAMS_SIG;
    static final String WEBHOOK_SECRET = "whsec_9c4e1b7a2f6d8e3c5a0b9d7f1e2c4a6b8d0f3e5a";
    static final String WEBHOOK_PATH = "/hooks/dlp-guard/4f2a9c";
    static final String BEARER_TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiIsImtpZCI6ImhhcmRlbmluZy1mYWtlIn0"
            + ".eyJhdWQiOiJodHRwczovL21hbmFnZW1lbnQuYXp1cmUuY29tLyIsImlzcyI6ImZha2UiLCJvaWQiOiJoYXJkZW5pbmcifQ"
            + ".c2lnbmF0dXJlLW9mLWEtZmFrZS10b2tlbi1mb3ItdGhlLWhhcmRlbmluZy1zdWl0ZXMtMDEyMzQ1Njc4OQ";
    static final String FUNCTION_KEY = "Fk3u9Q_hX2vB7nM4pL8sD1gJ6tY0wE5rZc-aVbNkQm7x==";
    /** A storage key as it would appear in a Table connection string (not Azurite's public one). */
    static final String STORAGE_KEY = "Zm9vYmFyU2VjcmV0S2V5Rm9ySGFyZGVuaW5nU3VpdGVzMDEyMzQ1Njc4OTAxMjM0NTY3ODk=";

    private static final List<String> NEEDLES = needles();
    private static final AtomicLong SCANNED_ITEMS = new AtomicLong();
    private static final AtomicLong SCANNED_CHARS = new AtomicLong();
    private static final AtomicLong LEAKS = new AtomicLong();
    private static final List<String> LEAK_EXAMPLES = Collections.synchronizedList(new ArrayList<>());

    private Secrets() {
    }

    private static List<String> needles() {
        List<String> raw = List.of(TEAMS_SIG, WEBHOOK_SECRET, BEARER_TOKEN, FUNCTION_KEY, STORAGE_KEY);
        List<String> out = new ArrayList<>();
        for (String s : raw) {
            out.add(s);
            out.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            out.add(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
            // A JSON renderer may escape '=' or '/' but never the first 16 characters of these values.
            out.add(s.substring(0, 16));
        }
        return List.copyOf(out);
    }

    /**
     * The app settings every suite's guard is wired from (as Azure hands them over), with the
     * alert sinks pointed at {@code receiverBase} (a loopback receiver) and the guard's config.
     */
    static Map<String, String> environment(String receiverBase, String configPath, boolean dryRun) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DLP_GUARD_CONFIG_PATH", configPath);
        env.put("DLP_GUARD_DRY_RUN", Boolean.toString(dryRun));
        env.put("DLP_GUARD_IDENTITY_IDS", Rig.GUARD_APP_ID + "," + Rig.GUARD_OBJECT_ID);
        env.put("DLP_GUARD_TEAMS_WEBHOOK_URL", receiverBase + TEAMS_PATH + TEAMS_QUERY);
        env.put("DLP_GUARD_WEBHOOK_URL", receiverBase + WEBHOOK_PATH);
        env.put("DLP_GUARD_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("DLP_GUARD_ALERT_DEDUPE_MINUTES", "60");
        // Not read by the in-memory wiring, but present as in Azure: nothing may echo them.
        env.put("IDENTITY_HEADER", BEARER_TOKEN);
        env.put("DLP_GUARD_ARM_TOKEN", BEARER_TOKEN);
        env.put("DLP_GUARD_STATE_CONNECTION_STRING", "DefaultEndpointsProtocol=https;AccountName=dlpguardstate;AccountKey="
                + STORAGE_KEY + ";EndpointSuffix=core.windows.net");
        return env;
    }

    /** Where in {@code text} a secret (in any of its forms) starts, or -1. */
    static int find(String text) {
        if (text == null) {
            return -1;
        }
        for (String needle : NEEDLES) {
            int at = text.indexOf(needle);
            if (at >= 0) {
                return at;
            }
        }
        return -1;
    }

    /** Scans one captured text; a leak is counted and its source kept for the failure message. */
    static void scan(String source, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        SCANNED_ITEMS.incrementAndGet();
        SCANNED_CHARS.addAndGet(text.length());
        int at = find(text);
        if (at >= 0) {
            LEAKS.incrementAndGet();
            if (LEAK_EXAMPLES.size() < 10) {
                // The example shows what precedes the secret, never the secret itself.
                LEAK_EXAMPLES.add(source + ": …" + Hardening.shorten(text.substring(Math.max(0, at - 100), at), 200) + "[SECRET]");
            }
        }
    }

    static long leaks() {
        return LEAKS.get();
    }

    static List<String> leakExamples() {
        return List.copyOf(LEAK_EXAMPLES);
    }

    static long scannedItems() {
        return SCANNED_ITEMS.get();
    }

    static long scannedChars() {
        return SCANNED_CHARS.get();
    }
}
