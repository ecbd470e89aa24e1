package com.dlpguard.events;

import com.dlpguard.events.eventgrid.EventPayloadParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventPayloadParserTest {
    /** Copies of ../shared/fixtures/eventgrid, kept in the repository so a clean clone tests them. */
    static final Path FIXTURES = Path.of("src/test/resources/shared-fixtures/eventgrid");

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void everyRealPayloadParsesIntoValidEvents(Path fixture) throws Exception {
        List<ParsedEvent> events = EventPayloadParser.parse(Files.readAllBytes(fixture));
        assertFalse(events.isEmpty(), fixture.toString());
        for (ParsedEvent e : events) {
            ParsedEvent.Valid valid = assertInstanceOf(ParsedEvent.Valid.class, e, () -> fixture + ": " + e);
            ResourceEvent event = valid.event();
            assertTrue(event.eventType().startsWith("Microsoft.Resources.Resource"), event.eventType());
            assertTrue(event.subject().startsWith("/subscriptions/"), event.subject());
            assertTrue(event.operationName().isPresent(), "operationName of " + fixture);
            assertTrue(event.correlationId().isPresent(), "correlationId of " + fixture);
        }
    }

    @Test
    void cloudEventsWithCamelCaseSpecVersionAreAccepted() throws Exception {
        List<ParsedEvent> events = EventPayloadParser.parse(Files.readAllBytes(
                fixtures().filter(p -> p.getFileName().toString().startsWith("cloudevents-resourceDelete")).findFirst().orElseThrow()));
        ResourceEvent e = ((ParsedEvent.Valid) events.get(0)).event();
        assertEquals("Microsoft.Resources.ResourceDeleteSuccess", e.eventType());
        assertEquals("{IP-address}", e.context().clientIp().orElseThrow());
    }

    @Test
    void claimsEncodedAsJsonStringsAreDecoded() throws Exception {
        String payload = """
                [{"id":"e1","subject":"/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/a",
                  "eventType":"Microsoft.Resources.ResourceWriteSuccess","eventTime":"2026-11-24T10:00:00Z","dataVersion":"2",
                  "data":{"operationName":"Microsoft.Network/virtualNetworks/subnets/write","status":"Succeeded",
                          "claims":"{\\"appid\\":\\"abc\\",\\"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn\\":\\"a@b.c\\"}",
                          "authorization":"{\\"evidence\\":{\\"principalId\\":\\"0011aabb\\"}}",
                          "httpRequest":"{\\"clientIpAddress\\":\\"198.51.100.1\\"}"}}]""";
        ResourceEvent e = ((ParsedEvent.Valid) EventPayloadParser.parse(payload).get(0)).event();
        assertEquals("abc", e.claim("appid").orElseThrow());
        assertEquals("a@b.c", e.context().actorUpn().orElseThrow());
        assertEquals("0011aabb", e.principalId().orElseThrow());
        assertEquals("198.51.100.1", e.clientIp().orElseThrow());
    }

    @Test
    void aMalformedElementDoesNotTakeTheBatchWithIt() throws Exception {
        String good = Files.readString(fixtures().filter(p -> p.toString().contains("WriteSuccess-storage-egschema")).findFirst().orElseThrow());
        String payload = "[" + good + ", 42, {\"id\":\"x\",\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\"}, " + good + "]";
        List<ParsedEvent> events = EventPayloadParser.parse(payload);
        assertEquals(4, events.size());
        assertInstanceOf(ParsedEvent.Valid.class, events.get(0));
        assertInstanceOf(ParsedEvent.Malformed.class, events.get(1));
        ParsedEvent.Malformed m = assertInstanceOf(ParsedEvent.Malformed.class, events.get(2));
        assertEquals("x", m.id());
        assertInstanceOf(ParsedEvent.Valid.class, events.get(3));
    }

    @Test
    void notJsonOrNotEventsIsRejectedAsAWhole() {
        assertThrows(EventPayloadException.class, () -> EventPayloadParser.parse("not json"));
        assertThrows(EventPayloadException.class, () -> EventPayloadParser.parse("\"a string\""));
        assertThrows(EventPayloadException.class, () -> EventPayloadParser.parse("{\"hello\":1}"));
        assertThrows(EventPayloadException.class, () -> EventPayloadParser.parse("[{\"a\":1},]"));
        assertThrows(EventPayloadException.class, () -> EventPayloadParser.parse(new byte[]{'[', (byte) 0xC3, (byte) 0x28, ']'}));
        EventPayloadException dup = assertThrows(EventPayloadException.class,
                () -> EventPayloadParser.parse("{\"id\":\"a\",\"id\":\"b\",\"eventType\":\"x\"}"));
        assertTrue(dup.getMessage().contains("duplicate key"), dup.getMessage());
    }

    @Test
    void aDuplicateKeyInsideAnArrayMakesOnlyThatEventMalformed() throws Exception {
        List<ParsedEvent> events = EventPayloadParser.parse("[{\"id\":\"a\",\"id\":\"b\",\"eventType\":\"x\"}]");
        ParsedEvent.Malformed m = assertInstanceOf(ParsedEvent.Malformed.class, events.get(0));
        assertTrue(m.reason().contains("duplicate key"), m.reason());
    }

    @Test
    void anEmptyArrayIsNoEvents() throws Exception {
        assertTrue(EventPayloadParser.parse("[]".getBytes(StandardCharsets.UTF_8)).isEmpty());
    }
}
