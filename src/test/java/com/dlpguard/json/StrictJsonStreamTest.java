package com.dlpguard.json;

import com.google.gson.JsonElement;
import com.google.gson.internal.LazilyParsedNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streaming reader of ARM pages ({@link StrictJson#parseObjectMembers}) keeps every rule of the
 * whole-document parser while the document goes by: what {@link StrictJson#parse(byte[])} rejects,
 * it rejects too (at the same JSON path), and an array's elements arrive one by one.
 */
class StrictJsonStreamTest {

    /** What a list-page reader sees: elements of "value" as they come, every other member as a tree. */
    private record Seen(List<JsonElement> elements, Map<String, JsonElement> members, List<String> order) {
    }

    private static Seen read(byte[] bytes) throws JsonInputException {
        Seen seen = new Seen(new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>());
        boolean object = StrictJson.parseObjectMembers(new ByteArrayInputStream(bytes), member -> {
            seen.order().add(member.name());
            if (member.name().equals("value") && member.elements(seen.elements()::add)) {
                return;
            }
            seen.members().put(member.name(), member.tree());
        });
        assertTrue(object, "the top level is an object");
        return seen;
    }

    private static Seen read(String text) throws JsonInputException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void elementsArriveInOrderAndEqualTheWholeDocumentParse() throws Exception {
        String page = "{\"value\":[{\"id\":\"a\",\"n\":1.50},{\"id\":\"b\",\"p\":{\"q\":[true,null]}}],"
                + "\"nextLink\":\"https://next\",\"count\":2}";
        Seen seen = read(page);
        assertEquals(StrictJson.parse(page).getAsJsonObject().getAsJsonArray("value").asList(), seen.elements());
        assertEquals(List.of("value", "nextLink", "count"), seen.order());
        assertEquals("https://next", seen.members().get("nextLink").getAsString());
        // Numbers stay as written (1.50 is not 1.5): rules compare them as text.
        assertInstanceOf(LazilyParsedNumber.class, seen.elements().get(0).getAsJsonObject().get("n").getAsNumber());
        assertEquals("1.50", seen.elements().get(0).getAsJsonObject().get("n").getAsString());
    }

    @Test
    void nextLinkIsReadBeforeOrAfterTheValue() throws Exception {
        Seen before = read("{\"nextLink\":\"https://n\",\"value\":[{\"id\":\"a\"}]}");
        Seen after = read("{\"value\":[{\"id\":\"a\"}],\"nextLink\":\"https://n\"}");
        assertEquals(before.members(), after.members());
        assertEquals(before.elements(), after.elements());
        assertEquals(1, after.elements().size());
    }

    @Test
    void anEmptyValueHandsOnNothing() throws Exception {
        Seen seen = read("{\"value\":[]}");
        assertTrue(seen.elements().isEmpty());
        assertEquals(List.of("value"), seen.order());
    }

    @Test
    void aValueThatIsNotAnArrayIsReadAsATree() throws Exception {
        Seen seen = read("{\"value\":{\"id\":\"a\"}}");
        assertTrue(seen.elements().isEmpty());
        assertTrue(seen.members().get("value").isJsonObject());
    }

    @Test
    void aMemberTheHandlerLeavesUnreadIsStillCheckedStrictly() throws Exception {
        // Skipping it with Gson's skipValue would let a duplicate key or NaN through unseen.
        JsonInputException e = assertThrows(JsonInputException.class, () -> StrictJson.parseObjectMembers(
                stream("{\"odata\":{\"a\":1,\"a\":2},\"value\":[]}"), member -> { }));
        assertEquals("$.odata.a", e.jsonPath());
        assertTrue(e.problem().contains("duplicate key 'a'"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // a duplicate key inside the second item, after the first was handed on
            "{\"value\":[{\"id\":\"a\"},{\"id\":\"b\",\"id\":\"c\"}]}     | $.value[1].id | duplicate key 'id'     | 1",
            // a duplicate top-level key, the second value after its items were handed on
            "{\"value\":[{\"id\":\"a\"}],\"value\":[]}                     | $.value       | duplicate key 'value'  | 1",
            "{\"nextLink\":\"x\",\"value\":[],\"nextLink\":\"y\"}          | $.nextLink    | duplicate key 'nextLink' | 0",
            "{\"value\":[{\"id\":\"a\"},{\"id\":NaN}]}                     | $.value[1].id | malformed JSON         | 1",
            "{\"value\":[{\"id\":\"a\"},]}                                 | $.value[1]    | malformed JSON         | 1",
            "{\"value\":[{\"id\":\"a\"}]} {}                               | $             | unexpected content     | 1",
            "{\"value\":[{\"id\":\"a\"},{\"id\":                           | $.value[1].id | ends too early         | 1",
    })
    void aBadPageFailsWhereTheWholeDocumentParseFails(String page, String path, String problem, int handedOn) {
        List<JsonElement> elements = new ArrayList<>();
        JsonInputException streamed = assertThrows(JsonInputException.class, () -> StrictJson.parseObjectMembers(
                stream(page), member -> {
                    if (!member.elements(elements::add)) {
                        member.tree();
                    }
                }));
        assertEquals(path, streamed.jsonPath(), streamed.getMessage());
        assertTrue(streamed.problem().contains(problem), streamed.getMessage());
        assertFalse(streamed.getMessage().contains("setStrictness"), "no Gson hint leaks: " + streamed.getMessage());
        JsonInputException whole = assertThrows(JsonInputException.class, () -> StrictJson.parse(page));
        assertEquals(whole.jsonPath(), streamed.jsonPath(), "same place as the whole-document parse: " + whole.getMessage());
        // Elements before the error were handed on: the caller must drop them (the exception says the page failed).
        assertEquals(handedOn, elements.size());
    }

    @Test
    void nestingDeeperThanTheLimitInsideAnItemIsAnError() {
        // The item is at depth 2 (root object 0, value array 1): as deep as the whole-document parse allows, and one more.
        int allowed = StrictJson.MAX_DEPTH - 1;
        String ok = "{\"value\":[" + "[".repeat(allowed) + "]".repeat(allowed) + "]}";
        String deep = "{\"value\":[" + "[".repeat(allowed + 1) + "]".repeat(allowed + 1) + "]}";
        List<JsonElement> elements = new ArrayList<>();
        assertTrueNoThrow(() -> StrictJson.parseObjectMembers(stream(ok), m -> m.elements(elements::add)));
        assertEquals(1, elements.size());
        JsonInputException e = assertThrows(JsonInputException.class,
                () -> StrictJson.parseObjectMembers(stream(deep), m -> m.elements(elements::add)));
        assertTrue(e.problem().contains("nested deeper than " + StrictJson.MAX_DEPTH), e.getMessage());
        assertThrows(JsonInputException.class, () -> StrictJson.parse(deep), "the whole-document parse agrees");
    }

    @Test
    void invalidUtf8IsAnErrorEvenAfterItemsWereHandedOn() {
        byte[] head = "{\"value\":[{\"id\":\"a\"},{\"id\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] tail = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] page = new byte[head.length + 2 + tail.length];
        System.arraycopy(head, 0, page, 0, head.length);
        page[head.length] = (byte) 0xC3; // a lead byte followed by a byte that cannot continue it
        page[head.length + 1] = (byte) 0x28;
        System.arraycopy(tail, 0, page, head.length + 2, tail.length);
        JsonInputException e = assertThrows(JsonInputException.class, () -> read(page));
        assertEquals("not valid UTF-8", e.problem());
        assertThrows(JsonInputException.class, () -> StrictJson.parse(page), "the whole-document parse agrees");
    }

    @Test
    void aLeadingBomIsToleratedAndOnlyThere() throws Exception {
        Seen seen = read("\uFEFF{\"value\":[{\"id\":\"a\"}]}");
        assertEquals(1, seen.elements().size());
        assertEquals("a", StrictJson.parse(stream("\uFEFF{\"id\":\"a\"}")).getAsJsonObject().get("id").getAsString());
        assertThrows(JsonInputException.class, () -> read("{\uFEFF\"value\":[]}"));
        assertThrows(JsonInputException.class, () -> StrictJson.parse("{\uFEFF\"value\":[]}"), "the whole-document parse agrees");
    }

    @Test
    void aTopLevelThatIsNotAnObjectIsSaidAndStillCheckedWhole() throws Exception {
        assertFalse(StrictJson.parseObjectMembers(stream("[{\"id\":\"a\"}]"), member -> {
            throw new AssertionError("no members");
        }));
        assertThrows(JsonInputException.class,
                () -> StrictJson.parseObjectMembers(stream("[{\"id\":\"a\",\"id\":\"b\"}]"), member -> { }));
    }

    @Test
    void theHandlersOwnExceptionsPassThroughUnchanged() {
        IllegalStateException mine = new IllegalStateException("an item that is not a JSON object");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> StrictJson.parseObjectMembers(
                stream("{\"value\":[1]}"), member -> member.elements(e -> {
                    throw mine;
                })));
        assertSame(mine, thrown, "not turned into a JSON syntax error");
    }

    @Test
    void aStreamThatFailsIsAnIoFailureNotBadJson() {
        // A connection cut mid-body: worth retrying, unlike a page ARM answered wrong.
        InputStream cut = new InputStream() {
            private final InputStream head = stream("{\"value\":[{\"id\":\"a\"},");

            @Override
            public int read() throws IOException {
                int b = head.read();
                if (b < 0) {
                    throw new IOException("connection reset");
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = head.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> StrictJson.parseObjectMembers(cut, member -> member.elements(x -> { })));
        assertEquals("connection reset", e.getCause().getMessage());
    }

    @Test
    void aSingleDocumentFromAStreamEqualsTheWholeDocumentParse() throws Exception {
        String doc = "{\"id\":\"a\",\"properties\":{\"n\":10.0,\"l\":[1,\"x\",null]}}";
        assertEquals(StrictJson.parse(doc), StrictJson.parse(stream(doc)));
        JsonInputException e = assertThrows(JsonInputException.class, () -> StrictJson.parse(stream("{\"a\":1,\"a\":2}")));
        assertEquals("$.a", e.jsonPath());
        assertThrows(JsonInputException.class, () -> StrictJson.parse(stream("{\"a\":1} x")));
        assertThrows(JsonInputException.class, () -> StrictJson.parse(stream("")));
    }

    private interface Parse {
        boolean run() throws JsonInputException;
    }

    private static void assertTrueNoThrow(Parse parse) {
        try {
            assertTrue(parse.run());
        } catch (JsonInputException e) {
            throw new AssertionError("unexpected: " + e.getMessage(), e);
        }
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
