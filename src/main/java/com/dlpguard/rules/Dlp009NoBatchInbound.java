package com.dlpguard.rules;

import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.SecurityRule.Access;
import com.dlpguard.model.SecurityRule.Direction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DLP009: no custom inbound Allow rule admits a {@code BatchNodeManagement} source tag (global or
 * any region, singular or plural source field). Batch simplified node communication removed that
 * need, so such a rule is attack surface; {@code allowBatchInbound} keeps it for legacy compute
 * instances with a public IP.
 *
 * <p>Applies in both the NSG and the firewall case (an inbound hole is one either way). It is a
 * static check of the custom rules, as the rule book words it: a deny ahead of the allow does not
 * excuse it. One finding per offending rule; an NSG shared by several protected subnets is checked
 * once; a clean NSG (or a subnet without one) gets one pass.
 */
public final class Dlp009NoBatchInbound implements Rule {
    private static final String TAG = "batchnodemanagement";

    @Override
    public String id() {
        return "DLP009";
    }

    @Override
    public String title() {
        return "No inbound NSG rule from BatchNodeManagement";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String description() {
        return "Batch simplified node communication no longer needs inbound traffic from BatchNodeManagement; an "
                + "inbound Allow rule from that tag opens the compute to it for nothing.";
    }

    @Override
    public String remediation() {
        return "Delete the inbound rule allowing BatchNodeManagement, or set allowBatchInbound for a workspace that "
                + "still runs compute instances with a public IP.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        Set<ResourceId> seen = new HashSet<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            SubnetNetwork net = SubnetNetwork.resolve(context, subnetId);
            Optional<ResourceId> subnet = Optional.of(subnetId);
            if (net.subnetProblem().isPresent()) {
                findings.add(unknown(context, subnetId, subnet, net.subnetProblem().get()));
                continue;
            }
            if (net.nsgId().isEmpty()) {
                findings.add(pass(context, subnetId, subnet, "the subnet has no NSG, so no inbound rule admits "
                        + "BatchNodeManagement (DLP011 reports the missing NSG)"));
                continue;
            }
            ResourceId nsgId = net.nsgId().get();
            if (!seen.add(nsgId)) {
                continue;
            }
            if (net.nsgProblem().isPresent()) {
                findings.add(unknown(context, nsgId, subnet, net.nsgProblem().get()));
                continue;
            }
            findings.addAll(evaluate(context, net.nsg().orElseThrow(), subnet));
        }
        return findings;
    }

    private List<Finding> evaluate(RuleContext context, NetworkSecurityGroup nsg, Optional<ResourceId> subnet) {
        List<SecurityRule> offending = nsg.securityRules().stream()
                .filter(r -> r.direction() == Direction.INBOUND && r.access() == Access.ALLOW)
                .filter(r -> !batchSources(r).isEmpty())
                .toList();
        if (offending.isEmpty()) {
            return List.of(pass(context, nsg.id(), subnet, "NSG " + nsg.id().name()
                    + " has no custom inbound Allow rule from a BatchNodeManagement tag"));
        }
        List<String> names = offending.stream().map(NsgVerdict::describe).toList();
        if (context.workspace().allowBatchInbound()) {
            return List.of(pass(context, nsg.id(), subnet, "allowBatchInbound is true for workspace "
                    + context.workspace().name() + ": accepted " + String.join(", ", names)));
        }
        List<Finding> findings = new ArrayList<>();
        for (SecurityRule rule : offending) {
            List<String> tags = batchSources(rule);
            List<String> values = new ArrayList<>();
            values.add(rule.name());
            values.addAll(tags);
            findings.add(violation(context, rule.id(), subnet, NsgVerdict.describe(rule) + " of NSG " + nsg.id().name()
                            + " allows inbound traffic from " + String.join(", ", tags) + " on port(s) "
                            + String.join(",", rule.destinationPortRanges()),
                    values, List.of(new Remedy.DeleteSecurityRule(rule.id()))));
        }
        return findings;
    }

    /** The rule's source values that are a BatchNodeManagement tag, as written. */
    private static List<String> batchSources(SecurityRule rule) {
        return rule.sourceAddressPrefixes().stream()
                .map(String::trim)
                .filter(s -> {
                    String lower = s.toLowerCase(Locale.ROOT);
                    return lower.equals(TAG) || lower.startsWith(TAG + ".");
                })
                .toList();
    }
}
