package com.dlpguard.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One outbound rule of a workspace's managed network ({@code OutboundRule} of the
 * Microsoft.MachineLearningServices 2025-09-01 REST spec): {@code type} is the discriminator
 * ({@code FQDN}, {@code PrivateEndpoint}, {@code ServiceTag}), {@code category} is set by the
 * service ({@code Required}, {@code Recommended}, {@code Dependency} for the platform's own rules,
 * {@code UserDefined} for the rest). {@code etag} is the ETag ARM answered for the standalone rule,
 * when it answered one (the spec declares none; the guard uses it for If-Match when present).
 */
public record OutboundRule(ResourceId id, String name, String type, Optional<String> category, Optional<String> status,
                           Destination destination, Optional<String> etag, ResourceDocument document) {

    public OutboundRule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(etag, "etag");
        Objects.requireNonNull(document, "document");
    }

    /** With the document's text already rendered (records built by hand, tests). */
    public OutboundRule(ResourceId id, String name, String type, Optional<String> category, Optional<String> status,
            Destination destination, Optional<String> etag, String json) {
        this(id, name, type, category, status, destination, etag, ResourceDocument.ofText(json));
    }

    /** The resource's ARM document as compact JSON, rendered on first use (see {@link ResourceDocument}). */
    public String json() {
        return document.text();
    }

    /**
     * The platform's own rules. A rule without a category is not one: the service always sets it,
     * so a missing one is treated like a user's rule (judged and, when unapproved, deleted) rather
     * than like a protected platform rule.
     */
    public boolean isPlatformRule() {
        return category.map(c -> switch (c.trim().toLowerCase(Locale.ROOT)) {
            case "required", "dependency", "recommended" -> true;
            default -> false;
        }).orElse(false);
    }

    /** Where the rule lets traffic go, by type. */
    public sealed interface Destination {
        /** An {@code FQDN} rule: a host name, possibly a {@code *.} wildcard, as written. */
        record Fqdn(String host) implements Destination {
            public Fqdn { Objects.requireNonNull(host, "host"); }
        }

        /** A {@code PrivateEndpoint} rule: the target resource id as written (it may not parse). */
        record PrivateEndpoint(String serviceResourceId, Optional<String> subresourceTarget) implements Destination {
            public PrivateEndpoint {
                Objects.requireNonNull(serviceResourceId, "serviceResourceId");
                Objects.requireNonNull(subresourceTarget, "subresourceTarget");
            }
        }

        /** A {@code ServiceTag} rule; {@code addressPrefixes}, when ARM lists them, replace the tag. */
        record ServiceTag(String serviceTag, Optional<String> protocol, Optional<String> portRanges,
                          Optional<String> action, List<String> addressPrefixes) implements Destination {
            public ServiceTag {
                Objects.requireNonNull(serviceTag, "serviceTag");
                Objects.requireNonNull(protocol, "protocol");
                Objects.requireNonNull(portRanges, "portRanges");
                Objects.requireNonNull(action, "action");
                addressPrefixes = List.copyOf(addressPrefixes);
            }
        }

        /** A rule type this guard does not know (a newer API): its destination as JSON text. */
        record Unrecognized(String json) implements Destination {
            public Unrecognized { Objects.requireNonNull(json, "json"); }
        }
    }
}
