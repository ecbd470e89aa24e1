package com.dlpguard.report;

import com.dlpguard.model.ResourceId;

import java.util.Objects;
import java.util.Optional;

/**
 * One alert the guard would send, as {@code replay} lists it: the webhook schema's words for
 * {@code kind} ({@code violation}, {@code unverifiable}, {@code escalation}, {@code resolved}) and
 * {@code action} ({@code would-roll-back-dry-run}, {@code alert-only}, {@code could-not-verify}, …;
 * empty only for {@code resolved}).
 */
public record AlertLine(String kind, String ruleId, ResourceId resourceId, Optional<String> action) {
    public AlertLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(action, "action");
    }
}
