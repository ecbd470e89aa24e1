package com.dlpguard.health;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the self-check evaluates, already read: the configuration, the estate as the guard
 * read it ({@code estate} is a failure when not even that read worked), the identity's effective
 * permissions per resource group, the system topics per watched subscription (lower-case id), the
 * function app events must reach (empty: any app's {@code DlpGuardEventGrid} counts, and the check
 * says so) and the operations the router handles.
 */
public record SelfCheckInputs(GuardConfig config,
                              Observed<Estate> estate,
                              Map<ResourceId, Observed<EffectivePermissions>> permissions,
                              Map<String, Observed<List<EventTopic>>> topics,
                              Optional<ResourceId> functionApp,
                              Set<String> handledOperations) {
    public SelfCheckInputs {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(estate, "estate");
        permissions = Map.copyOf(permissions);
        topics = Map.copyOf(topics);
        Objects.requireNonNull(functionApp, "functionApp");
        handledOperations = Set.copyOf(handledOperations);
    }
}
