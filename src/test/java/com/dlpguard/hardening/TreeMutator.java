package com.dlpguard.hardening;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/** Generic structural mutations of a JSON tree (any document), deterministic for a given {@link Random}. */
final class TreeMutator {
    private final Random rnd;

    TreeMutator(Random rnd) {
        this.rnd = rnd;
    }

    /** Every (container, key-or-index) position down to {@code maxDepth}. */
    List<Map.Entry<JsonElement, Object>> positions(JsonElement root, int maxDepth) {
        List<Map.Entry<JsonElement, Object>> out = new ArrayList<>();
        collect(root, out, 0, maxDepth);
        return out;
    }

    private void collect(JsonElement e, List<Map.Entry<JsonElement, Object>> out, int depth, int maxDepth) {
        if (depth > maxDepth) {
            return;
        }
        if (e.isJsonObject()) {
            for (String k : e.getAsJsonObject().keySet()) {
                out.add(Map.entry(e, k));
                collect(e.getAsJsonObject().get(k), out, depth + 1, maxDepth);
            }
        } else if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                out.add(Map.entry(e, i));
                collect(e.getAsJsonArray().get(i), out, depth + 1, maxDepth);
            }
        }
    }

    static JsonElement get(Map.Entry<JsonElement, Object> at) {
        return at.getValue() instanceof String k ? at.getKey().getAsJsonObject().get(k)
                : at.getKey().getAsJsonArray().get((Integer) at.getValue());
    }

    static void set(Map.Entry<JsonElement, Object> at, JsonElement value) {
        if (at.getValue() instanceof String k) {
            at.getKey().getAsJsonObject().add(k, value);
        } else {
            at.getKey().getAsJsonArray().set((Integer) at.getValue(), value);
        }
    }

    static void remove(Map.Entry<JsonElement, Object> at) {
        if (at.getValue() instanceof String k) {
            at.getKey().getAsJsonObject().remove(k);
        } else {
            at.getKey().getAsJsonArray().remove((int) (Integer) at.getValue());
        }
    }

    /** One random structural mutation; returns its name. */
    String mutate(JsonElement root) {
        List<Map.Entry<JsonElement, Object>> p = positions(root, 12);
        if (p.isEmpty()) {
            return "none";
        }
        Map.Entry<JsonElement, Object> at = p.get(rnd.nextInt(p.size()));
        int op = rnd.nextInt(11);
        switch (op) {
            case 0 -> remove(at);
            case 1 -> set(at, wrongType(get(at)));
            case 2 -> set(at, JsonNull.INSTANCE);
            case 3 -> set(at, randomValue(2));
            case 4 -> set(at, nested(rnd.nextInt(8) == 0 ? 65 + rnd.nextInt(100) : 2 + rnd.nextInt(30)));
            case 5 -> {
                JsonElement v = get(at);
                if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    set(at, new JsonPrimitive(oddString(v.getAsString())));
                } else {
                    set(at, new JsonPrimitive("x".repeat(1 + rnd.nextInt(20_000))));
                }
            }
            case 6 -> {
                JsonElement v = get(at);
                if (v.isJsonObject()) {
                    v.getAsJsonObject().add(rnd.nextBoolean() ? "unexpectedKey" : "properties ", randomValue(1));
                } else if (v.isJsonArray()) {
                    v.getAsJsonArray().add(randomValue(1));
                } else {
                    remove(at);
                }
            }
            case 7 -> {
                JsonElement v = get(at);
                if (v.isJsonArray() && v.getAsJsonArray().size() > 0) {
                    v.getAsJsonArray().add(v.getAsJsonArray().get(0).deepCopy()); // a duplicate entry
                } else {
                    set(at, new JsonArray());
                }
            }
            case 8 -> {
                JsonArray big = new JsonArray();
                for (int i = 0; i < 20_000 + rnd.nextInt(100_000); i++) {
                    big.add(i % 3 == 0 ? "/subscriptions/x" : "a");
                }
                set(at, big);
            }
            case 9 -> set(at, new JsonPrimitive(rnd.nextBoolean() ? 1e308 : -1));
            default -> set(at, new JsonPrimitive(""));
        }
        return "tree-" + op;
    }

    /** Strings as people and tools garble ARM ids. */
    String oddString(String s) {
        return switch (rnd.nextInt(12)) {
            case 0 -> s.toUpperCase(Locale.ROOT);
            case 1 -> s.toLowerCase(Locale.ROOT);
            case 2 -> s + "/";
            case 3 -> s.replace("/", "//");
            case 4 -> " " + s + " ";
            case 5 -> s.replace("3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11", "11111111-2222-3333-4444-555555555555");
            case 6 -> s.replace("resourceGroups", "resourcegroups");
            case 7 -> s.replace("/", "%2F");
            case 8 -> s + "/../x";
            case 9 -> s.replace("a", "\u0430");
            case 10 -> s.substring(0, rnd.nextInt(s.length() + 1));
            default -> s + "\u0000";
        };
    }

    JsonElement wrongType(JsonElement current) {
        if (current == null || current.isJsonNull()) {
            return new JsonPrimitive("was null");
        }
        if (current.isJsonObject()) {
            return rnd.nextBoolean() ? new JsonPrimitive(current.toString()) : new JsonArray();
        }
        if (current.isJsonArray()) {
            return rnd.nextBoolean() ? new JsonObject() : new JsonPrimitive("[]");
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> new JsonPrimitive(3.5);
            case 1 -> new JsonPrimitive(true);
            case 2 -> new JsonObject();
            default -> {
                JsonArray a = new JsonArray();
                a.add(current);
                yield a;
            }
        };
    }

    JsonElement randomValue(int depth) {
        return randomValue(rnd, depth);
    }

    /** A random JSON value nested at most {@code depth} levels, with the awkward scalars fuzzing wants. Shared with {@link EventMutator}. */
    static JsonElement randomValue(Random rnd, int depth) {
        int r = rnd.nextInt(depth <= 0 ? 6 : 8);
        return switch (r) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(rnd.nextBoolean());
            case 2 -> new JsonPrimitive(rnd.nextInt());
            case 3 -> new JsonPrimitive(-0.0);
            case 4 -> new JsonPrimitive("str-" + rnd.nextInt(100));
            case 5 -> new JsonPrimitive("\u0000\u001f\"\\</script>");
            case 6 -> {
                JsonArray a = new JsonArray();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    a.add(randomValue(rnd, depth - 1));
                }
                yield a;
            }
            default -> {
                JsonObject o = new JsonObject();
                for (int i = rnd.nextInt(4); i > 0; i--) {
                    o.add("k" + i, randomValue(rnd, depth - 1));
                }
                yield o;
            }
        };
    }

    JsonElement nested(int depth) {
        JsonElement e = new JsonPrimitive("bottom");
        for (int i = 0; i < depth; i++) {
            if (rnd.nextBoolean()) {
                JsonArray a = new JsonArray();
                a.add(e);
                e = a;
            } else {
                JsonObject o = new JsonObject();
                o.add("n", e);
                e = o;
            }
        }
        return e;
    }
}
