package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A rule waived for one resource (and everything beneath it) until a date, inclusive. After that
 * date it lapses: it covers nothing and the finding counts again (rule book 3). It never makes
 * anything fail: a guard that stopped because a date passed is what an insider waiting for an
 * exemption to expire would want (attack #4).
 */
public record Exemption(String ruleId, ResourceId resourceId, LocalDate until, String reason) {
    public Exemption {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean covers(String findingRuleId, ResourceId findingResource, LocalDate today) {
        return ruleId.equalsIgnoreCase(findingRuleId) && findingResource.isWithin(resourceId) && !isLapsed(today);
    }

    public boolean isLapsed(LocalDate today) {
        return today.isAfter(until);
    }

    /** "exemption of DLP009 for .../legacy-nsg (legacy CI) lapsed on 2027-01-31: the finding counts again". */
    public String lapsedMessage() {
        return "exemption of " + ruleId + " for " + resourceId + " (" + reason + ") lapsed after " + until
                + ": its findings count again; renew it with a reason or remove it";
    }
}
