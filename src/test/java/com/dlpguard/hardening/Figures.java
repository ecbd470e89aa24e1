package com.dlpguard.hardening;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closing figures of one suite. {@code badWrites} and {@code crashes} must end at 0; each
 * carries the first few examples so a failure message says what happened.
 */
final class Figures {
    private final long seed;
    final AtomicLong payloadsFuzzed = new AtomicLong();
    final AtomicLong faultsInjected = new AtomicLong();
    final AtomicLong eventsPlayed = new AtomicLong();
    final AtomicLong writesMade = new AtomicLong();
    final AtomicLong badWrites = new AtomicLong();
    final AtomicLong crashes = new AtomicLong();
    private final List<String> badWriteExamples = Collections.synchronizedList(new ArrayList<>());
    private final List<String> crashExamples = Collections.synchronizedList(new ArrayList<>());

    Figures(long seed) {
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    void badWrite(String what) {
        badWrites.incrementAndGet();
        if (badWriteExamples.size() < 10) {
            badWriteExamples.add(what);
        }
    }

    void crash(String what) {
        crashes.incrementAndGet();
        if (crashExamples.size() < 10) {
            crashExamples.add(what);
        }
    }

    List<String> badWriteExamples() {
        return List.copyOf(badWriteExamples);
    }

    List<String> crashExamples() {
        return List.copyOf(crashExamples);
    }

    String describe() {
        return "payloads fuzzed " + payloadsFuzzed.get() + ", faults injected " + faultsInjected.get()
                + ", events played " + eventsPlayed.get() + ", writes made " + writesMade.get()
                + ", bad writes " + badWrites.get() + ", crashes " + crashes.get() + " (seed " + seed + ")";
    }

    String json() {
        return "\"payloadsFuzzed\":" + payloadsFuzzed.get() + ",\"faultsInjected\":" + faultsInjected.get()
                + ",\"eventsPlayed\":" + eventsPlayed.get() + ",\"writesMade\":" + writesMade.get()
                + ",\"badWrites\":" + badWrites.get() + ",\"crashes\":" + crashes.get();
    }
}
