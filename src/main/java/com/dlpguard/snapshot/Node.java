package com.dlpguard.snapshot;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON object together with where it was found ({@code snap/nsg.json: $.value[2]}), so every
 * error names the file and the JSON path. JSON {@code null} counts as absent: ARM writes
 * {@code "errors": null} and similar for properties it has no value for.
 */
record Node(JsonObject json, String at) {

    SnapshotException error(String key, String problem) {
        return new SnapshotException(at(key) + ": " + problem);
    }

    SnapshotException error(String problem) {
        return new SnapshotException(at + ": " + problem);
    }

    String at(String key) {
        return at + "." + key;
    }

    private Optional<JsonElement> present(String key) {
        JsonElement e = json.get(key);
        return e == null || e.isJsonNull() ? Optional.empty() : Optional.of(e);
    }

    boolean has(String key) {
        return present(key).isPresent();
    }

    Optional<String> optString(String key) throws SnapshotException {
        Optional<JsonElement> e = present(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        if (!e.get().isJsonPrimitive() || !e.get().getAsJsonPrimitive().isString()) {
            throw error(key, "expected a string, got " + kind(e.get()));
        }
        return Optional.of(e.get().getAsString());
    }

    String string(String key) throws SnapshotException {
        return optString(key).orElseThrow(() -> error(key, "missing"));
    }

    int integer(String key) throws SnapshotException {
        JsonElement e = present(key).orElseThrow(() -> error(key, "missing"));
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(key, "expected an integer, got " + kind(e));
        }
        try {
            return new BigDecimal(e.getAsString()).intValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw error(key, "expected an integer, got " + e.getAsString());
        }
    }

    Optional<Node> optObject(String key) throws SnapshotException {
        Optional<JsonElement> e = present(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        if (!e.get().isJsonObject()) {
            throw error(key, "expected an object, got " + kind(e.get()));
        }
        return Optional.of(new Node(e.get().getAsJsonObject(), at(key)));
    }

    Node object(String key) throws SnapshotException {
        return optObject(key).orElseThrow(() -> error(key, "missing"));
    }

    /** The array's objects; an absent array is empty. */
    List<Node> objects(String key) throws SnapshotException {
        List<Node> out = new ArrayList<>();
        JsonArray array = optArray(key).orElse(new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            String where = at(key) + "[" + i + "]";
            if (!e.isJsonObject()) {
                throw new SnapshotException(where + ": expected an object, got " + kind(e));
            }
            out.add(new Node(e.getAsJsonObject(), where));
        }
        return out;
    }

    /** The array's strings; an absent array is empty. */
    List<String> strings(String key) throws SnapshotException {
        List<String> out = new ArrayList<>();
        JsonArray array = optArray(key).orElse(new JsonArray());
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new SnapshotException(at(key) + "[" + i + "]: expected a string, got " + kind(e));
            }
            out.add(e.getAsString());
        }
        return out;
    }

    Optional<JsonArray> optArray(String key) throws SnapshotException {
        Optional<JsonElement> e = present(key);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        if (!e.get().isJsonArray()) {
            throw error(key, "expected an array, got " + kind(e.get()));
        }
        return Optional.of(e.get().getAsJsonArray());
    }

    /** A resource id at {@code key}, of {@code expectedType} (lower-case type constant, e.g. ResourceTypes.SUBNET). */
    ResourceId id(String key, String expectedType, String description) throws SnapshotException {
        return parseId(string(key), at(key), expectedType, description);
    }

    /** An optional reference object {@code {"id": ...}} at {@code key}. */
    Optional<ResourceId> optReference(String key, String expectedType, String description) throws SnapshotException {
        Optional<Node> ref = optObject(key);
        if (ref.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ref.get().id("id", expectedType, description));
    }

    /** The ids of an array of reference objects {@code [{"id": ...}]}. */
    List<ResourceId> references(String key, String expectedType, String description) throws SnapshotException {
        List<ResourceId> out = new ArrayList<>();
        for (Node ref : objects(key)) {
            out.add(ref.id("id", expectedType, description));
        }
        return out;
    }

    Map<String, String> tags() throws SnapshotException {
        Map<String, String> tags = new LinkedHashMap<>();
        Optional<Node> node = optObject("tags");
        if (node.isPresent()) {
            for (Map.Entry<String, JsonElement> e : node.get().json().entrySet()) {
                tags.put(e.getKey(), node.get().string(e.getKey()));
            }
        }
        return tags;
    }

    static ResourceId parseId(String raw, String where, String expectedType, String description) throws SnapshotException {
        ResourceId id;
        try {
            id = ResourceId.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new SnapshotException(where + ": " + e.getMessage());
        }
        if (expectedType != null && !id.isOfType(expectedType)) {
            throw new SnapshotException(where + ": expected " + description + " id, got a " + id.type() + " id");
        }
        return id;
    }

    static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return "a boolean";
        }
        return p.isNumber() ? "a number" : "a string";
    }
}
