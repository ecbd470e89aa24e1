package com.dlpguard.plan;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PriorityPickerTest {

    @Test
    void theNumberJustBelowTheBlockerWhenFree() {
        assertEquals(OptionalInt.of(3999), PriorityPicker.pick(Set.of(4000), Optional.of(4000)));
    }

    @Test
    void skipsTakenNumbers() {
        assertEquals(OptionalInt.of(3998), PriorityPicker.pick(Set.of(3999, 4000), Optional.of(4000)));
        assertEquals(OptionalInt.of(3995), PriorityPicker.pick(Set.of(3996, 3997, 3998, 3999), Optional.of(4000)));
    }

    @Test
    void aDefaultRuleBlockerGivesTheHighestFreeCustomNumber() {
        assertEquals(OptionalInt.of(4096), PriorityPicker.pick(Set.of(100, 4000), Optional.of(65000)));
        assertEquals(OptionalInt.of(4095), PriorityPicker.pick(Set.of(4096), Optional.of(65500)));
    }

    @Test
    void nothingBlockingGivesTheHighestFreeCustomNumber() {
        assertEquals(OptionalInt.of(4096), PriorityPicker.pick(Set.of(), Optional.empty()));
    }

    @Test
    void theCustomRangeBounds() {
        assertEquals(OptionalInt.of(4095), PriorityPicker.pick(Set.of(), Optional.of(4096)));
        assertEquals(OptionalInt.of(100), PriorityPicker.pick(Set.of(), Optional.of(101)));
        assertEquals(OptionalInt.empty(), PriorityPicker.pick(Set.of(), Optional.of(100)));
        assertEquals(OptionalInt.empty(), PriorityPicker.pick(Set.of(100), Optional.of(101)));
    }

    @Test
    void aFullRangeBelowTheBlockerHasNoAnswer() {
        Set<Integer> full = IntStream.range(100, 200).boxed().collect(Collectors.toSet());
        assertEquals(OptionalInt.empty(), PriorityPicker.pick(full, Optional.of(200)));
    }
}
