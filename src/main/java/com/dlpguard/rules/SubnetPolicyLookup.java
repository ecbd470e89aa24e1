package com.dlpguard.rules;

import com.dlpguard.model.Estate;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.Subnet;

import java.util.Objects;
import java.util.Optional;

/**
 * Finds the resources the policy rules (DLP001-DLP005, DLP012) judge, or says why they cannot be
 * judged. A resource that is missing from the estate is {@code unknown}, never {@code pass}: a
 * snapshot may simply not include it, and a live read that cannot see a protected subnet has not
 * shown that the subnet is safe. A deleted subnet or policy is no exfiltration path by itself, and
 * the guard never re-creates whole resources, so nothing is lost by not calling it a violation.
 */
final class SubnetPolicyLookup {

    /** Either the resource, or a sentence saying why it could not be judged. */
    record Resolved<T>(Optional<T> value, String whyUnknown) {
        Resolved {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(whyUnknown, "whyUnknown");
            if (value.isEmpty() == whyUnknown.isEmpty()) {
                throw new IllegalArgumentException("exactly one of value and whyUnknown");
            }
        }

        static <T> Resolved<T> found(T value) {
            return new Resolved<>(Optional.of(value), "");
        }

        static <T> Resolved<T> unknown(String why) {
            return new Resolved<>(Optional.empty(), why);
        }

        boolean isFound() {
            return value.isPresent();
        }

        T get() {
            return value.orElseThrow();
        }
    }

    private SubnetPolicyLookup() {
    }

    static Resolved<Subnet> subnet(Estate estate, ResourceId id) {
        // Subnets usually arrive inline in their VNet, so a failed VNet read hides the subnet too.
        return resolve(estate, id, estate.subnet(id), "subnet " + id.name(), id.parent());
    }

    static Resolved<ServiceEndpointPolicy> policy(Estate estate, ResourceId id) {
        return resolve(estate, id, estate.serviceEndpointPolicy(id), "SEP " + id.name(), Optional.empty());
    }

    static Resolved<RouteTable> routeTable(Estate estate, ResourceId id) {
        return resolve(estate, id, estate.routeTable(id), "route table " + id.name(), Optional.empty());
    }

    static Resolved<MlWorkspace> workspace(Estate estate, ResourceId id) {
        return resolve(estate, id, estate.workspace(id), "workspace " + id.name(), Optional.empty());
    }

    private static <T> Resolved<T> resolve(Estate estate, ResourceId id, Optional<T> found, String what,
                                           Optional<ResourceId> container) {
        if (found.isPresent()) {
            return Resolved.found(found.get());
        }
        Optional<String> failure = estate.readFailure(id);
        if (failure.isPresent()) {
            return Resolved.unknown(what + " (" + id + ") could not be read: " + failure.get());
        }
        if (container.isPresent()) {
            Optional<String> containerFailure = estate.readFailure(container.get());
            if (containerFailure.isPresent()) {
                return Resolved.unknown(what + " (" + id + ") could not be read: its parent " + container.get()
                        + " failed: " + containerFailure.get());
            }
        }
        return Resolved.unknown(what + " (" + id + ") is not in the estate (deleted, or outside the snapshot or"
                + " the read scope), so it cannot be judged");
    }
}
