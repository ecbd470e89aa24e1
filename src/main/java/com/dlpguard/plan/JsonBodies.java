package com.dlpguard.plan;

import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Request bodies built from resource JSON as read, and the description of what a write changes. */
final class JsonBodies {

    private JsonBodies() {
    }

    /** A deep copy of the resource JSON as read (it was validated strictly when it was read). */
    static JsonObject parseObject(String json) {
        try {
            JsonElement element = StrictJson.parse(json);
            if (!element.isJsonObject()) {
                throw new IllegalStateException("a resource's JSON is an object");
            }
            return element.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("resource JSON in the estate is not valid JSON at " + e.getMessage(), e);
        }
    }

    /**
     * The PUT body for an update: the resource as read, minus the top-level {@code etag}. The
     * precondition travels in {@code If-Match}; ARM ignores the other read-only fields
     * ({@code id}, {@code type}, {@code provisioningState}, ...) in a PUT body, so they are kept and
     * the body stays identical to what was read except for the restored property.
     */
    static JsonObject updateBody(String resourceJson) {
        JsonObject body = parseObject(resourceJson);
        body.remove("etag");
        return body;
    }

    static JsonObject properties(JsonObject resource) {
        JsonElement p = resource.get("properties");
        if (p != null && p.isJsonObject()) {
            return p.getAsJsonObject();
        }
        JsonObject created = new JsonObject();
        resource.add("properties", created);
        return created;
    }

    static String compact(JsonElement element) {
        return Json.compact(element == null ? JsonNull.INSTANCE : element);
    }

    /** The property or properties that differ between two {@code properties} objects. */
    record Change(String property, String before, String after) {
        boolean isEmpty() {
            return property.isEmpty();
        }
    }

    /**
     * One changed key: {@code properties.k} with the key's old and new values ({@code null} when
     * absent). Several: the paths comma-separated, and objects keyed by the changed keys.
     */
    static Change change(JsonObject beforeProperties, JsonObject afterProperties) {
        Set<String> keys = new LinkedHashSet<>(beforeProperties.keySet());
        keys.addAll(afterProperties.keySet());
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            if (!java.util.Objects.equals(beforeProperties.get(key), afterProperties.get(key))) {
                changed.add(key);
            }
        }
        if (changed.isEmpty()) {
            return new Change("", "null", "null");
        }
        String property = String.join(", ", changed.stream().map(k -> "properties." + k).toList());
        if (changed.size() == 1) {
            String key = changed.get(0);
            return new Change(property, compact(beforeProperties.get(key)), compact(afterProperties.get(key)));
        }
        JsonObject before = new JsonObject();
        JsonObject after = new JsonObject();
        for (String key : changed) {
            before.add(key, orNull(beforeProperties.get(key)));
            after.add(key, orNull(afterProperties.get(key)));
        }
        return new Change(property, compact(before), compact(after));
    }

    /** A child created from nothing: the whole {@code properties} object is new. */
    static Change creation(JsonObject properties) {
        return new Change("properties", "null", compact(properties));
    }

    private static JsonElement orNull(JsonElement e) {
        return e == null ? JsonNull.INSTANCE : e;
    }
}
