package com.dlpguard.model;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A workspace's {@code properties.managedNetwork} (Microsoft.MachineLearningServices 2025-09-01,
 * {@code ManagedNetworkSettings}) with its outbound rules: the ones ARM lists inline in the
 * {@code outboundRules} map and the standalone {@code workspaces/outboundRules} documents, merged
 * (both mean the same; a standalone rule replaces the inline copy with the same id).
 *
 * <p>{@code isolationMode} is empty when the workspace document has no {@code managedNetwork}
 * at all (ARM omits it for a workspace that never had one) but standalone rules were read.
 */
public record ManagedNetwork(Optional<String> isolationMode, Optional<String> firewallSku, Optional<String> status,
                             List<OutboundRule> outboundRules) {

    public static final String ALLOW_ONLY_APPROVED_OUTBOUND = "AllowOnlyApprovedOutbound";

    public ManagedNetwork {
        Objects.requireNonNull(isolationMode, "isolationMode");
        Objects.requireNonNull(firewallSku, "firewallSku");
        Objects.requireNonNull(status, "status");
        outboundRules = List.copyOf(outboundRules);
    }

    /** ARM's enum values are case-insensitive on input and echoed as written: compare ignoring case. */
    public boolean allowsOnlyApprovedOutbound() {
        return isolationMode.map(m -> m.trim().toLowerCase(Locale.ROOT)
                .equals(ALLOW_ONLY_APPROVED_OUTBOUND.toLowerCase(Locale.ROOT))).orElse(false);
    }

    public ManagedNetwork withOutboundRules(List<OutboundRule> rules) {
        return new ManagedNetwork(isolationMode, firewallSku, status, rules);
    }
}
