package com.dlpguard.whatif;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.EstateBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a what-if result strictly (json.StrictJson: invalid UTF-8, comments, trailing commas,
 * duplicate keys are errors). Accepted shapes, all produced by Azure:
 * <ul>
 *   <li>{@code az deployment group|sub what-if --no-pretty-print} (default result format
 *       {@code FullResourcePayloads}): {@code {"status", "changes": [...], "error"}};</li>
 *   <li>the REST {@code whatIf} operation's result: {@code {"status", "properties": {"changes": [...]}, "error"}}.</li>
 * </ul>
 * Keys ARM adds over time ({@code potentialChanges}, {@code diagnostics}, {@code symbolicName} …)
 * are accepted; the ones the prediction reads are type-checked. A Create, Modify or Deploy of a
 * resource the rules read must carry {@code after} (the predicted resource): without it
 * ({@code --result-format ResourceIdOnly}) the guard could only guess, so it refuses the file.
 */
public final class WhatIfParser {

    private static final String SHAPES = "expected a what-if result: {\"status\", \"changes\": [...]} "
            + "(az deployment group what-if --no-pretty-print) or {\"status\", \"properties\": {\"changes\": [...]}} "
            + "(the REST whatIf result)";

    private WhatIfParser() {
    }

    public static WhatIfResult parse(byte[] bytes, String source) throws WhatIfInputException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(source, "source");
        String text;
        JsonElement root;
        try {
            text = StrictJson.decodeUtf8(bytes);
            root = StrictJson.parse(text);
        } catch (JsonInputException e) {
            throw new WhatIfInputException(source + ": " + e.getMessage());
        }
        if (!root.isJsonObject()) {
            throw error(source, "$", SHAPES + ", got " + kind(root));
        }
        JsonObject top = root.getAsJsonObject();
        JsonObject holder = top;
        String holderPath = "$";
        if (top.has("properties") && !top.get("properties").isJsonNull()) {
            holder = object(top, "properties", "$", source);
            holderPath = "$.properties";
            if (top.has("changes")) {
                throw error(source, "$.changes", "present next to $.properties.changes: which one is the result?");
            }
        }
        if (!top.has("status") && !holder.has("changes")) {
            throw error(source, "$", SHAPES + "; found neither \"status\" nor \"changes\"");
        }
        String status = string(top, "status", "$", source)
                .orElseThrow(() -> error(source, "$.status", "missing (every what-if result carries its status)"));
        Optional<WhatIfResult.Error> armError = armError(top, source);

        Optional<JsonArray> changes = array(holder, "changes", holderPath, source);
        boolean succeeded = status.equals("Succeeded") && armError.isEmpty();
        if (succeeded && changes.isEmpty()) {
            throw error(source, holderPath + ".changes", "missing: a succeeded what-if lists its changes");
        }
        LineFinder lines = new LineFinder(text);
        List<WhatIfChange> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        readChanges(changes, holderPath + ".changes", false, source, lines, seen, out);
        readChanges(array(holder, "potentialChanges", holderPath, source), holderPath + ".potentialChanges", true,
                source, lines, seen, out);
        return new WhatIfResult(source, status, out, armError);
    }

    private static void readChanges(Optional<JsonArray> array, String path, boolean potential, String source,
                                    LineFinder lines, Set<String> seen, List<WhatIfChange> out)
            throws WhatIfInputException {
        if (array.isEmpty()) {
            return;
        }
        for (int i = 0; i < array.get().size(); i++) {
            String at = path + "[" + i + "]";
            JsonElement e = array.get().get(i);
            if (!e.isJsonObject()) {
                throw error(source, at, "expected a change object, got " + kind(e));
            }
            WhatIfChange change = change(e.getAsJsonObject(), at, potential, source, lines);
            if (!change.rawResourceId().isEmpty()
                    && !seen.add(change.rawResourceId().toLowerCase(Locale.ROOT) + (potential ? "|potential" : ""))) {
                // Two predictions for one resource: which one holds is exactly what the guard cannot tell.
                throw error(source, at + ".resourceId", "the resource " + change.rawResourceId() + " is listed twice");
            }
            out.add(change);
        }
    }

    private static WhatIfChange change(JsonObject o, String at, boolean potential, String source, LineFinder lines)
            throws WhatIfInputException {
        String rawType = string(o, "changeType", at, source)
                .orElseThrow(() -> error(source, at + ".changeType", "missing"));
        ChangeType type = ChangeType.parse(rawType).orElseThrow(() -> error(source, at + ".changeType",
                "unknown change type '" + abbreviate(rawType) + "' (Create, Delete, Deploy, Ignore, Modify, NoChange, Unsupported)"));
        Optional<String> rawId = string(o, "resourceId", at, source);
        if (rawId.isEmpty() && !(o.has("extension") && o.get("extension").isJsonObject())) {
            // Only a Bicep extension resource (Microsoft Graph, Kubernetes…) legitimately has no ARM id.
            throw error(source, at + ".resourceId", "missing");
        }
        Optional<ResourceId> id = rawId.flatMap(ResourceId::tryParse);
        Optional<JsonObject> before = optObject(o, "before", at, source);
        Optional<JsonObject> after = optObject(o, "after", at, source);
        Optional<String> unsupported = string(o, "unsupportedReason", at, source);
        array(o, "delta", at, source);
        if (type.writes() && after.isEmpty() && id.map(r -> EstateBuilder.isModelled(r.type())).orElse(false)) {
            throw error(source, at + ".after", "missing: a " + type.wireName() + " of a " + id.get().type()
                    + " needs the predicted resource; run what-if with --result-format FullResourcePayloads");
        }
        if (after.isPresent() && rawId.isPresent()) {
            Optional<String> afterId = string(after.get(), "id", at + ".after", source);
            if (afterId.isPresent() && !afterId.get().equalsIgnoreCase(rawId.get())) {
                throw error(source, at + ".after.id", "'" + abbreviate(afterId.get()) + "' is not the change's resourceId "
                        + abbreviate(rawId.get()));
            }
        }
        return new WhatIfChange(source, source + ": " + at, rawId.map(lines::lineOf).orElse(1), rawId.orElse(""), id,
                type, before, after, unsupported, potential);
    }

    private static Optional<WhatIfResult.Error> armError(JsonObject top, String source) throws WhatIfInputException {
        Optional<JsonObject> e = optObject(top, "error", "$", source);
        if (e.isEmpty()) {
            return Optional.empty();
        }
        String code = string(e.get(), "code", "$.error", source).orElse("(no code)");
        StringBuilder message = new StringBuilder(string(e.get(), "message", "$.error", source).orElse("(no message)"));
        Optional<JsonArray> details = array(e.get(), "details", "$.error", source);
        if (details.isPresent()) {
            for (JsonElement d : details.get()) {
                if (d.isJsonObject() && d.getAsJsonObject().has("message")
                        && d.getAsJsonObject().get("message").isJsonPrimitive()) {
                    message.append(" / ").append(d.getAsJsonObject().get("message").getAsString());
                }
            }
        }
        return Optional.of(new WhatIfResult.Error(code, abbreviate(message.toString())));
    }

    // ---- typed access with JSON paths --------------------------------------------------------

    private static Optional<String> string(JsonObject o, String key, String at, String source) throws WhatIfInputException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(source, at + "." + key, "expected a string, got " + kind(e));
        }
        return Optional.of(e.getAsString());
    }

    private static Optional<JsonObject> optObject(JsonObject o, String key, String at, String source)
            throws WhatIfInputException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonObject()) {
            throw error(source, at + "." + key, "expected an object or null, got " + kind(e));
        }
        return Optional.of(e.getAsJsonObject());
    }

    private static JsonObject object(JsonObject o, String key, String at, String source) throws WhatIfInputException {
        return optObject(o, key, at, source).orElseThrow(() -> error(source, at + "." + key, "missing"));
    }

    private static Optional<JsonArray> array(JsonObject o, String key, String at, String source) throws WhatIfInputException {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return Optional.empty();
        }
        if (!e.isJsonArray()) {
            throw error(source, at + "." + key, "expected an array or null, got " + kind(e));
        }
        return Optional.of(e.getAsJsonArray());
    }

    private static WhatIfInputException error(String source, String path, String problem) {
        return new WhatIfInputException(source + ": " + path + ": " + problem);
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        return e.getAsJsonPrimitive().isString() ? "a string" : e.getAsJsonPrimitive().isBoolean() ? "a boolean" : "a number";
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /**
     * Lines of successive {@code "resourceId": "<id>"} occurrences, for SARIF regions. Changes come
     * in file order, so lines are counted forward from the previous match (linear in the file).
     */
    private static final class LineFinder {
        private final String text;
        private int from;
        private int countedTo;
        private int line = 1;

        LineFinder(String text) {
            this.text = text;
        }

        int lineOf(String rawId) {
            Matcher m = Pattern.compile("\"resourceId\"\\s*:\\s*\"" + Pattern.quote(rawId) + "\"").matcher(text);
            if (!m.find(from)) {
                return 1;
            }
            from = m.end();
            for (; countedTo < m.start(); countedTo++) {
                if (text.charAt(countedTo) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
