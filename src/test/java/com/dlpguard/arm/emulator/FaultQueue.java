package com.dlpguard.arm.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Faults waiting for a request: the first queued entry whose method and path pattern match a
 * request is consumed (each entry fires {@code times} times). Paths are matched whole,
 * case-insensitively, without the query string.
 */
public final class FaultQueue {
    private static final class Entry {
        final String method;
        final Pattern path;
        final Fault fault;
        int remaining;

        Entry(String method, Pattern path, Fault fault, int remaining) {
            this.method = method;
            this.path = path;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** {@code method} is an HTTP method or {@code *}; {@code pathRegex} must match the whole path. */
    public synchronized FaultQueue add(String method, String pathRegex, Fault fault, int times) {
        if (times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        entries.add(new Entry(method.toUpperCase(Locale.ROOT),
                Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), fault, times));
        return this;
    }

    public FaultQueue add(String method, String pathRegex, Fault fault) {
        return add(method, pathRegex, fault, 1);
    }

    synchronized Optional<Fault> take(String method, String path) {
        Iterator<Entry> it = entries.iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if ((e.method.equals("*") || e.method.equalsIgnoreCase(method)) && e.path.matcher(path).matches()) {
                if (--e.remaining == 0) {
                    it.remove();
                }
                return Optional.of(e.fault);
            }
        }
        return Optional.empty();
    }

    /** Faults not yet fired: a test asserting that its fault was exercised checks this is zero. */
    public synchronized int pending() {
        return entries.stream().mapToInt(e -> e.remaining).sum();
    }

    public synchronized void clear() {
        entries.clear();
    }
}
