package com.dlpguard.config;

import com.dlpguard.model.ResourceId;

import java.util.List;

/**
 * The outbound destinations a managed-network workspace may have user-defined rules for (all
 * empty by default: nothing is approved). {@code fqdns} are normalized host names (lower case, no
 * trailing dot, IDN in its ASCII form) or {@code *.}-wildcards; {@code serviceTags} compare
 * case-insensitively.
 */
public record ApprovedOutbound(List<ResourceId> privateEndpoints, List<String> fqdns, List<String> serviceTags) {
    public static final ApprovedOutbound NONE = new ApprovedOutbound(List.of(), List.of(), List.of());

    public ApprovedOutbound {
        privateEndpoints = List.copyOf(privateEndpoints);
        fqdns = List.copyOf(fqdns);
        serviceTags = List.copyOf(serviceTags);
    }
}
