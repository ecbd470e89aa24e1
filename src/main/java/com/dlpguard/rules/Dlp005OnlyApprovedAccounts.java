package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * DLP005: every Microsoft.Storage entry of the configured SEP and of every other SEP attached to a
 * protected subnet is an approved storage account. Azure allows the union of all attached policies'
 * entries, so a second policy with a rogue account is the same exfiltration path as a rogue entry
 * in the configured one.
 */
public final class Dlp005OnlyApprovedAccounts implements Rule {

    @Override
    public String id() {
        return "DLP005";
    }

    @Override
    public String title() {
        return "Service endpoint policies allow only approved storage accounts";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "Every storage account a policy on the compute subnet lists is reachable from the compute: an"
                + " unapproved account, or a resource-group or subscription scope (every account inside it), is the"
                + " data exfiltration path the policy exists to close. Several attached policies allow the union of"
                + " their entries.";
    }

    @Override
    public String remediation() {
        return "Remove the unapproved entries from the configured policy's Microsoft.Storage definition (keep"
                + " everything else), detach any other policy that lists them from the protected subnet, or add the"
                + " account to allowedStorageAccounts if it is approved.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        ResourceId configured = context.workspace().serviceEndpointPolicy();
        List<Finding> findings = new ArrayList<>();
        // policy -> protected subnets whose own serviceEndpointPolicies list it (what a detach edits)
        Map<ResourceId, Set<ResourceId>> attachedBySubnet = new LinkedHashMap<>();
        // policy -> protected subnets it is attached to by either side's account
        Map<ResourceId, Set<ResourceId>> attached = new LinkedHashMap<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            var subnet = SubnetPolicyLookup.subnet(context.estate(), subnetId);
            if (!subnet.isFound()) {
                // Without the subnet there is no telling which other policies it carries.
                findings.add(unknown(context, subnetId, Optional.of(subnetId),
                        "cannot tell which service endpoint policies are attached: " + subnet.whyUnknown()));
                continue;
            }
            Subnet s = subnet.get();
            for (ResourceId policyId : s.serviceEndpointPolicyIds()) {
                attachedBySubnet.computeIfAbsent(policyId, k -> new LinkedHashSet<>()).add(subnetId);
                attached.computeIfAbsent(policyId, k -> new LinkedHashSet<>()).add(subnetId);
            }
        }
        // A policy's own `subnets` list is ARM's view of the same link; it catches a policy on a subnet
        // the estate holds only through the policy side.
        for (ServiceEndpointPolicy p : context.estate().serviceEndpointPolicies().values()) {
            for (ResourceId subnetId : p.subnetIds()) {
                if (context.workspace().protects(subnetId)) {
                    attached.computeIfAbsent(p.id(), k -> new LinkedHashSet<>()).add(subnetId);
                }
            }
        }

        findings.add(judgePolicy(context, configured, true, Set.of(), Set.of()));
        List<ResourceId> others = attached.keySet().stream().filter(p -> !p.equals(configured)).sorted().toList();
        for (ResourceId other : others) {
            findings.add(judgePolicy(context, other, false, attached.get(other),
                    attachedBySubnet.getOrDefault(other, Set.of())));
        }
        return findings;
    }

    private Finding judgePolicy(RuleContext context, ResourceId policyId, boolean isConfigured,
                                Set<ResourceId> attachedTo, Set<ResourceId> detachable) {
        Optional<ResourceId> subnet = attachedTo.stream().findFirst();
        String label = isConfigured
                ? "SEP " + policyId.name()
                : "SEP " + policyId.name() + " (attached to subnet " + names(attachedTo) + ", not the configured "
                  + context.workspace().serviceEndpointPolicy().name() + ")";
        var resolved = SubnetPolicyLookup.policy(context.estate(), policyId);
        if (!resolved.isFound()) {
            return unknown(context, policyId, subnet, "cannot check the storage entries of " + label + ": "
                    + resolved.whyUnknown());
        }
        ServiceEndpointPolicy policy = resolved.get();
        Set<ResourceId> approved = context.approvedStorageAccounts();
        boolean defaultKnown = context.defaultStorageAccount().isPresent();

        List<PolicyStorageEntries.Entry> entries = PolicyStorageEntries.of(policy);
        List<PolicyStorageEntries.Entry> unapproved = new ArrayList<>();
        List<PolicyStorageEntries.Entry> undecided = new ArrayList<>();
        for (PolicyStorageEntries.Entry e : entries) {
            switch (PolicyStorageEntries.approval(e, approved, defaultKnown)) {
                case UNAPPROVED -> unapproved.add(e);
                case UNDECIDED -> undecided.add(e);
                case APPROVED -> { }
            }
        }
        String cannotTell = "cannot tell whether " + raws(undecided) + " may stay: the default storage account is"
                + " unknown and " + (undecided.size() == 1 ? "it is" : "they are") + " not in allowedStorageAccounts";
        String undecidedNote = undecided.isEmpty() ? "" : "; " + cannotTell;

        if (!unapproved.isEmpty()) {
            List<String> parts = unapproved.stream()
                    .map(e -> "definition " + e.definition().name() + " lists unapproved " + e.describe()).toList();
            String message = label + " " + String.join("; ", parts) + undecidedNote;
            List<Remedy> remedies = new ArrayList<>();
            if (isConfigured) {
                Map<ResourceId, List<String>> byDefinition = new LinkedHashMap<>();
                for (PolicyStorageEntries.Entry e : unapproved) {
                    byDefinition.computeIfAbsent(e.definition().id(), k -> new ArrayList<>()).add(e.raw());
                }
                byDefinition.forEach((definition, raws) -> remedies.add(new Remedy.RemoveStorageEntries(definition, raws)));
            } else {
                // Editing someone else's policy could break the other subnets it serves; detaching it from
                // the protected subnet closes the hole there and touches nothing else.
                for (ResourceId s : detachable) {
                    remedies.add(new Remedy.DetachServiceEndpointPolicy(s, policyId));
                }
            }
            return violation(context, policyId, subnet, message,
                    unapproved.stream().map(PolicyStorageEntries.Entry::raw).toList(), remedies);
        }
        if (!undecided.isEmpty()) {
            return unknown(context, policyId, subnet, label + ": " + cannotTell);
        }
        if (entries.isEmpty()) {
            return pass(context, policyId, subnet, label + " lists no storage account (nothing unapproved; DLP004"
                    + " judges whether that makes the policy ineffective)");
        }
        return pass(context, policyId, subnet, label + " lists only approved storage accounts (" + raws(entries) + ")");
    }

    private static String raws(List<PolicyStorageEntries.Entry> entries) {
        return String.join(", ", entries.stream().map(PolicyStorageEntries.Entry::raw).toList());
    }

    private static String names(Set<ResourceId> ids) {
        return String.join(", ", ids.stream().map(ResourceId::name).toList());
    }
}
