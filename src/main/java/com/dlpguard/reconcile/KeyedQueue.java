package com.dlpguard.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Coalescing and pacing per key, built like controller-runtime's workqueue: a key (a protected
 * subnet, later a workspace) is processed by at most one caller at a time; callers wanting a key
 * that is being processed wait for that run instead of racing its writes; unrelated keys never
 * wait for each other. The lock here guards only this bookkeeping and is never held while work
 * runs: there is no global reconcile lock.
 *
 * <p>Coverage: a caller arrives ({@link #arrive()}) and then needs, for each of its keys, one
 * <em>complete</em> run that <em>started strictly after it arrived</em> (ARM raises the event
 * after the change completed, so such a read reflects it). Arrival and run starts are ordered by
 * a sequence number of this queue, not by a clock: there is no skew and no tie to reason about.
 * A run that failed, or read a key only partly (403, outage), covers nobody for that key: the
 * waiting callers run it themselves. That is why an insider cannot hide a change behind a
 * partial read they provoked: the next event reads again.
 *
 * <p>Pacing (event deliveries only): while events keep arriving for a key whose last complete
 * run started less than {@code pace} ago (on the injected monotonic ticker), the caller waits
 * until the pace has passed, then one run covers every caller that waited with it. The first
 * event after a quiet spell runs at once. A waiting caller still returns only after a run that
 * covers its event: an acknowledged event always had its change looked at.
 *
 * @param <K> the key type ({@link ReconcileKey})
 */
final class KeyedQueue<K> {

    /** When a caller arrived, in this queue's order. */
    record Ticket(long sequence) {
    }

    /** What one run did: its result and the keys it read completely (they now cover earlier arrivals). */
    record Done<K, R>(R result, Set<K> complete) {
        Done {
            complete = Set.copyOf(complete);
        }
    }

    /** The work for a set of keys this caller now holds (a reconcile). */
    @FunctionalInterface
    interface Work<K, R, X extends Exception> {
        Done<K, R> run(Set<K> keys) throws X;
    }

    private static final class KeyState {
        boolean busy;
        /** Sequence at the start of the last complete run; 0: none yet. */
        long coveredFrom;
        /** Ticker at the start of the last complete run (pacing); meaningful when {@code paced}. */
        long startedNanos;
        boolean paced;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<K, KeyState> keys = new HashMap<>();
    private final long paceNanos;
    private final Optional<LongSupplier> ticker;
    private long sequence;

    /**
     * @param pace   zero: never wait for the pace
     * @param ticker a monotonic nanosecond source (the app passes {@code System::nanoTime}); needed
     *               when the pace is not zero, injected so this package never reads a clock itself
     */
    KeyedQueue(Duration pace, Optional<LongSupplier> ticker) {
        if (pace.isNegative()) {
            throw new IllegalArgumentException("pace must not be negative");
        }
        if (!pace.isZero() && ticker.isEmpty()) {
            throw new IllegalArgumentException("pacing needs a monotonic ticker");
        }
        this.paceNanos = pace.toNanos();
        this.ticker = ticker;
    }

    /** Takes a place in the order: runs that start after this cover the caller. */
    Ticket arrive() {
        lock.lock();
        try {
            return new Ticket(++sequence);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns once every key in {@code wanted} is covered for {@code arrival}: by someone else's
     * complete run, or by this caller's own run of the keys still uncovered (its result is returned;
     * empty when others covered everything). The caller runs only when all its uncovered keys are
     * free (and, if {@code paced}, past the pace), so its keys are read together, as one reconcile.
     * Its own run satisfies it even if incomplete (the result says what could not be read); only
     * other callers then read again.
     */
    <R, X extends Exception> Optional<R> process(Ticket arrival, Set<K> wanted, boolean paced, Work<K, R, X> work) throws X {
        boolean paceServed = !paced || paceNanos == 0;
        boolean interrupted = false;
        lock.lock();
        try {
            while (true) {
                Set<K> uncovered = uncovered(wanted, arrival);
                if (uncovered.isEmpty()) {
                    return Optional.empty();
                }
                boolean anyBusy = false;
                long paceWait = 0;
                for (K k : uncovered) {
                    KeyState s = state(k);
                    anyBusy |= s.busy;
                    if (!paceServed && s.paced) {
                        paceWait = Math.max(paceWait, s.startedNanos + paceNanos - ticker.orElseThrow().getAsLong());
                    }
                }
                if (anyBusy) {
                    // Someone is running one of these keys: its run may cover us, and racing its
                    // writes would only make one of them fail on If-Match.
                    changed.awaitUninterruptibly();
                    continue;
                }
                if (paceWait > 0) {
                    try {
                        if (changed.awaitNanos(Math.min(paceWait, paceNanos)) <= 0) {
                            paceServed = true; // waited the pace out: run now (also when the ticker stands still)
                        }
                    } catch (InterruptedException e) {
                        interrupted = true; // run at once rather than lose the event
                        paceServed = true;
                    }
                    continue;
                }
                return Optional.of(runHeld(uncovered, work));
            }
        } finally {
            lock.unlock();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Called with the lock held; releases it while the work runs. */
    private <R, X extends Exception> R runHeld(Set<K> mine, Work<K, R, X> work) throws X {
        long start = ++sequence;
        long startNanos = ticker.map(LongSupplier::getAsLong).orElse(0L);
        mine.forEach(k -> state(k).busy = true);
        Done<K, R> done = null;
        lock.unlock();
        try {
            done = work.run(mine);
            return done.result();
        } finally {
            lock.lock();
            for (K k : mine) {
                KeyState s = state(k);
                s.busy = false;
                if (done != null && done.complete().contains(k)) {
                    s.coveredFrom = start;
                    s.startedNanos = startNanos;
                    s.paced = ticker.isPresent();
                }
            }
            changed.signalAll();
        }
    }

    private Set<K> uncovered(Set<K> wanted, Ticket arrival) {
        Set<K> uncovered = new LinkedHashSet<>();
        for (K k : wanted) {
            KeyState s = keys.get(k);
            if (s == null || s.coveredFrom <= arrival.sequence()) {
                uncovered.add(k);
            }
        }
        return uncovered;
    }

    private KeyState state(K k) {
        return keys.computeIfAbsent(k, x -> new KeyState());
    }

    /** Keys being run right now (tests). */
    Set<K> busy() {
        lock.lock();
        try {
            Set<K> busy = new LinkedHashSet<>();
            keys.forEach((k, s) -> {
                if (s.busy) {
                    busy.add(k);
                }
            });
            return busy;
        } finally {
            lock.unlock();
        }
    }
}
