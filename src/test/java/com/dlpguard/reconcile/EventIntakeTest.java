package com.dlpguard.reconcile;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.EventDecision;
import com.dlpguard.events.Topology;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.model.ResourceId;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events to keys: routing, redelivery de-duplication and its release, event-time coalescing. */
class EventIntakeTest {
    static final ResourceId SUBNET = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/"
            + "ml-network-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    final InMemoryGuardStateStore state = new InMemoryGuardStateStore();
    final List<EventDecision> logged = new ArrayList<>();
    final EventIntake intake;

    EventIntakeTest() throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        intake = new EventIntake(config, state, clock, GuardPolicy.defaults());
    }

    static String event(String id, String time) throws Exception {
        JsonObject e = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")))
                .getAsJsonArray().get(0).getAsJsonObject();
        e.addProperty("id", id);
        e.addProperty("eventTime", time);
        return e.toString();
    }

    EventIntake.Intake take(String payload) throws Exception {
        return intake.take(EventPayloadParser.parse(payload), Topology.UNKNOWN, id -> { }, logged::add);
    }

    @Test
    void anAcceptedEventBecomesItsSubnetAndIsMarked() throws Exception {
        EventIntake.Intake in = take(event("e-1", "2026-11-24T09:19:00Z"));
        assertEquals(Set.of(ReconcileKey.subnet(SUBNET)), in.keys());
        assertEquals(List.of("e-1"), in.markedIds());
        assertTrue(in.context().actor().orElseThrow().contains("mallory"));
        assertEquals(1, logged.size(), "every event is logged once");
    }

    @Test
    void aRedeliveryIsDroppedUntilReleased() throws Exception {
        take(event("e-1", "2026-11-24T09:19:00Z"));
        EventIntake.Intake again = take(event("e-1", "2026-11-24T09:19:00Z"));
        assertTrue(again.keys().isEmpty());
        assertFalse(again.decisions().get(0).accepted());
        assertTrue(again.decisions().get(0).reason().contains("duplicate"));
        intake.release(List.of("e-1"));
        assertEquals(Set.of(ReconcileKey.subnet(SUBNET)), take(event("e-1", "2026-11-24T09:19:00Z")).keys(), "a failed delivery's redelivery is handled");
    }

    @Test
    void anEventOlderThanTheLastCompleteReadIsCoalesced() throws Exception {
        intake.readCompleted(Set.of(ReconcileKey.subnet(SUBNET)), Instant.parse("2026-11-24T09:20:00Z"));
        EventIntake.Intake old = take(event("e-old", "2026-11-24T09:19:00Z"));
        assertTrue(old.keys().isEmpty());
        assertTrue(old.decisions().get(0).accepted());
        assertTrue(old.decisions().get(0).reason().contains("coalesced"));
        // Within the clock skew of the read: read again (skew only ever makes the guard read more).
        assertEquals(Set.of(ReconcileKey.subnet(SUBNET)), take(event("e-skew", "2026-11-24T09:19:59Z")).keys());
        assertEquals(Set.of(ReconcileKey.subnet(SUBNET)), take(event("e-new", "2026-11-24T09:21:00Z")).keys());
    }
}
