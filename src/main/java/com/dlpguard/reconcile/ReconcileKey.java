package com.dlpguard.reconcile;

import com.dlpguard.model.ResourceId;

import java.util.Objects;

/**
 * What the keyed queue coalesces and paces on: a name, never an event (level-triggered, like a
 * controller-runtime {@code Request}). Today every key is a protected subnet; a managed-network
 * workspace becomes its own kind of key beside it, so its reconciles never wait for a subnet's.
 */
public sealed interface ReconcileKey {

    ResourceId id();

    /** A protected subnet of the configuration: the reconciler reads it with what it references. */
    record ProtectedSubnet(ResourceId id) implements ReconcileKey {
        public ProtectedSubnet {
            Objects.requireNonNull(id, "id");
        }
    }

    static ReconcileKey subnet(ResourceId id) {
        return new ProtectedSubnet(id);
    }
}
