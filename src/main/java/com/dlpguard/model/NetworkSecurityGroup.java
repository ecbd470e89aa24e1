package com.dlpguard.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A network security group with its custom rules (inline and standalone merged) and its default
 * rules as ARM reported them (may be empty in a snapshot; the evaluator then uses Azure's fixed
 * defaults).
 */
public record NetworkSecurityGroup(ResourceId id,
                                   String location,
                                   Optional<String> etag,
                                   List<SecurityRule> securityRules,
                                   List<SecurityRule> defaultSecurityRules,
                                   List<ResourceId> subnetIds,
                                   Map<String, String> tags,
                                   ResourceDocument document) {
    public NetworkSecurityGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(etag, "etag");
        securityRules = List.copyOf(securityRules);
        defaultSecurityRules = List.copyOf(defaultSecurityRules);
        subnetIds = List.copyOf(subnetIds);
        tags = Map.copyOf(tags);
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public NetworkSecurityGroup(ResourceId id, String location, Optional<String> etag,
            List<SecurityRule> securityRules, List<SecurityRule> defaultSecurityRules, List<ResourceId> subnetIds,
            Map<String, String> tags, String json) {
        this(id, location, etag, securityRules, defaultSecurityRules, subnetIds, tags, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    public Optional<SecurityRule> rule(String ruleName) {
        return securityRules.stream().filter(r -> r.name().equalsIgnoreCase(ruleName)).findFirst();
    }
}
