package com.dlpguard.events;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Pure routing: which protected subnets an event can affect, or why it is ignored. The event only
 * says where to look; the reconcile re-reads the state (level-triggered), so routing never
 * branches on create vs update and never reads the event's description of the new state.
 */
public final class EventRouter {
    static final String WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
    static final String DELETE_SUCCESS = "Microsoft.Resources.ResourceDeleteSuccess";

    /** Batch-created resources for public-IP compute: recreated on every scale from zero, never drift. */
    private static final Pattern BATCH_MANAGED = Pattern.compile(
            "(?i)[0-9a-f-]{36}-azurebatch-cloudservice(networksecuritygroup|loadbalancer|publicip)");

    private EventRouter() {
    }

    /**
     * Routes the event. An event caused by one of {@code guardIdentities} is routed like any other
     * and marked {@link EventDecision#ownWrite()}: whoever can act through the guard's identity
     * (attach its user-assigned identity to other compute) must not get changes past it.
     */
    public static EventDecision route(ResourceEvent event, GuardConfig config, Topology topology,
                                      Set<String> guardIdentities) {
        EventDecision d = routeAny(event, config, topology);
        Optional<String> own = ownIdentity(event, guardIdentities);
        return own.isPresent() ? d.asOwnWrite(own.get()) : d;
    }

    private static EventDecision routeAny(ResourceEvent event, GuardConfig config, Topology topology) {
        EventContext context = event.context();
        String type = event.eventType();
        if (!type.equalsIgnoreCase(WRITE_SUCCESS) && !type.equalsIgnoreCase(DELETE_SUCCESS)) {
            String lower = type.toLowerCase(Locale.ROOT);
            String why = lower.endsWith("failure") || lower.endsWith("cancel")
                    ? "operation did not succeed (" + type + "): nothing changed"
                    : lower.startsWith("microsoft.resources.resourceaction")
                    ? "action events (" + type + ") do not change network configuration"
                    : "event type " + type + " is not handled";
            return EventDecision.ignored(event.id(), why, context);
        }
        Optional<ResourceId> parsed = ResourceId.tryParse(event.subject())
                .or(() -> event.resourceUri().flatMap(ResourceId::tryParse));
        if (parsed.isEmpty() || !parsed.get().isProviderResource()) {
            return EventDecision.ignored(event.id(), "subject is not an ARM resource id: " + shorten(event.subject()),
                    context);
        }
        ResourceId resource = parsed.get();
        if (event.operationName().isPresent() && !HandledOperations.isHandled(event.operationName().get())) {
            return EventDecision.ignored(event.id(), "operation " + shorten(event.operationName().get())
                    + " cannot change a protected scope", context);
        }
        if (BATCH_MANAGED.matcher(resource.name()).matches()) {
            return EventDecision.ignored(event.id(), "AML/Batch-managed resource " + resource.name()
                    + " (recreated by the platform): not drift", context);
        }
        Optional<ScopeResolver.Resolution> resolution = ScopeResolver.resolve(resource, config, topology);
        if (resolution.isEmpty()) {
            return EventDecision.ignored(event.id(), "resource type " + resource.type() + " is not guarded", context);
        }
        Set<ResourceId> scopes = resolution.get().subnets();
        String why = resolution.get().why();
        if (scopes.isEmpty()) {
            return EventDecision.ignored(event.id(), resource.name() + " is outside the protected scopes", context);
        }
        return new EventDecision(event.id(), true, why, List.copyOf(scopes), context);
    }

    /**
     * The guard's identity as it appears in the event: claims {@code appid} / object id, or
     * {@code authorization.evidence.principalId} (seen without dashes): compared without dashes.
     */
    static Optional<String> ownIdentity(ResourceEvent event, Set<String> guardIdentities) {
        if (guardIdentities.isEmpty()) {
            return Optional.empty();
        }
        Set<String> normalized = new LinkedHashSet<>();
        guardIdentities.forEach(id -> normalized.add(normalizeId(id)));
        List<Optional<String>> candidates = List.of(event.claim("appid"), event.claim(ResourceEvent.CLAIM_OBJECT_ID),
                event.claim("oid"), event.principalId());
        for (Optional<String> c : candidates) {
            if (c.isPresent() && normalized.contains(normalizeId(c.get()))) {
                return c;
            }
        }
        return Optional.empty();
    }

    static String normalizeId(String id) {
        return id.trim().replace("-", "").toLowerCase(Locale.ROOT);
    }

    private static String shorten(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…";
    }
}
