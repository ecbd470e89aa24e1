package com.dlpguard.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Small read helpers over Gson trees, shared by the snapshot, config and event readers. */
public final class Json {
    /** Compact, HTML characters unescaped: plan bodies and reports are read by people and ARM, not browsers. */
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    public static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }

    /**
     * {@code COMPACT.toJson(element)}, character for character, without Gson's type-adapter and
     * synchronized {@code StringWriter} layers: every resource the estate builder maps keeps its
     * compact JSON, and every decision-log line is one (a sweep renders 27 MiB of it, a warm event
     * about twenty lines). Same escapes as Gson's writer with HTML escaping off: {@code "}, {@code \},
     * control characters ({@code \t \b \n \r \f} short, the rest as six-character unicode escapes), U+2028, U+2029.
     */
    public static String compact(JsonElement element) {
        StringBuilder out = new StringBuilder(256);
        write(element, out);
        return out.toString();
    }

    private static void write(JsonElement e, StringBuilder out) {
        if (e == null || e.isJsonNull()) {
            out.append("null");
        } else if (e.isJsonObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(en.getKey(), out);
                out.append(':');
                write(en.getValue(), out);
            }
            out.append('}');
        } else if (e.isJsonArray()) {
            out.append('[');
            boolean first = true;
            for (JsonElement item : e.getAsJsonArray()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(item, out);
            }
            out.append(']');
        } else {
            JsonPrimitive p = e.getAsJsonPrimitive();
            if (p.isNumber()) {
                out.append(p.getAsNumber().toString());
            } else if (p.isBoolean()) {
                out.append(p.getAsBoolean());
            } else {
                string(p.getAsString(), out);
            }
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        int last = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            String replacement;
            if (c < 0x20) {
                replacement = switch (c) {
                    case '\t' -> "\\t";
                    case '\b' -> "\\b";
                    case '\n' -> "\\n";
                    case '\r' -> "\\r";
                    case '\f' -> "\\f";
                    default -> String.format(Locale.ROOT, "\\u%04x", (int) c);
                };
            } else if (c == '"') {
                replacement = "\\\"";
            } else if (c == '\\') {
                replacement = "\\\\";
            } else if (c == '\u2028') {
                replacement = "\\u2028";
            } else if (c == '\u2029') {
                replacement = "\\u2029";
            } else {
                continue;
            }
            out.append(s, last, i).append(replacement);
            last = i + 1;
        }
        out.append(s, last, length).append('"');
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
