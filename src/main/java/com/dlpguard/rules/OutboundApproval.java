package com.dlpguard.rules;

import com.dlpguard.config.ApprovedOutbound;
import com.dlpguard.model.HostNames;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.OutboundRule.Destination;
import com.dlpguard.model.ResourceId;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether an outbound rule of a managed network goes only where the configuration approves.
 * Every comparison is made on a normalized form, because the insider chooses the spelling:
 * resource ids compare as {@link ResourceId} (case-insensitive), service tags ignoring case, host
 * names through {@link HostNames} (case, trailing dot, punycode).
 *
 * <p>FQDN: a host is approved when listed, or under an approved {@code *.}-wildcard (a strict
 * subdomain: {@code *.contoso.com} does not approve {@code contoso.com}). A wildcard rule is
 * approved only when that same wildcard is listed: {@code *.blob.core.windows.net} opens every
 * storage account in Azure, and approving one account ({@code mine.blob.core.windows.net}) or the
 * parent name must never approve it; each wildcard is a decision someone writes down.
 */
final class OutboundApproval {
    private OutboundApproval() {
    }

    /** Empty when approved, else why not (for the finding's message). */
    static Optional<String> whyNot(OutboundRule rule, ApprovedOutbound approved, Collection<ResourceId> alsoEndpoints,
                                   Collection<String> alsoTags) {
        Destination d = rule.destination();
        if (d instanceof Destination.Fqdn fqdn) {
            return fqdn(fqdn.host(), approved.fqdns());
        }
        if (d instanceof Destination.PrivateEndpoint pe) {
            Optional<ResourceId> target = ResourceId.tryParse(pe.serviceResourceId());
            if (target.isEmpty()) {
                return Optional.of("its target '" + pe.serviceResourceId() + "' is not a resource id");
            }
            if (approved.privateEndpoints().contains(target.get()) || alsoEndpoints.contains(target.get())) {
                return Optional.empty();
            }
            return Optional.of("private endpoint to " + target.get() + " is not in approvedOutbound.privateEndpoints");
        }
        if (d instanceof Destination.ServiceTag tag) {
            // A Deny rule opens nothing (in approved-outbound mode it only repeats the default);
            // deleting it could only widen egress. Anything but an explicit Deny counts as Allow.
            if (tag.action().map(x -> x.trim().equalsIgnoreCase("Deny")).orElse(false)) {
                return Optional.empty();
            }
            // The spec: "if [addressPrefixes are] provided, the ServiceTag property will be ignored".
            // Address ranges cannot be approved by configuration, so a rule carrying them is judged
            // by them, not by the innocent tag name next to them.
            if (!tag.addressPrefixes().isEmpty()) {
                return Optional.of("it carries address prefixes " + tag.addressPrefixes()
                        + ", which replace its service tag and cannot be approved");
            }
            String name = tag.serviceTag().trim();
            boolean ok = !name.isEmpty() && (containsIgnoreCase(approved.serviceTags(), name) || containsIgnoreCase(alsoTags, name));
            return ok ? Optional.empty()
                    : Optional.of("service tag '" + name + "' is not in approvedOutbound.serviceTags");
        }
        return Optional.of("its type '" + rule.type() + "' is not one the guard can approve");
    }

    static Optional<String> fqdn(String raw, List<String> approvedPatterns) {
        Optional<String> pattern = HostNames.normalizePattern(raw);
        if (pattern.isEmpty()) {
            return Optional.of("'" + raw + "' is not a host name or a *.-wildcard");
        }
        String p = pattern.get();
        if (approvedPatterns.contains(p)) {
            return Optional.empty();
        }
        if (HostNames.isWildcard(p)) {
            return Optional.of("wildcard " + p + " is not itself in approvedOutbound.fqdns (a wildcard is approved only literally)");
        }
        for (String a : approvedPatterns) {
            if (HostNames.isWildcard(a) && p.endsWith(a.substring(1))) {
                return Optional.empty();
            }
        }
        return Optional.of("host " + p + " is not in approvedOutbound.fqdns");
    }

    /** The destination's value alone (host, resource id, tag), for offending values. */
    static String value(OutboundRule rule) {
        Destination d = rule.destination();
        if (d instanceof Destination.PrivateEndpoint pe) {
            return pe.serviceResourceId();
        }
        return describe(rule);
    }

    /** The rule's destination as one string, for messages. */
    static String describe(OutboundRule rule) {
        Destination d = rule.destination();
        if (d instanceof Destination.Fqdn f) {
            return f.host();
        }
        if (d instanceof Destination.PrivateEndpoint pe) {
            return pe.serviceResourceId() + pe.subresourceTarget().map(t -> " (" + t + ")").orElse("");
        }
        if (d instanceof Destination.ServiceTag t) {
            return t.serviceTag() + (t.addressPrefixes().isEmpty() ? "" : " " + t.addressPrefixes())
                    + t.action().filter(x -> x.trim().equalsIgnoreCase("Deny")).map(x -> " (Deny)").orElse("");
        }
        return ((Destination.Unrecognized) d).json();
    }

    private static boolean containsIgnoreCase(Collection<String> values, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        return values.stream().anyMatch(x -> x.trim().toLowerCase(Locale.ROOT).equals(v));
    }
}
