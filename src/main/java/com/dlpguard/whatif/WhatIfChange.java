package com.dlpguard.whatif;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a what-if result's {@code changes}. {@code rawResourceId} is the text ARM gave
 * (empty for a Bicep extension resource, which has no ARM id); {@code id} is it parsed, when it
 * parses. {@code where} is {@code file: $.changes[3]} for messages; {@code line} the 1-based line of
 * its {@code resourceId} in the file (1 when it cannot be located), for SARIF.
 * {@code potential} marks an entry of {@code potentialChanges}: ARM itself is not sure it happens.
 */
public record WhatIfChange(String source,
                           String where,
                           int line,
                           String rawResourceId,
                           Optional<ResourceId> id,
                           ChangeType changeType,
                           Optional<JsonObject> before,
                           Optional<JsonObject> after,
                           Optional<String> unsupportedReason,
                           boolean potential) {
    public WhatIfChange {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(rawResourceId, "rawResourceId");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changeType, "changeType");
        before = before.map(JsonObject::deepCopy);
        after = after.map(JsonObject::deepCopy);
        Objects.requireNonNull(unsupportedReason, "unsupportedReason");
        if (line < 1) {
            throw new IllegalArgumentException("line is 1-based");
        }
    }

    /** The predicted resource, copied (callers may change it). */
    @Override
    public Optional<JsonObject> after() {
        return after.map(JsonObject::deepCopy);
    }

    @Override
    public Optional<JsonObject> before() {
        return before.map(JsonObject::deepCopy);
    }

    /** "Modify /subscriptions/…/aml-dlp" for messages. */
    public String describe() {
        return (potential ? "potential " : "") + changeType.wireName() + " "
                + (rawResourceId.isEmpty() ? "(extension resource)" : rawResourceId);
    }
}
