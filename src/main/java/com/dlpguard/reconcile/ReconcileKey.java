package com.dlpguard.reconcile;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What the keyed queue coalesces and paces on: a name, never an event (level-triggered, like a
 * controller-runtime {@code Request}). Two kinds: a protected subnet of a SEP-based workspace, and
 * a managed-network workspace (which has no subnet); each paces on its own, so a managed
 * workspace's reconciles never wait for a subnet's.
 */
public sealed interface ReconcileKey {

    ResourceId id();

    /**
     * True when {@code read} (a read with no read failure anywhere) saw everything this key's rules
     * judge, so it may absorb events raised before it. Anything less and the next event reads again:
     * an insider who makes one read fail (a 403 on one resource) must not get later events skipped.
     */
    boolean coveredBy(Estate read);

    /** A protected subnet of the configuration: the reconciler reads it with what it references. */
    record ProtectedSubnet(ResourceId id) implements ReconcileKey {
        public ProtectedSubnet {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public boolean coveredBy(Estate read) {
            return read.subnet(id).isPresent();
        }
    }

    /**
     * A workspace configured with {@code "network": "managed"}: the reconciler reads the workspace
     * (its inline {@code managedNetwork}) and its standalone outbound rules.
     */
    record ManagedWorkspace(ResourceId id) implements ReconcileKey {
        public ManagedWorkspace {
            Objects.requireNonNull(id, "id");
        }

        /**
         * The workspace was returned and nothing under it failed (the outbound-rule list's failure is
         * recorded under the workspace id). A workspace that is gone (404) covers nothing: like a
         * deleted subnet, every event about it is read again.
         */
        @Override
        public boolean coveredBy(Estate read) {
            return read.workspace(id).isPresent()
                    && read.readFailures().keySet().stream().noneMatch(failed -> failed.isWithin(id));
        }
    }

    static ReconcileKey subnet(ResourceId id) {
        return new ProtectedSubnet(id);
    }

    static ReconcileKey managedWorkspace(ResourceId id) {
        return new ManagedWorkspace(id);
    }

    /**
     * The key of a protected scope as routing, the sweep and re-checks name it: a workspace id the
     * configuration lists as managed is a {@link ManagedWorkspace}; anything else a
     * {@link ProtectedSubnet} (the only other kind of scope they produce).
     */
    static ReconcileKey of(ResourceId scope, GuardConfig config) {
        return config.managedWorkspace(scope).isPresent() ? managedWorkspace(scope) : subnet(scope);
    }

    static Set<ReconcileKey> of(Collection<ResourceId> scopes, GuardConfig config) {
        Set<ReconcileKey> keys = new LinkedHashSet<>();
        scopes.forEach(s -> keys.add(of(s, config)));
        return keys;
    }
}
