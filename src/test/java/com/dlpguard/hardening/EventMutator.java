package com.dlpguard.hardening;

import com.dlpguard.json.Json;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Event Grid deliveries mutated from the real payloads (the shared Event Grid fixtures and the
 * examples/events files): structural mutations of the JSON tree (missing and extra fields, wrong
 * types, null data, deep nesting, huge strings and arrays, claims as strings / objects / garbage,
 * ids with odd casing or trailing slashes, subjects outside the subscription, the guard's own
 * identity spelled differently), text mutations (NaN, comments, trailing commas, duplicate keys,
 * truncation) and byte mutations (invalid UTF-8). Deterministic for a given {@link Random}.
 *
 * <p>Some deliveries carry a <em>sentinel</em>: a valid event reporting the alias definition's
 * deletion, with a fresh id, placed among the mutated events of an array. The suite removes the
 * alias before delivering and checks the sentinel was still handled.
 */
final class EventMutator {
    static final String SUB = "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String NET = "/subscriptions/" + SUB + "/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final String SUBNET = NET + "/virtualNetworks/ml-vnet/subnets/compute";
    static final String SEP = NET + "/serviceEndpointPolicies/aml-dlp";
    static final String NSG = NET + "/networkSecurityGroups/compute-nsg";
    static final String BATCH_NSG = NET + "/networkSecurityGroups/0b6d7c1e-3f2a-4c5b-9e8d-7a6f5e4d3c2b-azurebatch-cloudservicenetworksecuritygroup";

    /** One delivery: the bytes Event Grid sends, what was done to them, and the sentinel's id if any. */
    record Payload(int index, String kind, byte[] bytes, List<String> ops, Optional<String> sentinelId) {
        /** As the Functions worker hands it to a String-bound trigger: decoded, invalid bytes replaced. */
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        String describe() {
            return "#" + index + " " + kind + " " + ops;
        }
    }

    private final Random rnd;
    private final List<JsonObject> events;
    private final List<byte[]> files;
    private final JsonObject sentinelTemplate;
    private final List<String> seenIds = new ArrayList<>();

    EventMutator(Random rnd) {
        this.rnd = rnd;
        this.events = new ArrayList<>();
        this.files = new ArrayList<>();
        for (Path dir : List.of(Path.of("src/test/resources/shared-fixtures/eventgrid"), Path.of("examples/events"))) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                    byte[] bytes = Files.readAllBytes(p);
                    files.add(bytes);
                    JsonElement root = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
                    if (root.isJsonArray()) {
                        root.getAsJsonArray().forEach(e -> events.add(e.getAsJsonObject()));
                    } else {
                        events.add(root.getAsJsonObject());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            JsonElement alias = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")));
            sentinelTemplate = alias.getAsJsonArray().get(0).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int baseEvents() {
        return events.size();
    }

    /** A valid alias-deleted event with a fresh id, timed {@code eventTime}. */
    JsonObject sentinel(String id, String eventTime) {
        JsonObject s = sentinelTemplate.deepCopy();
        s.addProperty("id", id);
        s.addProperty("eventTime", eventTime);
        return s;
    }

    Payload next(int index, String now) {
        int roll = rnd.nextInt(100);
        List<String> ops = new ArrayList<>();
        if (roll < 40) {
            JsonObject e = mutateEvent(pick(), ops, now);
            JsonElement root = rnd.nextBoolean() ? e : array(e);
            return new Payload(index, "single", bytes(root), ops, Optional.empty());
        }
        if (roll < 62) {
            return batch(index, now, ops);
        }
        if (roll < 72) {
            return textMutation(index, now, ops);
        }
        if (roll < 77) {
            return byteMutation(index, now, ops);
        }
        if (roll < 82) {
            return topLevel(index, ops);
        }
        if (roll < 84 || roll == 84 && rnd.nextBoolean()) {
            return huge(index, now, ops);
        }
        JsonObject ce = toCloudEvent(mutateEvent(pick(), ops, now), ops);
        return new Payload(index, "cloudevent", bytes(rnd.nextBoolean() ? ce : array(ce)), ops, Optional.empty());
    }

    // ---- kinds of delivery ---------------------------------------------------------------------

    private Payload batch(int index, String now, List<String> ops) {
        int n = 2 + rnd.nextInt(7);
        JsonArray array = new JsonArray();
        for (int i = 0; i < n; i++) {
            JsonObject e = pick();
            if (rnd.nextInt(10) < 7) {
                e = mutateEvent(e, ops, now);
            } else {
                e = e.deepCopy();
                e.addProperty("id", freshId("copy"));
            }
            array.add(rnd.nextInt(20) == 0 ? wrongType(e) : e);
        }
        Optional<String> sentinel = Optional.empty();
        if (rnd.nextInt(10) < 4) {
            String id = freshId("sentinel");
            sentinel = Optional.of(id);
            JsonObject s = sentinel(id, now);
            if (rnd.nextBoolean()) {
                s = cleanCloudEvent(s);
            }
            insertAt(array, rnd.nextInt(array.size() + 1), s);
            ops.add("sentinel");
        }
        return new Payload(index, "batch", bytes(array), ops, sentinel);
    }

    private Payload textMutation(int index, String now, List<String> ops) {
        JsonElement root = rnd.nextBoolean() ? mutateEvent(pick(), ops, now) : array(pick().deepCopy(), pick().deepCopy());
        String text = Json.prettyGson().toJson(root);
        String mutated;
        int op = rnd.nextInt(12);
        switch (op) {
            case 0 -> mutated = text.substring(0, rnd.nextInt(Math.max(1, text.length())));
            case 1 -> mutated = insert(text, "NaN", ":");
            case 2 -> mutated = insertAfter(text, "{", " /* comment */ ");
            case 3 -> mutated = insertAfter(text, "{", " // comment\n");
            case 4 -> mutated = replaceLast(text, "}", ",}");
            case 5 -> mutated = replaceFirst(text, "\"id\"", "\"id\": \"dup\", \"id\"");
            case 6 -> mutated = "\uFEFF" + text;
            case 7 -> mutated = text + (rnd.nextBoolean() ? " garbage" : "]");
            case 8 -> mutated = text.replace('"', '\'');
            case 9 -> mutated = insert(text, "Infinity", ":");
            case 10 -> mutated = text.replaceFirst("\"data\"", "data");
            default -> mutated = text.replace(":", ": 01");
        }
        ops.add("text-" + op);
        return new Payload(index, "text", mutated.getBytes(StandardCharsets.UTF_8), ops, Optional.empty());
    }

    private Payload byteMutation(int index, String now, List<String> ops) {
        byte[] base = rnd.nextInt(4) == 0 ? files.get(rnd.nextInt(files.size())) : bytes(array(mutateEvent(pick(), ops, now)));
        byte[][] bad = {
                {(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}};
        byte[] insert = bad[rnd.nextInt(bad.length)];
        // Inside a string value mostly (the subject, an id), sometimes anywhere.
        int at = rnd.nextBoolean() ? indexInsideString(base) : rnd.nextInt(base.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(base, 0, at);
        out.write(insert, 0, insert.length);
        out.write(base, at, base.length - at);
        ops.add("invalid-utf8@" + at);
        return new Payload(index, "bytes", out.toByteArray(), ops, Optional.empty());
    }

    private Payload topLevel(int index, List<String> ops) {
        String[] shapes = {"null", "42", "\"a string\"", "true", "[]", "[[]]", "{}", "{\"foo\":1}", "[null,1,\"x\",true]",
                "[[{\"eventType\":\"Microsoft.Resources.ResourceWriteSuccess\"}]]", "", " ", "[{}]", "{\"data\":{}}",
                "{\"eventType\":null}", "{\"specversion\":1.0}", "{\"eventType\":[]}", "[{\"eventType\":{}}]"};
        int i = rnd.nextInt(shapes.length + 1);
        ops.add("top-level-" + i);
        if (i == shapes.length) {
            // Many events in one delivery.
            int n = 200 + rnd.nextInt(800);
            JsonArray array = new JsonArray();
            for (int k = 0; k < n; k++) {
                JsonObject e = pick().deepCopy();
                e.addProperty("id", freshId("bulk"));
                array.add(e);
            }
            ops.add("elements=" + n);
            return new Payload(index, "top-level", bytes(array), ops, Optional.empty());
        }
        return new Payload(index, "top-level", shapes[i].getBytes(StandardCharsets.UTF_8), ops, Optional.empty());
    }

    private Payload huge(int index, String now, List<String> ops) {
        JsonObject e = pick().deepCopy();
        e.addProperty("id", freshId("huge"));
        int op = rnd.nextInt(5);
        ops.add("huge-" + op);
        switch (op) {
            case 0 -> e.addProperty("subject", SUBNET + "/" + "x".repeat(1 << 20));
            case 1 -> {
                JsonArray big = new JsonArray();
                for (int i = 0; i < 120_000; i++) {
                    big.add(i % 7 == 0 ? "abcdef" : "ab");
                }
                dataOf(e).add("bigArray", big);
            }
            case 2 -> dataOf(e).addProperty("claims", "{\"appid\":\"" + "y".repeat(1 << 20) + "\"}");
            case 3 -> e.addProperty("id", "id-" + "z".repeat(1 << 20));
            default -> {
                JsonArray array = new JsonArray();
                for (int i = 0; i < 60_000; i++) {
                    array.add(i);
                }
                JsonArray delivery = new JsonArray();
                delivery.add(e);
                delivery.add(array);
                return new Payload(index, "huge", bytes(delivery), ops, Optional.empty());
            }
        }
        return new Payload(index, "huge", bytes(array(e)), ops, Optional.empty());
    }

    // ---- structural mutations of one event --------------------------------------------------------

    JsonObject mutateEvent(JsonObject base, List<String> ops, String now) {
        JsonObject e = base.deepCopy();
        if (rnd.nextInt(3) > 0) {
            e.addProperty("id", freshId("ev"));
        }
        if (rnd.nextInt(3) == 0) {
            e.addProperty("eventTime", now);
        }
        int count = 1 + rnd.nextInt(3);
        for (int i = 0; i < count; i++) {
            int op = rnd.nextInt(17);
            ops.add("m" + op);
            switch (op) {
                case 0 -> removeRandom(e);
                case 1 -> addExtra(e);
                case 2 -> replaceRandom(e, randomValue(2));
                case 3 -> nullData(e);
                case 4 -> claims(e);
                case 5 -> e.addProperty("subject", oddSubject(e));
                case 6 -> dataOf(e).addProperty("resourceUri", oddSubject(e));
                case 7 -> operationName(e);
                case 8 -> eventType(e);
                case 9 -> id(e);
                case 10 -> eventTime(e, now);
                case 11 -> replaceRandom(e, nested(rnd.nextInt(10) == 0 ? 65 + rnd.nextInt(200) : 2 + rnd.nextInt(40)));
                case 12 -> replaceRandomString(e, "s".repeat(1000 + rnd.nextInt(50_000)));
                case 13 -> ownIdentity(e);
                case 14 -> retarget(e);
                case 15 -> e.add(pickKey(e), wrongType(e.get(pickKey(e))));
                default -> envelope(e);
            }
        }
        return e;
    }

    private void nullData(JsonObject e) {
        switch (rnd.nextInt(6)) {
            case 0 -> e.add("data", JsonNull.INSTANCE);
            case 1 -> e.remove("data");
            case 2 -> e.addProperty("data", "not an object");
            case 3 -> e.add("data", new JsonArray());
            case 4 -> e.addProperty("data", 42);
            default -> e.addProperty("data", Json.compactGson().toJson(e.get("data") == null ? new JsonObject() : e.get("data")));
        }
    }

    private void claims(JsonObject e) {
        JsonObject data = dataOf(e);
        JsonElement claims = data.get("claims");
        switch (rnd.nextInt(9)) {
            case 0 -> data.addProperty("claims", Json.compactGson().toJson(claims == null ? new JsonObject() : claims));
            case 1 -> data.addProperty("claims", "{{garbage: not json");
            case 2 -> data.add("claims", new JsonArray());
            case 3 -> data.addProperty("claims", 12345);
            case 4 -> data.add("claims", JsonNull.INSTANCE);
            case 5 -> {
                JsonObject c = new JsonObject();
                c.add("appid", nested(3));
                c.add("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", new JsonArray());
                data.add("claims", c);
            }
            case 6 -> data.addProperty("authorization", "{\"evidence\":{\"principalId\":42}}");
            case 7 -> data.addProperty("httpRequest", "[not, json");
            default -> data.addProperty("claims", "\"just a json string\"");
        }
    }

    /** The guard's own identity in the forms Azure writes it: dashes or not, any casing, object id or app id. */
    private void ownIdentity(JsonObject e) {
        JsonObject data = dataOf(e);
        String id = rnd.nextBoolean() ? Rig.GUARD_APP_ID : Rig.GUARD_OBJECT_ID;
        String spelled = switch (rnd.nextInt(3)) {
            case 0 -> id.toUpperCase(Locale.ROOT);
            case 1 -> id.replace("-", "");
            default -> " " + id + " ";
        };
        switch (rnd.nextInt(3)) {
            case 0 -> {
                JsonObject claims = Json.object(data, "claims").orElseGet(JsonObject::new);
                claims.addProperty("appid", spelled);
                data.add("claims", claims);
            }
            case 1 -> {
                JsonObject claims = new JsonObject();
                claims.addProperty("http://schemas.microsoft.com/identity/claims/objectidentifier", spelled);
                data.addProperty("claims", Json.compactGson().toJson(claims));
            }
            default -> {
                JsonObject evidence = new JsonObject();
                evidence.addProperty("principalId", spelled);
                JsonObject auth = new JsonObject();
                auth.add("evidence", evidence);
                data.add("authorization", auth);
            }
        }
    }

    /** Points the event at another guarded or unguarded resource (valid shapes, other scopes). */
    private void retarget(JsonObject e) {
        String[][] targets = {
                {SUBNET, "Microsoft.Network/virtualNetworks/subnets/write"},
                {NET + "/virtualNetworks/ml-vnet", "Microsoft.Network/virtualNetworks/write"},
                {NET + "/virtualNetworks/ml-vnet/subnets/jumpbox", "Microsoft.Network/virtualNetworks/subnets/write"},
                {SEP + "/serviceEndpointPolicyDefinitions/storage-allow", "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write"},
                {NSG + "/securityRules/allow-batch-inbound", "Microsoft.Network/networkSecurityGroups/securityRules/write"},
                {BATCH_NSG, "Microsoft.Network/networkSecurityGroups/write"},
                {BATCH_NSG + "/securityRules/BatchNodeManagement", "Microsoft.Network/networkSecurityGroups/securityRules/write"},
                {"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/other/providers/Microsoft.Network/networkSecurityGroups/compute-nsg",
                        "Microsoft.Network/networkSecurityGroups/write"},
                {"/subscriptions/" + SUB + "/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore",
                        "Microsoft.Storage/storageAccounts/write"},
                {"/subscriptions/" + SUB + "/resourceGroups/ml-network-rg/providers/Microsoft.Network/routeTables/rogue-rt",
                        "Microsoft.Network/routeTables/write"}};
        String[] t = targets[rnd.nextInt(targets.length)];
        e.addProperty("subject", t[0]);
        JsonObject data = dataOf(e);
        data.addProperty("resourceUri", t[0]);
        data.addProperty("operationName", t[1]);
        e.addProperty("eventType", rnd.nextBoolean() ? "Microsoft.Resources.ResourceWriteSuccess" : "Microsoft.Resources.ResourceDeleteSuccess");
    }

    private String oddSubject(JsonObject e) {
        String s = Json.string(e, "subject").orElse(SEP + "/serviceEndpointPolicyDefinitions/ml-alias");
        return switch (rnd.nextInt(16)) {
            case 0 -> s.toUpperCase(Locale.ROOT);
            case 1 -> s.toLowerCase(Locale.ROOT);
            case 2 -> s + "/";
            case 3 -> s.replace("/", "//");
            case 4 -> " " + s + " ";
            case 5 -> s.replace(SUB, "11111111-2222-3333-4444-555555555555");
            case 6 -> s.replace("Microsoft.Network", "Microsoft.Compute");
            case 7 -> "";
            case 8 -> "/";
            case 9 -> "https://management.azure.com" + s + "?api-version=2025-03-01";
            case 10 -> s.replace("resourceGroups", "resourcegroups").replace("providers", "PROVIDERS");
            case 11 -> s.replace("/", "%2F");
            case 12 -> s + "/../../../networkSecurityGroups/compute-nsg";
            case 13 -> s.replace("a", "\u0430"); // Cyrillic homoglyph
            case 14 -> "/subscriptions/" + SUB;
            default -> s.substring(0, rnd.nextInt(s.length() + 1));
        };
    }

    private void operationName(JsonObject e) {
        JsonObject data = dataOf(e);
        String op = Json.string(data, "operationName").orElse("Microsoft.Network/virtualNetworks/subnets/write");
        data.addProperty("operationName", switch (rnd.nextInt(6)) {
            case 0 -> op.toUpperCase(Locale.ROOT);
            case 1 -> op.toLowerCase(Locale.ROOT);
            case 2 -> "";
            case 3 -> "Microsoft.Authorization/roleAssignments/write";
            case 4 -> op + "/extra";
            default -> "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/DELETE";
        });
    }

    private void eventType(JsonObject e) {
        String[] types = {"Microsoft.Resources.ResourceWriteSuccess", "microsoft.resources.resourcewritesuccess",
                "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceWriteFailure",
                "Microsoft.Resources.ResourceDeleteCancel", "Microsoft.Resources.ResourceActionSuccess",
                "Microsoft.Storage.BlobCreated", "", " ", "Microsoft.Resources.ResourceWriteSuccess ",
                "Microsoft.EventGrid.SubscriptionValidationEvent"};
        e.addProperty("eventType", types[rnd.nextInt(types.length)]);
    }

    private void id(JsonObject e) {
        switch (rnd.nextInt(8)) {
            case 0 -> e.remove("id");
            case 1 -> e.addProperty("id", "");
            case 2 -> e.addProperty("id", "   ");
            case 3 -> e.addProperty("id", 12345);
            case 4 -> e.addProperty("id", "ÿ-ünïcødé-\u202e-" + rnd.nextInt());
            case 5 -> e.addProperty("id", seenIds.isEmpty() ? "dup" : seenIds.get(rnd.nextInt(seenIds.size())));
            case 6 -> e.addProperty("id", freshId("ID").toUpperCase(Locale.ROOT) + "/");
            default -> e.add("id", JsonNull.INSTANCE);
        }
    }

    private void eventTime(JsonObject e, String now) {
        String[] times = {"", "yesterday", "2026-13-45T99:99:99Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                "2026-11-24T09:19:00", "2026-11-24", now};
        if (rnd.nextInt(5) == 0) {
            e.addProperty("eventTime", 1_700_000_000);
        } else {
            e.addProperty("eventTime", times[rnd.nextInt(times.length)]);
        }
    }

    private void envelope(JsonObject e) {
        String[] keys = {"topic", "dataVersion", "metadataVersion", "subject", "eventType", "eventTime"};
        String key = keys[rnd.nextInt(keys.length)];
        e.add(key, randomValue(1));
    }

    /** The same event in the CloudEvents 1.0 schema, valid. */
    static JsonObject cleanCloudEvent(JsonObject e) {
        JsonObject ce = new JsonObject();
        ce.add("id", e.get("id"));
        ce.addProperty("source", "/subscriptions/" + SUB);
        ce.addProperty("specversion", "1.0");
        ce.add("type", e.get("eventType"));
        ce.add("subject", e.get("subject"));
        ce.add("time", e.get("eventTime"));
        ce.add("data", e.get("data"));
        return ce;
    }

    private JsonObject toCloudEvent(JsonObject e, List<String> ops) {
        ops.add("cloudevent");
        JsonObject ce = new JsonObject();
        ce.add("id", e.has("id") ? e.get("id") : new JsonPrimitive(freshId("ce")));
        ce.addProperty("source", Json.string(e, "topic").orElse("/subscriptions/" + SUB));
        ce.addProperty(rnd.nextInt(4) == 0 ? "specVersion" : "specversion", rnd.nextInt(10) == 0 ? "0.3" : "1.0");
        ce.add("type", e.has("eventType") ? e.get("eventType") : JsonNull.INSTANCE);
        if (e.has("subject")) {
            ce.add("subject", e.get("subject"));
        }
        if (e.has("eventTime")) {
            ce.add("time", e.get("eventTime"));
        }
        if (e.has("data")) {
            ce.add("data", e.get("data"));
        }
        if (rnd.nextInt(8) == 0) {
            ce.remove("source");
        }
        return ce;
    }

    // ---- tree helpers -------------------------------------------------------------------------

    private JsonObject pick() {
        return events.get(rnd.nextInt(events.size()));
    }

    private String freshId(String prefix) {
        String id = prefix + "-" + Long.toHexString(rnd.nextLong());
        if (seenIds.size() < 2000) {
            seenIds.add(id);
        }
        return id;
    }

    private static JsonArray array(JsonElement... elements) {
        JsonArray a = new JsonArray();
        for (JsonElement e : elements) {
            a.add(e);
        }
        return a;
    }

    private static void insertAt(JsonArray array, int index, JsonElement e) {
        List<JsonElement> copy = new ArrayList<>();
        array.forEach(copy::add);
        copy.add(index, e);
        while (array.size() > 0) {
            array.remove(0);
        }
        copy.forEach(array::add);
    }

    private static byte[] bytes(JsonElement e) {
        return Json.compactGson().toJson(e).getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject dataOf(JsonObject e) {
        JsonElement d = e.get("data");
        if (d == null || !d.isJsonObject()) {
            JsonObject data = new JsonObject();
            e.add("data", data);
            return data;
        }
        return d.getAsJsonObject();
    }

    private String pickKey(JsonObject o) {
        List<String> keys = new ArrayList<>(o.keySet());
        return keys.isEmpty() ? "id" : keys.get(rnd.nextInt(keys.size()));
    }

    /** A random (container, key) position in the tree, as a list of steps from the root. */
    private List<Map.Entry<JsonElement, Object>> positions(JsonElement root) {
        List<Map.Entry<JsonElement, Object>> out = new ArrayList<>();
        collect(root, out, 0);
        return out;
    }

    private void collect(JsonElement e, List<Map.Entry<JsonElement, Object>> out, int depth) {
        if (depth > 8) {
            return;
        }
        if (e.isJsonObject()) {
            for (String k : e.getAsJsonObject().keySet()) {
                out.add(Map.entry(e, k));
                collect(e.getAsJsonObject().get(k), out, depth + 1);
            }
        } else if (e.isJsonArray()) {
            for (int i = 0; i < e.getAsJsonArray().size(); i++) {
                out.add(Map.entry(e, i));
                collect(e.getAsJsonArray().get(i), out, depth + 1);
            }
        }
    }

    private void removeRandom(JsonObject e) {
        List<Map.Entry<JsonElement, Object>> p = positions(e);
        if (p.isEmpty()) {
            return;
        }
        Map.Entry<JsonElement, Object> at = p.get(rnd.nextInt(p.size()));
        if (at.getValue() instanceof String k) {
            at.getKey().getAsJsonObject().remove(k);
        } else {
            at.getKey().getAsJsonArray().remove((int) (Integer) at.getValue());
        }
    }

    private void replaceRandom(JsonObject e, JsonElement value) {
        List<Map.Entry<JsonElement, Object>> p = positions(e);
        if (p.isEmpty()) {
            return;
        }
        Map.Entry<JsonElement, Object> at = p.get(rnd.nextInt(p.size()));
        if (at.getValue() instanceof String k) {
            at.getKey().getAsJsonObject().add(k, value);
        } else {
            at.getKey().getAsJsonArray().set((Integer) at.getValue(), value);
        }
    }

    private void replaceRandomString(JsonObject e, String value) {
        List<Map.Entry<JsonElement, Object>> strings = new ArrayList<>();
        for (Map.Entry<JsonElement, Object> at : positions(e)) {
            JsonElement v = at.getValue() instanceof String k ? at.getKey().getAsJsonObject().get(k)
                    : at.getKey().getAsJsonArray().get((Integer) at.getValue());
            if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                strings.add(at);
            }
        }
        if (strings.isEmpty()) {
            return;
        }
        Map.Entry<JsonElement, Object> at = strings.get(rnd.nextInt(strings.size()));
        if (at.getValue() instanceof String k) {
            at.getKey().getAsJsonObject().addProperty(k, value);
        } else {
            at.getKey().getAsJsonArray().set((Integer) at.getValue(), new JsonPrimitive(value));
        }
    }

    private void addExtra(JsonObject e) {
        String[] names = {"extra", "__proto__", "constructor", "eventtype", "ID", "Subject", "data ", "", "\u0000", "$ref",
                "specversion", "validationCode", "\uD83D\uDE00"};
        List<Map.Entry<JsonElement, Object>> p = positions(e);
        JsonObject target = e;
        for (int tries = 0; tries < 3 && !p.isEmpty(); tries++) {
            JsonElement c = p.get(rnd.nextInt(p.size())).getKey();
            if (c.isJsonObject()) {
                target = c.getAsJsonObject();
                break;
            }
        }
        String name = names[rnd.nextInt(names.length)];
        if (!target.has(name)) {
            target.add(name, randomValue(2));
        }
    }

    private JsonElement wrongType(JsonElement current) {
        if (current == null || current.isJsonNull()) {
            return new JsonPrimitive("was null");
        }
        if (current.isJsonObject()) {
            return rnd.nextBoolean() ? new JsonPrimitive(Json.compactGson().toJson(current)) : new JsonArray();
        }
        if (current.isJsonArray()) {
            return new JsonObject();
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> new JsonPrimitive(3.5e300);
            case 1 -> new JsonPrimitive(false);
            case 2 -> JsonNull.INSTANCE;
            default -> array(current);
        };
    }

    private JsonElement randomValue(int depth) {
        return TreeMutator.randomValue(rnd, depth);
    }

    private JsonElement nested(int depth) {
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

    private int indexInsideString(byte[] b) {
        List<Integer> quotes = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '"') {
                quotes.add(i);
            }
        }
        if (quotes.size() < 2) {
            return b.length / 2;
        }
        int q = rnd.nextInt(quotes.size() - 1);
        return quotes.get(q) + 1;
    }

    private String insert(String text, String what, String after) {
        int at = text.indexOf(after, rnd.nextInt(Math.max(1, text.length())));
        if (at < 0) {
            at = text.indexOf(after);
        }
        if (at < 0) {
            return text + what;
        }
        int end = text.indexOf(',', at);
        if (end < 0) {
            return text.substring(0, at + 1) + " " + what + "}";
        }
        return text.substring(0, at + 1) + " " + what + text.substring(end);
    }

    private static String insertAfter(String text, String marker, String what) {
        int at = text.indexOf(marker);
        return at < 0 ? text + what : text.substring(0, at + 1) + what + text.substring(at + 1);
    }

    private static String replaceLast(String text, String marker, String with) {
        int at = text.lastIndexOf(marker);
        return at < 0 ? text : text.substring(0, at) + with + text.substring(at + 1);
    }

    private static String replaceFirst(String text, String marker, String with) {
        int at = text.indexOf(marker);
        return at < 0 ? text : text.substring(0, at) + with + text.substring(at + marker.length());
    }
}
