package com.dlpguard.state;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The rollback list both stores keep per resource: pruned to the window, bounded in size, actors kept. */
final class RollbackHistory {

    private RollbackHistory() {
    }

    /** {@code existing} pruned to {@code window} before {@code now}, plus {@code added}; sorted, at most {@link GuardStateStore#ROLLBACK_HISTORY_LIMIT}. */
    static List<RollbackEntry> record(Collection<RollbackEntry> existing, RollbackEntry added, Duration window) {
        Instant from = added.at().minus(window);
        List<RollbackEntry> entries = new ArrayList<>(existing.size() + 1);
        for (RollbackEntry e : existing) {
            if (!e.at().isBefore(from)) {
                entries.add(e);
            }
        }
        entries.add(added);
        entries.sort(Comparator.comparing(RollbackEntry::at));
        // Oldest first out: a fight is decided by the recent rollbacks, and the entity stays small.
        return entries.size() > GuardStateStore.ROLLBACK_HISTORY_LIMIT
                ? List.copyOf(entries.subList(entries.size() - GuardStateStore.ROLLBACK_HISTORY_LIMIT, entries.size()))
                : List.copyOf(entries);
    }

    /** Entries within {@code [now - window, now]}, oldest first. */
    static List<RollbackEntry> within(Collection<RollbackEntry> entries, Instant now, Duration window) {
        Instant from = now.minus(window);
        return entries.stream().filter(e -> !e.at().isBefore(from) && !e.at().isAfter(now))
                .sorted(Comparator.comparing(RollbackEntry::at)).toList();
    }
}
