package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** One distinct remedy and every rule asking for it (two workspaces sharing a subnet ask twice). */
record Claim(Remedy remedy, List<String> ruleIds) {
    Claim {
        Objects.requireNonNull(remedy, "remedy");
        ruleIds = List.copyOf(ruleIds);
    }

    List<SkippedRemedy> skip(ResourceId target, String reason) {
        return ruleIds.stream().map(r -> new SkippedRemedy(r, target, reason)).toList();
    }

    static List<SkippedRemedy> skipAll(Collection<Claim> claims, ResourceId target, String reason) {
        List<SkippedRemedy> out = new ArrayList<>();
        claims.forEach(c -> out.addAll(c.skip(target, reason)));
        return out;
    }

    static List<String> ruleIdsOf(Collection<Claim> claims) {
        return claims.stream().flatMap(c -> c.ruleIds().stream()).distinct().toList();
    }

    /** "DLP002" or "DLP002, DLP005": the prefix of a reason sentence. */
    String rules() {
        return String.join(", ", ruleIds);
    }
}
