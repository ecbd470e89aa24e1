package com.dlpguard.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A security rule (custom or default). Address and port lists merge ARM's singular and plural
 * fields ({@code destinationAddressPrefix} and {@code destinationAddressPrefixes} both count).
 * Application security groups are kept as ids: they cannot be resolved offline.
 */
public record SecurityRule(ResourceId id,
                           String name,
                           Optional<String> etag,
                           int priority,
                           Direction direction,
                           Access access,
                           String protocol,
                           List<String> sourceAddressPrefixes,
                           List<ResourceId> sourceApplicationSecurityGroups,
                           List<String> sourcePortRanges,
                           List<String> destinationAddressPrefixes,
                           List<ResourceId> destinationApplicationSecurityGroups,
                           List<String> destinationPortRanges,
                           Optional<String> description,
                           boolean isDefault,
                           ResourceDocument document) {

    public enum Direction { INBOUND, OUTBOUND;
        public static Direction parse(String s) {
            if ("inbound".equalsIgnoreCase(s)) {
                return INBOUND;
            }
            if ("outbound".equalsIgnoreCase(s)) {
                return OUTBOUND;
            }
            throw new IllegalArgumentException("direction must be Inbound or Outbound, got '" + s + "'");
        }
    }

    public enum Access { ALLOW, DENY;
        public static Access parse(String s) {
            if ("allow".equalsIgnoreCase(s)) {
                return ALLOW;
            }
            if ("deny".equalsIgnoreCase(s)) {
                return DENY;
            }
            throw new IllegalArgumentException("access must be Allow or Deny, got '" + s + "'");
        }
    }

    public SecurityRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(protocol, "protocol");
        sourceAddressPrefixes = List.copyOf(sourceAddressPrefixes);
        sourceApplicationSecurityGroups = List.copyOf(sourceApplicationSecurityGroups);
        sourcePortRanges = List.copyOf(sourcePortRanges);
        destinationAddressPrefixes = List.copyOf(destinationAddressPrefixes);
        destinationApplicationSecurityGroups = List.copyOf(destinationApplicationSecurityGroups);
        destinationPortRanges = List.copyOf(destinationPortRanges);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public SecurityRule(ResourceId id, String name, Optional<String> etag, int priority, Direction direction,
            Access access, String protocol, List<String> sourceAddressPrefixes,
            List<ResourceId> sourceApplicationSecurityGroups, List<String> sourcePortRanges,
            List<String> destinationAddressPrefixes, List<ResourceId> destinationApplicationSecurityGroups,
            List<String> destinationPortRanges, Optional<String> description, boolean isDefault, String json) {
        this(id, name, etag, priority, direction, access, protocol, sourceAddressPrefixes,
                sourceApplicationSecurityGroups, sourcePortRanges, destinationAddressPrefixes,
                destinationApplicationSecurityGroups, destinationPortRanges, description, isDefault,
                ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    public ResourceId networkSecurityGroupId() {
        return id.parent().orElseThrow();
    }
}
