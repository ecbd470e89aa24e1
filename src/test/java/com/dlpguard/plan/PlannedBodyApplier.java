package com.dlpguard.plan;

import com.dlpguard.json.Json;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Test utility: what ARM would hold after a planned write, so a test can prove that only the
 * intended property changed and everything else was kept.
 *
 * <p>A subnet PUT replaces the subnet: the result is the body (with the etag as read put back, so
 * a diff shows only real changes). A child write (security rule, SEP definition, route) is applied
 * to its parent's inline child array: the child with that name is replaced (its {@code properties}
 * by the body's), appended, or removed by a DELETE.
 */
final class PlannedBodyApplier {

    private static final Map<String, String> CHILD_ARRAYS = Map.of(
            "securityRules", "securityRules",
            "serviceEndpointPolicyDefinitions", "serviceEndpointPolicyDefinitions",
            "routes", "routes");

    private PlannedBodyApplier() {
    }

    static JsonObject apply(PlannedWrite write, JsonObject current) {
        ResourceId target = write.target();
        if (target.isOfType("microsoft.network/virtualnetworks/subnets")) {
            if (!write.request().method().equals("PUT")) {
                throw new IllegalArgumentException("subnets are only PUT");
            }
            JsonObject result = body(write);
            if (current.has("etag")) {
                result.add("etag", current.get("etag"));
            }
            return result;
        }
        String childType = target.type().substring(target.type().lastIndexOf('/') + 1);
        String arrayKey = CHILD_ARRAYS.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(childType))
                .map(Map.Entry::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a child write: " + target));
        JsonObject parent = current.deepCopy();
        JsonObject properties = parent.getAsJsonObject("properties");
        JsonArray children = properties.has(arrayKey) ? properties.getAsJsonArray(arrayKey) : new JsonArray();
        properties.add(arrayKey, children);
        int index = -1;
        for (int i = 0; i < children.size(); i++) {
            if (Json.string(children.get(i).getAsJsonObject(), "name").filter(target.name()::equalsIgnoreCase).isPresent()) {
                index = i;
            }
        }
        if (write.request().method().equals("DELETE")) {
            if (index < 0) {
                throw new IllegalArgumentException("deleting a child that does not exist: " + target);
            }
            children.remove(index);
            return parent;
        }
        JsonObject body = body(write);
        if (index >= 0) {
            children.get(index).getAsJsonObject().add("properties", body.get("properties"));
        } else {
            JsonObject child = new JsonObject();
            child.addProperty("name", target.name());
            child.addProperty("id", target.toString());
            child.add("properties", body.get("properties"));
            children.add(child);
        }
        return parent;
    }

    private static JsonObject body(PlannedWrite write) {
        try {
            return StrictJson.parse(write.request().body().orElseThrow()).getAsJsonObject();
        } catch (com.dlpguard.json.JsonInputException e) {
            throw new IllegalStateException("planned body is not JSON", e);
        }
    }

    /**
     * JSON paths at which two documents differ: objects are compared key by key, arrays of equal
     * length element by element; an array whose length changed is reported as a whole.
     */
    static List<String> diff(JsonElement a, JsonElement b) {
        List<String> out = new ArrayList<>();
        diff("$", a, b, out);
        return out;
    }

    private static void diff(String path, JsonElement a, JsonElement b, List<String> out) {
        if (a == null || b == null) {
            if (a != b) {
                out.add(path);
            }
            return;
        }
        if (a.isJsonObject() && b.isJsonObject()) {
            Set<String> keys = new LinkedHashSet<>(a.getAsJsonObject().keySet());
            keys.addAll(b.getAsJsonObject().keySet());
            for (String k : keys) {
                diff(path + "." + k, a.getAsJsonObject().get(k), b.getAsJsonObject().get(k), out);
            }
        } else if (a.isJsonArray() && b.isJsonArray() && a.getAsJsonArray().size() == b.getAsJsonArray().size()) {
            for (int i = 0; i < a.getAsJsonArray().size(); i++) {
                diff(path + "[" + i + "]", a.getAsJsonArray().get(i), b.getAsJsonArray().get(i), out);
            }
        } else if (!Json.compactGson().toJson(a).equals(Json.compactGson().toJson(b))) {
            out.add(path);
        }
    }
}
