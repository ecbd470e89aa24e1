package com.dlpguard.hardening;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Run settings shared by the hardening suites. Every suite draws its randomness from one seed,
 * printed first, so a failure replays with {@code -Ddlpguard.seed=N}. The default run is short
 * (it is part of {@code mvn verify}); {@code -Ddlpguard.soak=true} (or {@code DLPGUARD_SOAK=true})
 * runs the long soak.
 */
final class Hardening {
    static final String SEED_PROPERTY = "dlpguard.seed";
    static final String SOAK_PROPERTY = "dlpguard.soak";

    private Hardening() {
    }

    /** The suite's seed: the system property when set, else the suite's fixed default. Printed. */
    static long seed(String suite, long fixedDefault) {
        long seed = Optional.ofNullable(System.getProperty(SEED_PROPERTY)).filter(s -> !s.isBlank())
                .map(s -> Long.parseLong(s.trim())).orElse(fixedDefault);
        String line = "[hardening] " + suite + ": seed=" + seed + (soak() ? " (soak)" : "")
                + " -- replay with -D" + SEED_PROPERTY + "=" + seed;
        System.out.println(line);
        System.err.println(line);
        return seed;
    }

    static boolean soak() {
        return Boolean.parseBoolean(System.getProperty(SOAK_PROPERTY, "false"))
                || "true".equalsIgnoreCase(Optional.ofNullable(System.getenv("DLPGUARD_SOAK")).orElse(""));
    }

    /** {@code quick} in the default run, {@code soak} behind the flag. */
    static int scale(int quick, int soak) {
        return soak() ? soak : quick;
    }

    private static final Figures TOTAL = new Figures(0);

    /**
     * Prints the suite's figures and the running total of this test JVM (the last suite printed
     * gives the whole run's), and appends one line to target/hardening/figures.jsonl.
     */
    static synchronized void recordFigures(String suite, Figures figures) {
        TOTAL.payloadsFuzzed.addAndGet(figures.payloadsFuzzed.get());
        TOTAL.faultsInjected.addAndGet(figures.faultsInjected.get());
        TOTAL.eventsPlayed.addAndGet(figures.eventsPlayed.get());
        TOTAL.writesMade.addAndGet(figures.writesMade.get());
        TOTAL.badWrites.addAndGet(figures.badWrites.get());
        TOTAL.crashes.addAndGet(figures.crashes.get());
        String total = "[hardening] all suites so far: payloads fuzzed " + TOTAL.payloadsFuzzed.get() + ", faults injected "
                + TOTAL.faultsInjected.get() + ", events played " + TOTAL.eventsPlayed.get() + ", writes made "
                + TOTAL.writesMade.get() + ", bad writes " + TOTAL.badWrites.get() + ", crashes " + TOTAL.crashes.get()
                + ", secrets leaked " + Secrets.leaks() + " (" + Secrets.scannedItems() + " texts scanned)";
        System.out.println(total);
        System.err.println(total);
        String line = "{\"suite\":\"" + suite + "\",\"seed\":" + figures.seed() + ",\"soak\":" + soak() + ","
                + figures.json() + "}";
        System.out.println("[hardening] " + suite + " figures: " + figures.describe());
        System.err.println("[hardening] " + suite + " figures: " + figures.describe());
        try {
            Path dir = Path.of("target", "hardening");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("figures.jsonl"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[hardening] could not write figures: " + e.getClass().getSimpleName());
        }
    }

    static String shorten(String s, int max) {
        if (s == null) {
            return "null";
        }
        String flat = s.replace("\n", "\\n").replace("\r", "\\r");
        return flat.length() <= max ? flat : flat.substring(0, max) + "…(" + s.length() + " chars)";
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
