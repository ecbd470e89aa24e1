package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The entries of a SEP's {@code Microsoft.Storage} definitions and how DLP004/DLP005 read them.
 * An entry is a storage account id, or a resource-group or subscription scope that allows every
 * account inside it (ARM accepts all three).
 */
final class PolicyStorageEntries {

    static final String STORAGE_SERVICE = "Microsoft.Storage";

    enum Kind { ACCOUNT, RESOURCE_GROUP, SUBSCRIPTION, OTHER }

    enum Approval { APPROVED, UNAPPROVED, UNDECIDED }

    /** One {@code serviceResources} value as written, with its parsed id when it is one. */
    record Entry(ServiceEndpointPolicyDefinition definition, String raw, Optional<ResourceId> id) {
        Entry {
            Objects.requireNonNull(definition, "definition");
            Objects.requireNonNull(raw, "raw");
            Objects.requireNonNull(id, "id");
        }

        Kind kind() {
            if (id.isEmpty()) {
                return Kind.OTHER;
            }
            ResourceId r = id.get();
            if (r.isSubscription()) {
                return Kind.SUBSCRIPTION;
            }
            if (r.isResourceGroup()) {
                return Kind.RESOURCE_GROUP;
            }
            return r.isOfType(ResourceTypes.STORAGE_ACCOUNT) ? Kind.ACCOUNT : Kind.OTHER;
        }

        /** True when this entry lets the subnet reach {@code account}. */
        boolean covers(ResourceId account) {
            return id.isPresent() && account.isWithin(id.get());
        }

        /** How DLP005 reads the entry, e.g. "resource-group scope /subscriptions/…/resourceGroups/g". */
        String describe() {
            return switch (kind()) {
                case ACCOUNT -> "account " + raw;
                case RESOURCE_GROUP -> "resource-group scope " + raw + " (every account in the group)";
                case SUBSCRIPTION -> "subscription scope " + raw + " (every account in the subscription)";
                case OTHER -> "entry " + raw + " (not a storage account id)";
            };
        }
    }

    private PolicyStorageEntries() {
    }

    static List<ServiceEndpointPolicyDefinition> storageDefinitions(ServiceEndpointPolicy policy) {
        return policy.definitionsFor(STORAGE_SERVICE);
    }

    static List<Entry> of(ServiceEndpointPolicy policy) {
        List<Entry> entries = new ArrayList<>();
        for (ServiceEndpointPolicyDefinition definition : storageDefinitions(policy)) {
            for (String raw : definition.serviceResources()) {
                entries.add(new Entry(definition, raw, ResourceId.tryParse(raw)));
            }
        }
        return entries;
    }

    /**
     * DLP005's verdict on one entry. A scope is approved only when listed itself; an account that is
     * not on the allowed list is undecided while the default account is unknown, because it might be
     * the default account.
     */
    static Approval approval(Entry entry, Set<ResourceId> approved, boolean defaultAccountKnown) {
        if (entry.id().isPresent() && approved.contains(entry.id().get())) {
            return Approval.APPROVED;
        }
        if (entry.kind() == Kind.ACCOUNT && !defaultAccountKnown) {
            return Approval.UNDECIDED;
        }
        return Approval.UNAPPROVED;
    }
}
