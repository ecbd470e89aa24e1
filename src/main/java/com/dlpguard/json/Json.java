package com.dlpguard.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Optional;

/** Small read helpers over Gson trees, shared by the snapshot, config and event readers. */
public final class Json {
    /** Compact, HTML characters unescaped: plan bodies and reports are read by people and ARM, not browsers. */
    public static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    public static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
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
