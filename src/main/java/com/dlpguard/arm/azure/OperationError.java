package com.dlpguard.arm.azure;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Optional;

/** The error of a failed long-running operation's status body: {@code {"status":"Failed","error":{"code","message"}}}. */
final class OperationError {
    private OperationError() {
    }

    static Optional<String> code(String body) {
        return field(body, "code");
    }

    static Optional<String> message(String body) {
        return field(body, "message");
    }

    private static Optional<String> field(String body, String name) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                return Optional.empty();
            }
            JsonElement error = parsed.getAsJsonObject().get("error");
            if (error == null || !error.isJsonObject()) {
                return Optional.empty();
            }
            JsonObject e = error.getAsJsonObject();
            JsonElement value = e.get(name);
            return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
        } catch (JsonInputException e) {
            return Optional.empty();
        }
    }
}
