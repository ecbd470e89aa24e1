package com.dlpguard.reconcile;

import com.dlpguard.events.EventContext;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the guard still owes after the fight backoff deferred a critical restore. */
class DeferredRestoresTest {
    static final ResourceId A = ResourceId.parse("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a");
    static final ResourceId B = ResourceId.parse("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/b");
    static final Instant T0 = Instant.parse("2026-11-24T09:20:00Z");

    @Test
    void aDeferredKeyIsDueOnceAtItsTimeAndASettledKeyOwesNothing() {
        DeferredRestores d = new DeferredRestores();
        d.settle(Set.of(A), Optional.of(T0.plusSeconds(30)), EventContext.NONE);
        d.settle(Set.of(A), Optional.of(T0.plusSeconds(60)), EventContext.NONE);
        assertEquals(Optional.of(T0.plusSeconds(30)), d.nextDue(), "the earliest due time is kept");
        assertTrue(d.takeDue(T0.plusSeconds(29)).isEmpty());
        assertEquals(Set.of(A), d.takeDue(T0.plusSeconds(30)).orElseThrow().subnets());
        assertTrue(d.takeDue(T0.plusSeconds(31)).isEmpty(), "taken once");

        d.settle(Set.of(A, B), Optional.of(T0.plusSeconds(90)), EventContext.NONE);
        d.settle(Set.of(B), Optional.empty(), EventContext.NONE);
        assertEquals(Set.of(A), d.takeDue(T0.plusSeconds(90)).orElseThrow().subnets(), "B was reconciled with nothing held back");
        assertTrue(d.nextDue().isEmpty());
    }
}
