package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.time.LocalDate;
import java.util.Objects;

/** A rule waived for one resource (and everything beneath it) until a date, inclusive. */
public record Exemption(String ruleId, ResourceId resourceId, LocalDate until, String reason) {
    public Exemption {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean covers(String findingRuleId, ResourceId findingResource, LocalDate today) {
        return ruleId.equalsIgnoreCase(findingRuleId) && findingResource.isWithin(resourceId) && !today.isAfter(until);
    }
}
