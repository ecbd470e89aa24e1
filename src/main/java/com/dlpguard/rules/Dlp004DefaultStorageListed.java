package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DLP004: the configured SEP's Microsoft.Storage definitions list at least one storage account and
 * the workspace's default storage account (unless that account is reached over a private endpoint).
 */
public final class Dlp004DefaultStorageListed implements Rule {

    static final String DEFAULT_DEFINITION_NAME = "dlp-guard-storage";

    @Override
    public String id() {
        return "DLP004";
    }

    @Override
    public String title() {
        return "Service endpoint policy lists the workspace's default storage account";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String description() {
        return "A service endpoint policy without any Microsoft.Storage entry (alias-only) does not restrict storage"
                + " access at all. The workspace's default storage account must be listed, or AML jobs fail, unless it"
                + " is reached through a private endpoint.";
    }

    @Override
    public String remediation() {
        return "Add the workspace's default storage account id to the policy's Microsoft.Storage definition, or set"
                + " defaultStorageHasPrivateEndpoint when the account is reached through a private endpoint.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        ResourceId policyId = context.workspace().serviceEndpointPolicy();
        var resolved = SubnetPolicyLookup.policy(context.estate(), policyId);
        if (!resolved.isFound()) {
            return List.of(unknown(context, policyId, Optional.empty(), resolved.whyUnknown()));
        }
        return List.of(judge(context, resolved.get()));
    }

    private Finding judge(RuleContext context, ServiceEndpointPolicy policy) {
        ResourceId id = policy.id();
        List<ServiceEndpointPolicyDefinition> storageDefinitions = PolicyStorageEntries.storageDefinitions(policy);
        String definitionName = storageDefinitions.isEmpty() ? DEFAULT_DEFINITION_NAME : storageDefinitions.get(0).name();
        List<PolicyStorageEntries.Entry> entries = PolicyStorageEntries.of(policy);
        Optional<ResourceId> defaultAccount = context.defaultStorageAccount();

        if (entries.isEmpty()) {
            // Decidable without the default account: the policy filters nothing. The remedy needs the account.
            String message = "SEP " + id.name() + " has no Microsoft.Storage entry: an alias-only policy is not"
                    + " effective (every storage account stays reachable)";
            if (defaultAccount.isEmpty()) {
                return violation(context, id, Optional.empty(), message + "; not restored automatically: "
                        + whyDefaultUnknown(context), List.of(), List.of());
            }
            return violation(context, id, Optional.empty(), message + "; the default storage account "
                            + defaultAccount.get() + " is not listed", List.of(defaultAccount.get().toString()),
                    List.of(new Remedy.AddStorageAccount(id, definitionName, defaultAccount.get())));
        }
        if (context.workspace().defaultStorageHasPrivateEndpoint()) {
            return pass(context, id, Optional.empty(), "SEP " + id.name() + " lists " + entries.size()
                    + " Microsoft.Storage entr" + (entries.size() == 1 ? "y" : "ies")
                    + "; the default storage account is reached through a private endpoint, so it need not be listed");
        }
        if (defaultAccount.isEmpty()) {
            return unknown(context, id, Optional.empty(), "cannot tell whether SEP " + id.name()
                    + " lists the default storage account: " + whyDefaultUnknown(context));
        }
        ResourceId account = defaultAccount.get();
        for (PolicyStorageEntries.Entry e : entries) {
            if (e.id().isPresent() && e.id().get().equals(account)) {
                return pass(context, id, Optional.empty(), "SEP " + id.name() + " definition " + e.definition().name()
                        + " lists the default storage account " + account);
            }
        }
        // A scope only keeps the default account reachable when DLP005 keeps the scope; an unapproved
        // scope is about to be removed, so it must not be what this rule relies on.
        Set<ResourceId> approved = context.approvedStorageAccounts();
        for (PolicyStorageEntries.Entry e : entries) {
            if (e.covers(account) && approved.contains(e.id().get())) {
                return pass(context, id, Optional.empty(), "SEP " + id.name() + " definition " + e.definition().name()
                        + " covers the default storage account " + account + " through the approved scope " + e.raw());
            }
        }
        String coveredBy = entries.stream().filter(e -> e.covers(account)).map(PolicyStorageEntries.Entry::raw)
                .findFirst().map(s -> " (only through the unapproved scope " + s + ", which DLP005 removes)").orElse("");
        return violation(context, id, Optional.empty(), "SEP " + id.name() + " does not list the workspace's default"
                        + " storage account " + account + coveredBy + ": AML jobs cannot reach it",
                List.of(account.toString()), List.of(new Remedy.AddStorageAccount(id, definitionName, account)));
    }

    private static String whyDefaultUnknown(RuleContext context) {
        Optional<ResourceId> workspaceId = context.workspace().workspaceId();
        if (workspaceId.isEmpty()) {
            return "the default storage account is unknown (neither defaultStorageAccount nor workspaceId is configured)";
        }
        if (context.estate().workspace(workspaceId.get()).isPresent()) {
            return "the default storage account is unknown (workspace " + workspaceId.get().name()
                    + " has no properties.storageAccount and defaultStorageAccount is not configured)";
        }
        return "the default storage account is unknown (defaultStorageAccount is not configured and "
                + SubnetPolicyLookup.workspace(context.estate(), workspaceId.get()).whyUnknown() + ")";
    }
}
