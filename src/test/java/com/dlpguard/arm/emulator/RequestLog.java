package com.dlpguard.arm.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Every request the emulator received, in arrival order, for read-cost and safety assertions.
 * Holds whether an Authorization header was presented and accepted, never its value.
 */
public final class RequestLog {

    /** What a request addressed: one resource, a collection (list page) or a long-running operation's status. */
    public enum Kind { RESOURCE, LIST, OPERATION, OTHER }

    /**
     * {@code status} 0 means the connection was dropped without an answer; {@code fault} names the
     * injected fault, if any.
     */
    public record Entry(String method, String path, String query, Kind kind, int status, boolean ifMatch,
                        boolean ifNoneMatch, boolean authorized, Optional<String> fault) {
        public Entry {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(fault, "fault");
        }

        public boolean isRead() {
            return method.equals("GET");
        }

        public boolean isWrite() {
            return method.equals("PUT") || method.equals("DELETE") || method.equals("PATCH");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + (ifMatch ? " [If-Match]" : "")
                    + (ifNoneMatch ? " [If-None-Match]" : "") + fault.map(f -> " {" + f + "}").orElse("");
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    /** {@code System.nanoTime()} when each entry was answered (benchmarks: when ARM accepted a write). */
    private final List<Long> answeredAt = new ArrayList<>();

    synchronized void add(Entry entry) {
        entries.add(entry);
        answeredAt.add(System.nanoTime());
    }

    /**
     * {@code System.nanoTime()} at which the first entry matching {@code predicate} was answered.
     * On Linux that clock is CLOCK_MONOTONIC, shared by every JVM on the machine, so a benchmark's
     * child process can compare it with its own.
     */
    public synchronized Optional<Long> firstAnsweredAt(Predicate<Entry> predicate) {
        for (int i = 0; i < entries.size(); i++) {
            if (predicate.test(entries.get(i))) {
                return Optional.of(answeredAt.get(i));
            }
        }
        return Optional.empty();
    }

    public synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    public synchronized void clear() {
        entries.clear();
        answeredAt.clear();
    }

    public synchronized long count(Predicate<Entry> predicate) {
        return entries.stream().filter(predicate).count();
    }

    public long count(String method) {
        return count(e -> e.method().equals(method));
    }

    /** Requests with {@code method} whose path matches {@code pathRegex} whole, case-insensitively. */
    public synchronized List<Entry> matching(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
        return entries.stream().filter(e -> e.method().equals(method) && p.matcher(e.path()).matches()).toList();
    }

    public long reads() {
        return count(Entry::isRead);
    }

    public long writes() {
        return count(Entry::isWrite);
    }

    /** Reads of one resource (GETs that are neither list pages nor operation polls). */
    public long resourceGets() {
        return count(e -> e.isRead() && e.kind() == Kind.RESOURCE);
    }

    public long listGets() {
        return count(e -> e.isRead() && e.kind() == Kind.LIST);
    }

    public synchronized String describe() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e).append('\n');
        }
        return sb.toString();
    }
}
