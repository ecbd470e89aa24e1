package com.dlpguard.plan;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Chooses the priority of a restored allow rule: the highest free number below the rule that blocks
 * the traffic, so the new rule precedes the blocker and nothing else (every rule that came before
 * the blocker still comes before the new rule).
 *
 * <p>Custom rules take 100-4096; the default rules (65000+) sit above that range, so when the blocker
 * is a default rule, or nothing blocks, the new rule takes the highest free custom number. Azure
 * requires priorities to be unique per direction only, so {@code taken} holds the priorities of the
 * NSG's rules in the new rule's direction.
 */
public final class PriorityPicker {
    public static final int LOWEST_CUSTOM = 100;
    public static final int HIGHEST_CUSTOM = 4096;

    private PriorityPicker() {
    }

    public static OptionalInt pick(Set<Integer> taken, Optional<Integer> blockingPriority) {
        int upper = blockingPriority.filter(b -> b <= HIGHEST_CUSTOM).map(b -> b - 1).orElse(HIGHEST_CUSTOM);
        for (int p = upper; p >= LOWEST_CUSTOM; p--) {
            if (!taken.contains(p)) {
                return OptionalInt.of(p);
            }
        }
        return OptionalInt.empty();
    }
}
