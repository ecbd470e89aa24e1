package com.dlpguard.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Strict JSON parsing for every input the guard trusts to make decisions (snapshots, config,
 * events): invalid UTF-8, NaN, comments, trailing commas and duplicate keys are errors. A lenient
 * parser would turn a corrupted storage-account id into a false finding, or silently keep the
 * second of two {@code "allowedStorageAccounts"} keys.
 *
 * <p>Gson's STRICT reader still keeps the last of duplicate keys, so the tree is built here.
 * Nesting is capped so a hostile payload cannot exhaust the stack.
 */
public final class StrictJson {

    /** Deeper than any ARM resource or Event Grid payload. */
    public static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /** Decodes UTF-8 strictly (a BOM is tolerated, since Windows tools write one) and parses. */
    public static JsonElement parse(byte[] bytes) throws JsonInputException {
        return parse(decodeUtf8(bytes));
    }

    public static String decodeUtf8(byte[] bytes) throws JsonInputException {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw new JsonInputException("$", "not valid UTF-8");
        }
    }

    public static JsonElement parse(String text) throws JsonInputException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement root = read(reader, 0);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonInputException(reader.getPath(), "unexpected content after the JSON document");
            }
            return root;
        } catch (JsonInputException e) {
            throw e;
        } catch (MalformedJsonException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + describe(text, e.getMessage()));
        } catch (java.io.EOFException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: the document ends too early");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + cleanMessage(e.getMessage()));
        }
    }

    /**
     * One top-level item of a document. With a {@code problem} (a duplicate key or nesting deeper
     * than {@link #MAX_DEPTH} inside it) the item is unusable and {@code value} is only what could
     * be read around the problem (to name the item, e.g. by its id), never a basis for decisions.
     */
    public record Item(JsonElement value, Optional<JsonInputException> problem) {
        public Item {
            java.util.Objects.requireNonNull(value, "value");
            java.util.Objects.requireNonNull(problem, "problem");
        }
    }

    /** A document read item by item; {@code array} tells whether its top level was an array. */
    public record Items(boolean array, List<Item> items) {
        public Items {
            items = List.copyOf(items);
        }
    }

    /** How deep {@link #parseItems} follows a rejected item to find where it ends. */
    static final int ITEM_SKIP_NESTING_LIMIT = 100_000;

    /**
     * Parses a document whose top level is an array of independent items (an Event Grid delivery),
     * or a single value (one item). Syntax errors (malformed JSON, NaN, comments, trailing commas,
     * trailing content) still fail the whole document: after one, no item boundary can be trusted.
     * A duplicate key or excessive nesting is confined to its item, which is then unusable while
     * its siblings are kept: one hostile event must not hide the valid events delivered with it.
     */
    public static Items parseItems(String text) throws JsonInputException {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        // Only reached while skipping a rejected item (the depth check stops parsing at MAX_DEPTH):
        // Gson's iterative skipValue needs room to find the item's end.
        reader.setNestingLimit(ITEM_SKIP_NESTING_LIMIT);
        List<Item> items = new ArrayList<>();
        try {
            boolean array = reader.peek() == JsonToken.BEGIN_ARRAY;
            if (array) {
                reader.beginArray();
                while (reader.hasNext()) {
                    items.add(item(reader));
                }
                reader.endArray();
            } else {
                items.add(item(reader));
            }
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonInputException(reader.getPath(), "unexpected content after the JSON document");
            }
            return new Items(array, items);
        } catch (JsonInputException e) {
            throw e;
        } catch (MalformedJsonException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + describe(text, e.getMessage()));
        } catch (java.io.EOFException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: the document ends too early");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + cleanMessage(e.getMessage()));
        }
    }

    private static Item item(JsonReader reader) throws IOException {
        List<JsonInputException> problems = new ArrayList<>();
        JsonElement value = readTolerant(reader, 1, problems);
        return new Item(value, problems.stream().findFirst());
    }

    /** Like {@link #read}, but a duplicate key or excess depth is recorded and skipped, not thrown. */
    private static JsonElement readTolerant(JsonReader reader, int depth, List<JsonInputException> problems)
            throws IOException {
        if (depth > MAX_DEPTH) {
            problems.add(new JsonInputException(reader.getPath(), "nested deeper than " + MAX_DEPTH + " levels"));
            reader.skipValue();
            return JsonNull.INSTANCE;
        }
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        problems.add(new JsonInputException(reader.getPath(), "duplicate key '" + name + "'"));
                        reader.skipValue();
                        continue;
                    }
                    object.add(name, readTolerant(reader, depth + 1, problems));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY: {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(readTolerant(reader, depth + 1, problems));
                }
                reader.endArray();
                return array;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER:
                return new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(reader.nextString()));
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new MalformedJsonException("unexpected " + token);
        }
    }

    private static JsonElement read(JsonReader reader, int depth) throws IOException, JsonInputException {
        if (depth > MAX_DEPTH) {
            throw new JsonInputException(reader.getPath(), "nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = reader.peek();
        switch (token) {
            case BEGIN_OBJECT: {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        throw new JsonInputException(reader.getPath(), "duplicate key '" + name + "'");
                    }
                    object.add(name, read(reader, depth + 1));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY: {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader, depth + 1));
                }
                reader.endArray();
                return array;
            }
            case STRING:
                return new JsonPrimitive(reader.nextString());
            case NUMBER: {
                String number = reader.nextString();
                return new JsonPrimitive(new com.google.gson.internal.LazilyParsedNumber(number));
            }
            case BOOLEAN:
                return new JsonPrimitive(reader.nextBoolean());
            case NULL:
                reader.nextNull();
                return JsonNull.INSTANCE;
            default:
                throw new JsonInputException(reader.getPath(), "unexpected " + token);
        }
    }

    // ---- streams ---------------------------------------------------------------------------------

    /**
     * A document read straight from a UTF-8 stream (an HTTP body), never held whole as bytes or text:
     * decoded strictly, as {@link #parse(byte[])} does (invalid UTF-8 is an error, a leading BOM is
     * tolerated), into the same strict tree. Gson cannot quote the text around a syntax error here
     * (it is gone), so such an error names its JSON path and Gson's reason.
     *
     * <p>An I/O failure of the stream itself (a connection cut mid-body) is not bad JSON: it
     * surfaces as {@link UncheckedIOException}, so the caller can tell "ARM's answer did not
     * arrive" (worth retrying) from "ARM answered something the guard will not judge".
     */
    public static JsonElement parse(InputStream utf8) throws JsonInputException {
        JsonReader reader = streamReader(utf8);
        return step(reader, () -> {
            JsonElement root = read(reader, 0);
            endOfDocument(reader);
            return root;
        });
    }

    /** One member of a document's top-level object, handed out by {@link #parseObjectMembers}. */
    public interface Member {
        String name();

        /** The member's value as a strict tree (duplicate keys and nesting deeper than {@link #MAX_DEPTH} are errors). */
        JsonElement tree() throws JsonInputException;

        /**
         * When the value is an array: each element, read as a strict tree, goes to {@code each} as
         * soon as it is complete, and true is returned. Otherwise nothing is read and false is
         * returned. An exception thrown by {@code each} passes through unchanged and ends the read.
         */
        boolean elements(Consumer<JsonElement> each) throws JsonInputException;
    }

    /** Receives each top-level member in document order; a value it leaves unread is still read (strictly) and dropped. */
    @FunctionalInterface
    public interface MemberHandler {
        void member(Member member) throws JsonInputException;
    }

    /**
     * Reads a UTF-8 document whose top level is an object member by member, so that a large array
     * inside it (an ARM list page's {@code value}) never exists whole in memory: each element is
     * handed on as soon as it is read. The rules are those of {@link #parse(byte[])}, applied as the
     * document goes by: a duplicate top-level key, a duplicate key or excessive nesting inside a
     * member, malformed JSON or trailing content throws when it is reached. So an error can come
     * after some elements were handed on: the caller must treat the whole document as failed, not
     * keep what it received (the handler sees no "complete" signal other than a normal return).
     *
     * @return false, after reading and checking the whole document, when its top level is not an object
     */
    public static boolean parseObjectMembers(InputStream utf8, MemberHandler handler) throws JsonInputException {
        JsonReader reader = streamReader(utf8);
        boolean object = step(reader, () -> reader.peek() == JsonToken.BEGIN_OBJECT);
        if (!object) {
            step(reader, () -> {
                read(reader, 0);
                endOfDocument(reader);
                return null;
            });
            return false;
        }
        step(reader, () -> {
            reader.beginObject();
            return null;
        });
        java.util.Set<String> names = new java.util.HashSet<>();
        while (step(reader, reader::hasNext)) {
            String name = step(reader, reader::nextName);
            if (!names.add(name)) {
                throw new JsonInputException(reader.getPath(), "duplicate key '" + name + "'");
            }
            StreamMember member = new StreamMember(reader, name);
            // Outside step(): the handler's own exceptions are not JSON errors and pass through.
            handler.member(member);
            if (!member.consumed) {
                member.tree();
            }
        }
        step(reader, () -> {
            reader.endObject();
            endOfDocument(reader);
            return null;
        });
        return true;
    }

    private static final class StreamMember implements Member {
        private final JsonReader reader;
        private final String name;
        private boolean consumed;

        StreamMember(JsonReader reader, String name) {
            this.reader = reader;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public JsonElement tree() throws JsonInputException {
            consume();
            return step(reader, () -> read(reader, 1));
        }

        @Override
        public boolean elements(Consumer<JsonElement> each) throws JsonInputException {
            if (step(reader, reader::peek) != JsonToken.BEGIN_ARRAY) {
                return false;
            }
            consume();
            step(reader, () -> {
                reader.beginArray();
                return null;
            });
            while (step(reader, reader::hasNext)) {
                // Depth 2, as in a whole-document read: the root object is 0, this array 1.
                each.accept(step(reader, () -> read(reader, 2)));
            }
            step(reader, () -> {
                reader.endArray();
                return null;
            });
            return true;
        }

        private void consume() {
            if (consumed) {
                throw new IllegalStateException("the value of '" + name + "' was already read");
            }
            consumed = true;
        }
    }

    private static JsonReader streamReader(InputStream utf8) {
        // The stream's own I/O failures become unchecked before Gson sees them, so that every
        // IOException step() catches is the decoder's or Gson's verdict on the content.
        InputStream source = new java.io.FilterInputStream(utf8) {
            @Override
            public int read() {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        JsonReader reader = new JsonReader(new BomSkippingReader(new InputStreamReader(source, decoder)));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /** Drops one leading U+FEFF, as {@link #decodeUtf8} does (Windows tools write one). */
    private static final class BomSkippingReader extends java.io.FilterReader {
        private boolean started;

        BomSkippingReader(Reader in) {
            super(in);
        }

        @Override
        public int read(char[] buffer, int off, int len) throws IOException {
            if (started || len == 0) {
                return super.read(buffer, off, len);
            }
            int n = super.read(buffer, off, len);
            if (n <= 0) {
                return n;
            }
            started = true;
            if (buffer[off] != '\uFEFF') {
                return n;
            }
            if (n == 1) {
                return super.read(buffer, off, len);
            }
            System.arraycopy(buffer, off + 1, buffer, off, n - 1);
            return n - 1;
        }

        @Override
        public int read() throws IOException {
            char[] one = new char[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0];
        }
    }

    private static void endOfDocument(JsonReader reader) throws IOException, JsonInputException {
        JsonToken next;
        try {
            next = reader.peek();
        } catch (MalformedJsonException e) {
            // Strict Gson refuses a second top-level value before it can say what it is.
            next = null;
        }
        if (next != JsonToken.END_DOCUMENT) {
            throw new JsonInputException(reader.getPath(), "unexpected content after the JSON document");
        }
    }

    @FunctionalInterface
    private interface Step<T> {
        T run() throws IOException, JsonInputException;
    }

    /** One reading step on a stream, its failures said as {@link #parse(String)} says them (without the text). */
    private static <T> T step(JsonReader reader, Step<T> step) throws JsonInputException {
        try {
            return step.run();
        } catch (CharacterCodingException e) {
            throw new JsonInputException("$", "not valid UTF-8");
        } catch (MalformedJsonException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + cleanMessage(e.getMessage()));
        } catch (java.io.EOFException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: the document ends too early");
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new JsonInputException(reader.getPath(), "malformed JSON: " + cleanMessage(e.getMessage()));
        }
    }

    private static final java.util.regex.Pattern POSITION =
            java.util.regex.Pattern.compile("at line (\\d+) column (\\d+)");

    /**
     * Gson's strict-mode messages only say "use lenient mode"; say instead what is wrong at the
     * position it reports (the usual culprits of hand-edited JSON), and where.
     */
    static String describe(String text, String message) {
        java.util.regex.Matcher m = POSITION.matcher(message == null ? "" : message);
        if (!m.find()) {
            return cleanMessage(message);
        }
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        String where = " (line " + line + ", column " + column + ")";
        int offset = offsetOf(text, line, column);
        // Gson's column lands on or just after the rejected character, depending on the token:
        // look at the few positions around it.
        for (int at = Math.max(0, offset - 2); at <= Math.min(text.length(), offset); at++) {
            String rest = text.substring(at);
            String before = text.substring(0, at).stripTrailing();
            if (rest.startsWith("NaN") || rest.startsWith("Infinity") || rest.startsWith("-Infinity")) {
                return "NaN and Infinity are not JSON numbers" + where;
            }
            if (rest.startsWith("//") || rest.startsWith("/*") || rest.startsWith("#")) {
                return "comments are not allowed in JSON" + where;
            }
            if ((rest.startsWith("]") || rest.startsWith("}")) && before.endsWith(",")) {
                return "trailing comma" + where;
            }
            if (rest.startsWith("'")) {
                return "strings must use double quotes" + where;
            }
        }
        String trimmed = text.substring(Math.max(0, Math.min(text.length(), offset - 1))).stripLeading();
        if (trimmed.isEmpty()) {
            return "the document ends too early" + where;
        }
        int cp = trimmed.codePointAt(0);
        return "unexpected " + (Character.isISOControl(cp) ? String.format("control character U+%04X", cp)
                : "character '" + new String(Character.toChars(cp)) + "'") + where;
    }

    private static int offsetOf(String text, int line, int column) {
        int offset = 0;
        for (int l = 1; l < line && offset < text.length(); l++) {
            int nl = text.indexOf('\n', offset);
            if (nl < 0) {
                return text.length();
            }
            offset = nl + 1;
        }
        return Math.min(text.length(), offset + column - 1);
    }

    private static String cleanMessage(String message) {
        if (message == null) {
            return "unreadable input";
        }
        // Gson appends a troubleshooting URL; the path is reported separately.
        int see = message.indexOf("\nSee ");
        String m = see >= 0 ? message.substring(0, see) : message;
        m = m.replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "not strict JSON");
        return m.replaceAll(" at line \\d+ column \\d+ path \\S+", "");
    }
}
