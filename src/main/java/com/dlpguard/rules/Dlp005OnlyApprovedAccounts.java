package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
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
 *
 * <p>Rule book v2: an attached SEP that is neither the configured one nor listed in
 * {@code additionalServiceEndpointPolicies} is a violation whether or not the guard can read it
 * (version 1 answered {@code unknown} for an unreadable one, and an insider attached a policy from a
 * resource group the guard cannot read: attack #1); its remedy detaches it from the protected
 * subnet. The configured and listed policies are judged entry by entry; a definition left without
 * an entry is deleted when another Microsoft.Storage definition keeps an approved entry (a rogue
 * account in a new definition: attack #3), otherwise its entries become the default storage
 * account, so the policy never ends up alias-only (which filters no storage at all).
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
        return "Remove the unapproved entries from the configured policy's Microsoft.Storage definitions (keep"
                + " everything else; delete a definition holding only unapproved entries), detach every other policy"
                + " from the protected subnet unless it is listed in additionalServiceEndpointPolicies, or add the"
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
        boolean approvedPolicy = context.workspace().approvesPolicy(policyId);
        String label = isConfigured
                ? "SEP " + policyId.name()
                : "SEP " + policyId.name() + " (attached to subnet " + names(attachedTo) + ", not the configured "
                  + context.workspace().serviceEndpointPolicy().name()
                  + (approvedPolicy ? "; listed in additionalServiceEndpointPolicies" : "") + ")";
        var resolved = SubnetPolicyLookup.policy(context.estate(), policyId);
        if (!approvedPolicy) {
            return unlisted(context, policyId, subnet, label, resolved.value(), resolved.whyUnknown(), detachable);
        }
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
            List<Remedy> remedies = remedies(context, policy, unapproved, approved, defaultKnown);
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

    /**
     * A policy the configuration does not name is a violation read or not: its entries are allowed
     * next to the configured ones, and one the guard cannot read cannot be shown safe. Editing it
     * could break the other subnets it serves; detaching it from the protected subnet closes the
     * hole there and touches nothing else.
     */
    private Finding unlisted(RuleContext context, ResourceId policyId, Optional<ResourceId> subnet, String label,
                             Optional<ServiceEndpointPolicy> policy, String whyUnreadable, Set<ResourceId> detachable) {
        List<String> offending = new ArrayList<>();
        offending.add(policyId.toString());
        String detail;
        if (policy.isEmpty()) {
            detail = "it could not be judged (" + whyUnreadable + "), and a policy the guard cannot read cannot be shown safe";
        } else {
            Set<ResourceId> approved = context.approvedStorageAccounts();
            boolean defaultKnown = context.defaultStorageAccount().isPresent();
            List<PolicyStorageEntries.Entry> rogue = PolicyStorageEntries.of(policy.get()).stream()
                    .filter(e -> PolicyStorageEntries.approval(e, approved, defaultKnown) != PolicyStorageEntries.Approval.APPROVED)
                    .toList();
            rogue.forEach(e -> offending.add(e.raw()));
            detail = rogue.isEmpty()
                    ? "its Microsoft.Storage entries are approved today, but it is not the guard's to keep that way"
                    : "it lists " + String.join("; ", rogue.stream().map(e -> "definition " + e.definition().name() + ": "
                      + e.describe()).toList());
        }
        List<Remedy> remedies = detachable.stream()
                .<Remedy>map(s -> new Remedy.DetachServiceEndpointPolicy(s, policyId)).toList();
        return violation(context, policyId, subnet, label + " is neither the configured policy nor listed in"
                        + " additionalServiceEndpointPolicies: attached policies allow the union of their entries; " + detail,
                offending, remedies);
    }

    /**
     * Per definition holding unapproved entries: remove them; a definition left empty is deleted
     * when another Microsoft.Storage definition keeps an approved entry, else reset to the default
     * account (left to the planner's refusal to empty it when the default account is unknown).
     */
    private static List<Remedy> remedies(RuleContext context, ServiceEndpointPolicy policy,
                                         List<PolicyStorageEntries.Entry> unapproved, Set<ResourceId> approved,
                                         boolean defaultKnown) {
        Map<ResourceId, List<String>> byDefinition = new LinkedHashMap<>();
        for (PolicyStorageEntries.Entry e : unapproved) {
            byDefinition.computeIfAbsent(e.definition().id(), k -> new ArrayList<>()).add(e.raw());
        }
        List<Remedy> remedies = new ArrayList<>();
        for (ServiceEndpointPolicyDefinition definition : PolicyStorageEntries.storageDefinitions(policy)) {
            List<String> rogue = byDefinition.get(definition.id());
            if (rogue == null) {
                continue;
            }
            boolean leftEmpty = definition.serviceResources().size() == rogue.size();
            if (!leftEmpty) {
                remedies.add(new Remedy.RemoveStorageEntries(definition.id(), rogue));
                continue;
            }
            boolean anotherKeepsAnApprovedEntry = PolicyStorageEntries.of(policy).stream()
                    .filter(e -> !e.definition().id().equals(definition.id()))
                    .anyMatch(e -> PolicyStorageEntries.approval(e, approved, defaultKnown) == PolicyStorageEntries.Approval.APPROVED);
            if (anotherKeepsAnApprovedEntry) {
                remedies.add(new Remedy.DeleteStorageDefinition(definition.id()));
            } else {
                remedies.add(new Remedy.RemoveStorageEntries(definition.id(), rogue));
                context.defaultStorageAccount().ifPresent(account ->
                        remedies.add(new Remedy.AddStorageAccount(policy.id(), definition.name(), account)));
            }
        }
        return remedies;
    }

    private static String raws(List<PolicyStorageEntries.Entry> entries) {
        return String.join(", ", entries.stream().map(PolicyStorageEntries.Entry::raw).toList());
    }

    private static String names(Set<ResourceId> ids) {
        return String.join(", ", ids.stream().map(ResourceId::name).toList());
    }
}
