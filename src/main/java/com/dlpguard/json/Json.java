package com.dlpguard.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Optional;

/** Small read helpers over Gson trees, shared by the snapshot, config and event readers. */
public final class Json {
    /** Compact, HTML characters unescaped: plan bodies and reports are read by people and ARM, not browsers. */
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    public static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }

    /**
     * {@code COMPACT.toJson(element)}, character for character, through Gson's own {@link JsonWriter}
     * on an unsynchronized buffer: every decision-log line is one, and so is the document of each
     * resource a plan or report reads ({@code model.ResourceDocument}, rendered on first use), and
     * the {@code toJson(Object)} path adds a type-adapter lookup and a synchronized
     * {@code StringWriter} per call.
     */
    public static String compact(JsonElement element) {
        StringBuilder out = new StringBuilder(256);
        try {
            COMPACT.toJson(element, COMPACT.newJsonWriter(new BuilderWriter(out)));
        } catch (IOException e) {
            throw new UncheckedIOException("an in-memory writer does not fail", e);
        }
        return out.toString();
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
