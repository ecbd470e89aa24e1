package com.dlpguard.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Structural check of a JSON document against a draft-04 JSON schema, for the keywords the SARIF
 * 2.1.0 schema uses: $ref (local), type, required, properties, additionalProperties, items,
 * minItems, uniqueItems, minimum, maximum, enum, pattern, anyOf, oneOf. {@code format} is not
 * checked. Errors carry the JSON path. No JSON-schema library resolves from this build's
 * registry, and this subset is all SARIF needs.
 */
final class SchemaCheck {
    private final JsonObject root;

    private SchemaCheck(JsonObject root) {
        this.root = root;
    }

    static SchemaCheck load(Path schema) throws IOException {
        return new SchemaCheck(JsonParser.parseString(Files.readString(schema)).getAsJsonObject());
    }

    /** Every violation found, empty when the document conforms. */
    List<String> errors(JsonElement document) {
        List<String> errors = new ArrayList<>();
        check(document, root, "$", errors);
        return errors;
    }

    private JsonObject resolve(JsonObject schema) {
        JsonObject s = schema;
        while (s.has("$ref")) {
            String ref = s.get("$ref").getAsString();
            if (!ref.startsWith("#/definitions/")) {
                throw new IllegalArgumentException("only local definitions are supported: " + ref);
            }
            s = root.getAsJsonObject("definitions").getAsJsonObject(ref.substring("#/definitions/".length()));
        }
        return s;
    }

    private void check(JsonElement value, JsonObject rawSchema, String path, List<String> errors) {
        JsonObject schema = resolve(rawSchema);
        if (schema.has("type") && !typeMatches(value, schema.get("type"))) {
            errors.add(path + ": expected type " + schema.get("type") + ", found " + value);
            return;
        }
        if (schema.has("enum") && !schema.getAsJsonArray("enum").contains(value)) {
            errors.add(path + ": " + value + " not in " + schema.get("enum"));
        }
        if (schema.has("anyOf") && alternativesMatching(value, schema.getAsJsonArray("anyOf"), path) == 0) {
            errors.add(path + ": matches none of anyOf");
        }
        if (schema.has("oneOf") && alternativesMatching(value, schema.getAsJsonArray("oneOf"), path) != 1) {
            errors.add(path + ": must match exactly one of oneOf");
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double n = value.getAsDouble();
            if (schema.has("minimum") && n < schema.get("minimum").getAsDouble()) {
                errors.add(path + ": " + n + " below minimum " + schema.get("minimum"));
            }
            if (schema.has("maximum") && n > schema.get("maximum").getAsDouble()) {
                errors.add(path + ": " + n + " above maximum " + schema.get("maximum"));
            }
        }
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() && schema.has("pattern")
                && !Pattern.compile(schema.get("pattern").getAsString()).matcher(value.getAsString()).find()) {
            errors.add(path + ": '" + value.getAsString() + "' does not match " + schema.get("pattern"));
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            if (schema.has("minItems") && array.size() < schema.get("minItems").getAsInt()) {
                errors.add(path + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.has("uniqueItems") && schema.get("uniqueItems").getAsBoolean()
                    && new HashSet<>(array.asList()).size() != array.size()) {
                errors.add(path + ": items are not unique");
            }
            if (schema.has("items")) {
                for (int i = 0; i < array.size(); i++) {
                    check(array.get(i), schema.getAsJsonObject("items"), path + "[" + i + "]", errors);
                }
            }
        }
        if (value.isJsonObject()) {
            JsonObject object = value.getAsJsonObject();
            if (schema.has("required")) {
                for (JsonElement r : schema.getAsJsonArray("required")) {
                    if (!object.has(r.getAsString())) {
                        errors.add(path + ": required property '" + r.getAsString() + "' missing");
                    }
                }
            }
            JsonObject properties = schema.has("properties") ? schema.getAsJsonObject("properties") : new JsonObject();
            for (Map.Entry<String, JsonElement> e : object.entrySet()) {
                String childPath = path + "." + e.getKey();
                if (properties.has(e.getKey())) {
                    check(e.getValue(), properties.getAsJsonObject(e.getKey()), childPath, errors);
                } else if (schema.has("additionalProperties")) {
                    JsonElement additional = schema.get("additionalProperties");
                    if (additional.isJsonPrimitive() && !additional.getAsBoolean()) {
                        errors.add(childPath + ": property not allowed here");
                    } else if (additional.isJsonObject()) {
                        check(e.getValue(), additional.getAsJsonObject(), childPath, errors);
                    }
                }
            }
        }
    }

    private int alternativesMatching(JsonElement value, JsonArray alternatives, String path) {
        int matching = 0;
        for (JsonElement alternative : alternatives) {
            List<String> errs = new ArrayList<>();
            check(value, alternative.getAsJsonObject(), path, errs);
            if (errs.isEmpty()) {
                matching++;
            }
        }
        return matching;
    }

    private static boolean typeMatches(JsonElement value, JsonElement type) {
        if (type.isJsonArray()) {
            return type.getAsJsonArray().asList().stream().anyMatch(t -> typeMatches(value, t));
        }
        String t = type.getAsString();
        return switch (t) {
            case "object" -> value.isJsonObject();
            case "array" -> value.isJsonArray();
            case "string" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isString();
            case "boolean" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean();
            case "number" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber();
            case "integer" -> value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                    && value.getAsBigDecimal().stripTrailingZeros().scale() <= 0;
            case "null" -> value.isJsonNull();
            default -> throw new IllegalArgumentException("unknown schema type " + t);
        };
    }
}
