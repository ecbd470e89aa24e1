package com.dlpguard.rules;

import com.dlpguard.model.AddressSpace;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.SecurityRule.Access;
import com.dlpguard.model.SecurityRule.Direction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Evaluates an NSG for a {@link TrafficProbe} the way Azure does (rule book 2.1): the custom rules
 * and the default rules of the probe's direction, sorted by priority; the first rule matching
 * protocol, destination port and both addresses decides. Pure.
 *
 * <p>Address matching, remote side (a public service tag such as {@code Storage.westeurope}): a
 * rule value matches when it is {@code *}, the same tag, the probe's global form ({@code Storage}
 * covers {@code Storage.westeurope}, never the reverse), {@code Internet} or {@code AzureCloud}
 * (service tags are public Azure addresses) or {@code AzureCloud.<region>} of the probe's own
 * region. The probe {@code Internet} is matched only by {@code *} and {@code Internet}. Any other
 * tag ({@code VirtualNetwork}, another service) does not match.
 *
 * <p>Local side (the protected subnet: the source of an outbound probe): {@code *} and
 * {@code VirtualNetwork} match, other tags do not (the subnet's private addresses are in no public
 * tag).
 *
 * <p>Remote addresses that are not service tags (rule book 2.1): an application security group,
 * {@code VirtualNetwork} and a CIDR or IP wholly inside private space ({@link AddressSpace#PRIVATE})
 * never match a public tag probe. Any other CIDR or IP is public; what it means depends on the
 * question ({@link PublicAddresses}): for egress locking (DLP010) an Allow to it matches (public
 * space may hold any region's storage accounts) and a Deny neither matches nor blocks; for the
 * tags the compute needs (DLP006-DLP008) it neither matches nor blocks. Either way the verdict
 * records the assumption, which cannot flip it: the asymmetry judges towards "egress is open".
 * {@code 0.0.0.0/0} contains every IPv4 address, so it matches like {@code *}.
 *
 * <p>What still cannot be mapped offline: the local side's CIDRs and application security groups
 * (they may or may not hold the compute). Such a rule neither matches nor blocks the probe and the
 * verdict records an assumption that can flip it; a rule deciding on such a verdict sees it through
 * {@link NsgVerdict#flippingAssumptions()} and answers {@code unknown}.
 *
 * <p>Source ports: a client's port is ephemeral, so a rule's source port range matches when it is
 * {@code *} or covers every port from 1024 up; a narrower one is an assumption too.
 */
public final class EffectiveNsgEvaluator {
    private static final String ALL_IPV4 = "0.0.0.0/0";

    /** How a public CIDR or IP in a rule's remote side is read (rule book 2.1). */
    public enum PublicAddresses {
        /** DLP006-DLP008: neither matches nor blocks the probe; the verdict notes the assumption. */
        NEITHER_MATCH_NOR_BLOCK,
        /** DLP010: an Allow matches (egress is open); a Deny neither matches nor blocks. */
        OPEN_EGRESS
    }

    private EffectiveNsgEvaluator() {
    }

    public static NsgVerdict evaluate(NetworkSecurityGroup nsg, TrafficProbe probe) {
        return evaluate(nsg, probe, PublicAddresses.NEITHER_MATCH_NOR_BLOCK);
    }

    public static NsgVerdict evaluate(NetworkSecurityGroup nsg, TrafficProbe probe, PublicAddresses publicAddresses) {
        return evaluate(nsg.id(), Stream.concat(nsg.securityRules().stream(), DefaultSecurityRules.of(nsg).stream()).toList(),
                probe, publicAddresses);
    }

    /** Evaluates {@code rules} (custom and default together) of the NSG {@code nsg}. */
    public static NsgVerdict evaluate(ResourceId nsg, List<SecurityRule> rules, TrafficProbe probe) {
        return evaluate(nsg, rules, probe, PublicAddresses.NEITHER_MATCH_NOR_BLOCK);
    }

    /** Evaluates {@code rules} (custom and default together) of the NSG {@code nsg}. */
    public static NsgVerdict evaluate(ResourceId nsg, List<SecurityRule> rules, TrafficProbe probe,
                                      PublicAddresses publicAddresses) {
        return evaluate(nsg, rules, probe, publicAddresses, List.of());
    }

    /**
     * As above, for a subnet whose route table holds user-defined routes to public prefixes
     * ({@code virtualNetworkPublicPrefixes}). Azure adds "address prefixes used on user-defined
     * routes" to the {@code VirtualNetwork} service tag (Microsoft's service tag reference), so an
     * insider who routes a Storage range to the Internet and then allows 443 to
     * {@code VirtualNetwork} opens egress with two changes that each look private. With such
     * routes, {@code VirtualNetwork} on the remote side is read as the public prefixes it then holds.
     */
    public static NsgVerdict evaluate(NetworkSecurityGroup nsg, TrafficProbe probe, PublicAddresses publicAddresses,
                                      List<String> virtualNetworkPublicPrefixes) {
        return evaluate(nsg.id(), Stream.concat(nsg.securityRules().stream(), DefaultSecurityRules.of(nsg).stream()).toList(),
                probe, publicAddresses, virtualNetworkPublicPrefixes);
    }

    private static NsgVerdict evaluate(ResourceId nsg, List<SecurityRule> rules, TrafficProbe probe,
                                       PublicAddresses publicAddresses, List<String> virtualNetworkPublicPrefixes) {
        // Stable sort: a custom rule listed before a default rule of the same number stays first,
        // though Azure keeps custom rules (100-4096) and defaults (65000+) apart anyway.
        List<SecurityRule> ordered = rules.stream()
                .filter(r -> r.direction() == probe.direction())
                .sorted(Comparator.comparingInt(SecurityRule::priority))
                .toList();
        List<NsgVerdict.Assumption> assumptions = new ArrayList<>();
        for (SecurityRule rule : ordered) {
            RuleMatch match = match(rule, probe, publicAddresses, virtualNetworkPublicPrefixes);
            if (match.matches()) {
                return new NsgVerdict(nsg, probe, rule.access(), Optional.of(rule), assumptions);
            }
            match.assumption(rule).ifPresent(assumptions::add);
        }
        return new NsgVerdict(nsg, probe, Access.DENY, Optional.empty(), assumptions);
    }

    /** Whether {@code rule} matches {@code probe}, ignoring direction (already filtered). */
    static RuleMatch match(SecurityRule rule, TrafficProbe probe, PublicAddresses publicAddresses) {
        return match(rule, probe, publicAddresses, List.of());
    }

    static RuleMatch match(SecurityRule rule, TrafficProbe probe, PublicAddresses publicAddresses,
                           List<String> virtualNetworkPublicPrefixes) {
        if (!protocolMatches(rule.protocol(), probe)) {
            return RuleMatch.NO_MATCH;
        }
        boolean outbound = probe.direction() == Direction.OUTBOUND;
        Part remote = outbound
                ? remote(rule.destinationAddressPrefixes(), rule.destinationApplicationSecurityGroups(), probe,
                        virtualNetworkPublicPrefixes)
                : remote(rule.sourceAddressPrefixes(), rule.sourceApplicationSecurityGroups(), probe,
                        virtualNetworkPublicPrefixes);
        List<Part> parts = List.of(
                destinationPorts(rule.destinationPortRanges(), probe.port()),
                sourcePorts(rule.sourcePortRanges()),
                outbound
                        ? local(rule.sourceAddressPrefixes(), rule.sourceApplicationSecurityGroups(), "source ")
                        : local(rule.destinationAddressPrefixes(), rule.destinationApplicationSecurityGroups(), "destination "));
        if (remote.kind == Kind.NO || parts.stream().anyMatch(p -> p.kind == Kind.NO)) {
            return RuleMatch.NO_MATCH;
        }
        if (remote.kind == Kind.PUBLIC
                && !(publicAddresses == PublicAddresses.OPEN_EGRESS && rule.access() == Access.ALLOW)) {
            // Public space is not mapped to tags: the rule is passed over, and the verdict says so. This
            // note never flips the verdict: DLP010 already counts every public Allow as open egress.
            String effect = publicAddresses == PublicAddresses.OPEN_EGRESS
                    ? "assumed not to block " + probe.describe() + " (a public range closes only part of the egress)"
                    : "assumed neither to match nor to block " + probe.describe() + " (public addresses are not mapped to"
                      + " service tags)";
            return RuleMatch.noted("public address " + String.join(", ", remote.unmapped) + ": " + effect);
        }
        List<String> unmapped = parts.stream().flatMap(p -> p.unmapped.stream()).toList();
        return unmapped.isEmpty() ? RuleMatch.MATCH : RuleMatch.assumed(unmapped);
    }

    private static boolean protocolMatches(String ruleProtocol, TrafficProbe probe) {
        String p = ruleProtocol.trim();
        return p.equals("*") || p.equalsIgnoreCase(probe.protocol().armName());
    }

    private static Part destinationPorts(List<String> ranges, int port) {
        if (ranges.isEmpty()) {
            return Part.unmapped(List.of("no destination port"));
        }
        List<String> unreadable = new ArrayList<>();
        for (String raw : ranges) {
            Optional<int[]> range = portRange(raw);
            if (range.isEmpty()) {
                unreadable.add("destination port '" + raw + "'");
            } else if (range.get()[0] <= port && port <= range.get()[1]) {
                return Part.YES;
            }
        }
        return unreadable.isEmpty() ? Part.NO : Part.unmapped(unreadable);
    }

    private static Part sourcePorts(List<String> ranges) {
        if (ranges.isEmpty()) {
            // A rule read without source ports (hand-made snapshot): ARM's default is *.
            return Part.YES;
        }
        for (String raw : ranges) {
            Optional<int[]> range = portRange(raw);
            if (range.isPresent() && range.get()[0] <= 1024 && range.get()[1] == 65535) {
                return Part.YES;
            }
        }
        return Part.unmapped(List.of("source ports " + String.join(",", ranges)));
    }

    /** {@code *}, {@code 443} or {@code 400-500} as an inclusive range; empty when unreadable. */
    private static Optional<int[]> portRange(String raw) {
        String s = raw.trim();
        if (s.equals("*")) {
            return Optional.of(new int[] {0, 65535});
        }
        try {
            int dash = s.indexOf('-');
            if (dash < 0) {
                int p = Integer.parseInt(s);
                return Optional.of(new int[] {p, p});
            }
            return Optional.of(new int[] {Integer.parseInt(s.substring(0, dash).trim()),
                    Integer.parseInt(s.substring(dash + 1).trim())});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Part remote(List<String> prefixes, List<ResourceId> asgs, TrafficProbe probe,
                               List<String> virtualNetworkPublicPrefixes) {
        // Application security groups hold NICs of the VNet: private, never a public tag probe.
        List<String> publicRanges = new ArrayList<>();
        for (String raw : prefixes) {
            String value = raw.trim();
            if (value.equals("*") || value.equals(ALL_IPV4)) {
                return Part.YES;
            }
            if (isAddressLiteral(value)) {
                if (!AddressSpace.isWhollyPrivate(value)) {
                    publicRanges.add(value);
                }
            } else if (value.equalsIgnoreCase("VirtualNetwork") && !virtualNetworkPublicPrefixes.isEmpty()) {
                publicRanges.add("VirtualNetwork (holds the user-defined route prefixes "
                        + String.join(", ", virtualNetworkPublicPrefixes) + ")");
            } else if (tagCovers(value, probe)) {
                return Part.YES;
            }
        }
        return publicRanges.isEmpty() ? Part.NO : new Part(Kind.PUBLIC, List.copyOf(publicRanges));
    }

    private static Part local(List<String> prefixes, List<ResourceId> asgs, String label) {
        List<String> unmapped = new ArrayList<>();
        for (String raw : prefixes) {
            String value = raw.trim();
            if (value.equals("*") || value.equals(ALL_IPV4) || value.equalsIgnoreCase("VirtualNetwork")) {
                return Part.YES;
            }
            if (isAddressLiteral(value)) {
                unmapped.add(label + value);
            }
        }
        asgs.forEach(a -> unmapped.add(label + "application security group " + a.name()));
        if (prefixes.isEmpty() && asgs.isEmpty()) {
            // A hand-made snapshot without the field: ARM's portal default is *.
            return Part.YES;
        }
        return unmapped.isEmpty() ? Part.NO : Part.unmapped(unmapped);
    }

    /** Whether the rule's service tag {@code ruleTag} contains the probe's remote tag. */
    static boolean tagCovers(String ruleTag, TrafficProbe probe) {
        String rule = ruleTag.toLowerCase(Locale.ROOT);
        String tag = probe.remoteTag().toLowerCase(Locale.ROOT);
        if (rule.equals(tag)) {
            return true;
        }
        if (tag.equals("internet")) {
            return false;
        }
        return rule.equals(probe.globalTag().toLowerCase(Locale.ROOT))
                || rule.equals("internet")
                || rule.equals("azurecloud")
                || probe.region().map(region -> rule.equals("azurecloud." + region)).orElse(false);
    }

    /** IPv4/IPv6 addresses and CIDRs start with a digit or hold a colon; service tags start with a letter. */
    private static boolean isAddressLiteral(String value) {
        return !value.isEmpty() && (Character.isDigit(value.charAt(0)) || value.indexOf(':') >= 0);
    }

    private enum Kind { YES, NO, UNMAPPED, PUBLIC }

    private record Part(Kind kind, List<String> unmapped) {
        static final Part YES = new Part(Kind.YES, List.of());
        static final Part NO = new Part(Kind.NO, List.of());

        static Part unmapped(List<String> values) {
            return new Part(Kind.UNMAPPED, List.copyOf(values));
        }
    }

    /**
     * A rule's relation to a probe: it matches, it does not, it was assumed not to (an address that
     * could not be mapped, which could flip the verdict), or it was passed over as a public address
     * ({@code note}: recorded in the verdict, never flipping it).
     */
    record RuleMatch(boolean matches, List<String> unmapped, Optional<String> note) {
        static final RuleMatch MATCH = new RuleMatch(true, List.of(), Optional.empty());
        static final RuleMatch NO_MATCH = new RuleMatch(false, List.of(), Optional.empty());

        static RuleMatch assumed(List<String> unmapped) {
            return new RuleMatch(false, List.copyOf(unmapped), Optional.empty());
        }

        static RuleMatch noted(String note) {
            return new RuleMatch(false, List.of(), Optional.of(note));
        }

        Optional<NsgVerdict.Assumption> assumption(SecurityRule rule) {
            if (note.isPresent()) {
                return Optional.of(new NsgVerdict.Assumption(rule, NsgVerdict.describe(rule) + " uses " + note.get(), false));
            }
            if (unmapped.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new NsgVerdict.Assumption(rule,
                    NsgVerdict.describe(rule) + " uses " + String.join(", ", unmapped) + ": assumed not to match", true));
        }
    }
}
