package com.dlpguard.hardening;

import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The payloads the event fuzzer found, kept as plain regression cases. */
class EventParserRegressionTest {

    static String valid(String id) {
        JsonObject e = new EventMutator(new java.util.Random(1)).sentinel(id, "2026-11-24T09:30:00Z");
        return e.toString();
    }

    /** The Event Grid SDK's reader looped forever on these (a non-string where it reads a string). */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"eventType\":[]}",
            "[{\"eventType\":[]}]",
            "{\"id\":\"1\",\"subject\":\"/x\",\"eventType\":\"T\",\"eventTime\":\"2026-11-24T09:14:03Z\",\"data\":{},\"dataVersion\":[],\"metadataVersion\":\"1\"}",
            "{\"id\":\"1\",\"source\":\"/s\",\"type\":\"T\",\"subject\":\"/x\",\"data\":{},\"specVersion\":\"1.0\",\"time\":[]}",
            "{\"id\":\"1\",\"source\":\"/s\",\"type\":\"T\",\"subject\":\"/x\",\"data\":{},\"SPECVERSION\":[]}"})
    void aWronglyTypedEnvelopeAttributeIsMalformedNotAHang(String payload) {
        List<ParsedEvent> events = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> EventPayloadParser.parse(payload));
        assertEquals(1, events.size());
        ParsedEvent.Malformed m = assertInstanceOf(ParsedEvent.Malformed.class, events.get(0));
        assertTrue(m.reason().contains("not a string"), m.reason());
    }

    @Test
    void anOverDeepEventDoesNotTakeItsValidNeighbourDown() throws Exception {
        JsonObject deep = JsonParser.parseString(valid("deep-1")).getAsJsonObject();
        JsonArray nest = new JsonArray();
        JsonArray inner = nest;
        for (int i = 0; i < 300; i++) {
            JsonArray next = new JsonArray();
            inner.add(next);
            inner = next;
        }
        deep.getAsJsonObject("data").add("nested", nest);
        String payload = "[" + deep + "," + valid("ok-1") + "]";
        List<ParsedEvent> events = EventPayloadParser.parse(payload);
        assertEquals(2, events.size());
        ParsedEvent.Malformed m = assertInstanceOf(ParsedEvent.Malformed.class, events.get(0));
        assertEquals("deep-1", m.id(), "named by its id");
        assertTrue(m.reason().contains("nested deeper"), m.reason());
        assertInstanceOf(ParsedEvent.Valid.class, events.get(1));
    }

    @Test
    void aDuplicateKeyIsConfinedToItsEvent() throws Exception {
        String dup = valid("dup-1").replaceFirst("\"subject\"", "\"subject\":\"/elsewhere\",\"subject\"");
        List<ParsedEvent> events = EventPayloadParser.parse("[" + valid("ok-2") + "," + dup + "]");
        assertInstanceOf(ParsedEvent.Valid.class, events.get(0));
        ParsedEvent.Malformed m = assertInstanceOf(ParsedEvent.Malformed.class, events.get(1));
        assertTrue(m.reason().contains("duplicate key 'subject'"), m.reason());
    }

    @Test
    void aSyntaxErrorStillRejectsTheWholeDelivery() {
        String broken = "[" + valid("ok-3") + ", {\"id\": NaN}]";
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(com.dlpguard.events.EventPayloadException.class,
                () -> EventPayloadParser.parse(broken));
        assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
    }

    @Test
    void aLoneOverDeepEventIsStillNotJson() {
        String deep = "{\"eventType\":\"x\",\"data\":" + "[".repeat(100) + "]".repeat(100) + "}";
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(com.dlpguard.events.EventPayloadException.class,
                () -> EventPayloadParser.parse(deep));
        assertTrue(e.getMessage().contains("nested deeper"), e.getMessage());
    }
}
