package com.dlpguard.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.Optional;

/** Small read helpers over Gson trees, shared by the snapshot, config and event readers. */
public final class Json {
    /** Compact, HTML characters unescaped: plan bodies and reports are read by people and ARM, not browsers. */
    public static Gson compactGson() {
        return Gsons.COMPACT;
    }

    /** {@link #compactGson()} pretty-printed (reports, HTTP answers). */
    public static Gson prettyGson() {
        return Gsons.PRETTY;
    }

    /**
     * Built on first use, not with this class: a {@code Gson} instance loads and links its ~100
     * type adapters, which the CLI's {@code check} and a cold instance's first event paid for
     * before they needed them (the tree writer below needs none).
     */
    private static final class Gsons {
        static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
        static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();
    }

    private Json() {
    }

    /**
     * {@code compactGson().toJson(element)}, character for character ({@code JsonCompactTest}):
     * the tree walked onto Gson's own {@link JsonWriter} (which does all the escaping, HTML-safe
     * off and nulls written, as that Gson is configured) on an unsynchronized buffer. Every
     * decision-log line is one, and so is the document of each resource a plan or report reads
     * ({@code model.ResourceDocument}, rendered on first use).
     */
    public static String compact(JsonElement element) {
        StringBuilder out = new StringBuilder(256);
        try {
            JsonWriter writer = new JsonWriter(new BuilderWriter(out));
            writer.setHtmlSafe(false);
            writer.setSerializeNulls(true);
            write(element, writer);
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory writer does not fail", e);
        }
        return out.toString();
    }

    private static void write(JsonElement element, JsonWriter writer) throws IOException {
        if (element == null || element.isJsonNull()) {
            writer.nullValue();
        } else if (element.isJsonPrimitive()) {
            JsonPrimitive p = element.getAsJsonPrimitive();
            if (p.isNumber()) {
                writer.value(p.getAsNumber());
            } else if (p.isBoolean()) {
                writer.value(p.getAsBoolean());
            } else {
                writer.value(p.getAsString());
            }
        } else if (element.isJsonArray()) {
            writer.beginArray();
            for (JsonElement e : element.getAsJsonArray()) {
                write(e, writer);
            }
            writer.endArray();
        } else {
            writer.beginObject();
            for (Map.Entry<String, JsonElement> e : element.getAsJsonObject().entrySet()) {
                writer.name(e.getKey());
                write(e.getValue(), writer);
            }
            writer.endObject();
        }
    }

    /** A {@link Writer} appending to a {@link StringBuilder} without {@code StringWriter}'s locking. */
    private static final class BuilderWriter extends Writer {
        private final StringBuilder out;

        BuilderWriter(StringBuilder out) {
            this.out = out;
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            out.append(chars, offset, length);
        }

        @Override
        public void write(String text, int offset, int length) {
            out.append(text, offset, offset + length);
        }

        @Override
        public void write(int c) {
            out.append((char) c);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    /** The string at {@code key}, empty when absent, null or not a string. */
    public static Optional<String> string(JsonObject object, String key) {
        JsonElement e = object.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            return Optional.empty();
        }
        return Optional.of(e.getAsString());
    }

    /** The object at {@code key}, empty when absent or not an object. */
    public static Optional<JsonObject> object(JsonObject object, String key) {
        JsonElement e = object.get(key);
        return e != null && e.isJsonObject() ? Optional.of(e.getAsJsonObject()) : Optional.empty();
    }

    /** Case-insensitive key lookup, for payloads whose producers disagree on casing (CloudEvents {@code specVersion}). */
    public static Optional<JsonElement> getIgnoreCase(JsonObject object, String key) {
        JsonElement exact = object.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return object.entrySet().stream().filter(en -> en.getKey().equalsIgnoreCase(key))
                .map(java.util.Map.Entry::getValue).findFirst();
    }
}
