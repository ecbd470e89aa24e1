package com.dlpguard.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An Azure Resource Manager id, compared case-insensitively as ARM does ({@code resourcegroups}
 * and {@code resourceGroups} name the same thing; event payloads and GET outputs mix them).
 *
 * <p>Invariants: {@link #toString()} starts with {@code /subscriptions/}, has no trailing slash
 * and keeps the casing it was given (ARM accepts any casing, people read the original).
 * Supported shapes: a subscription, a resource group, or a provider resource with any number
 * of child type/name pairs.
 */
public final class ResourceId implements Comparable<ResourceId> {

    private final String text;
    private final String key;
    private final String subscriptionId;
    private final String resourceGroup;      // null for a subscription id
    private final String providerNamespace;  // null unless a provider resource
    private final List<String> types;        // resource type segments after the namespace
    private final List<String> names;
    /** {@link #type()}, computed once: rules and routing ask for it on every id of every event. */
    private final String type;
    /**
     * {@link #parent()}, computed on first use (a re-parse of the text otherwise: 8 % of a warm
     * event's CPU). Ids are immutable, so a racing second computation stores an equal value.
     */
    private Optional<ResourceId> parent;

    private ResourceId(String text, String subscriptionId, String resourceGroup,
                       String providerNamespace, List<String> types, List<String> names) {
        this.text = text;
        this.key = text.toLowerCase(Locale.ROOT);
        this.subscriptionId = subscriptionId;
        this.resourceGroup = resourceGroup;
        this.providerNamespace = providerNamespace;
        this.types = List.copyOf(types);
        this.names = List.copyOf(names);
        if (resourceGroup == null && providerNamespace == null) {
            this.type = "Microsoft.Resources/subscriptions";
        } else if (providerNamespace == null) {
            this.type = "Microsoft.Resources/resourceGroups";
        } else {
            this.type = providerNamespace + "/" + String.join("/", this.types);
        }
    }

    /** Parses an ARM id; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ResourceId parse(String raw) {
        if (raw == null) {
            throw new IllegalArgumentException("resource id is missing");
        }
        String trimmed = raw.trim();
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (!trimmed.startsWith("/")) {
            throw new IllegalArgumentException("not an ARM resource id (must start with /subscriptions/): " + abbreviate(raw));
        }
        String[] parts = trimmed.substring(1).split("/", -1);
        for (String p : parts) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty segment in resource id: " + abbreviate(raw));
            }
            for (int k = 0; k < p.length(); k++) {
                char c = p.charAt(k);
                if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                    throw new IllegalArgumentException("whitespace or control character in resource id: " + abbreviate(raw));
                }
            }
        }
        if (parts.length < 2 || !parts[0].equalsIgnoreCase("subscriptions")) {
            throw new IllegalArgumentException("not an ARM resource id (must start with /subscriptions/{id}): " + abbreviate(raw));
        }
        String subscription = parts[1];
        if (parts.length == 2) {
            return new ResourceId(trimmed, subscription, null, null, List.of(), List.of());
        }
        int i = 2;
        String group = null;
        if (parts[i].equalsIgnoreCase("resourceGroups")) {
            if (parts.length < 4) {
                throw new IllegalArgumentException("resource group name missing in resource id: " + abbreviate(raw));
            }
            group = parts[3];
            i = 4;
            if (parts.length == 4) {
                return new ResourceId(trimmed, subscription, group, null, List.of(), List.of());
            }
        }
        if (!parts[i].equalsIgnoreCase("providers") || parts.length < i + 4) {
            throw new IllegalArgumentException("expected /providers/{namespace}/{type}/{name} in resource id: " + abbreviate(raw));
        }
        String namespace = parts[i + 1];
        int rest = parts.length - (i + 2);
        if (rest % 2 != 0) {
            throw new IllegalArgumentException("resource type without a name in resource id: " + abbreviate(raw));
        }
        List<String> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int j = i + 2; j < parts.length; j += 2) {
            types.add(parts[j]);
            names.add(parts[j + 1]);
        }
        return new ResourceId(trimmed, subscription, group, namespace, types, names);
    }

    /** Like {@link #parse} but empty instead of an exception, for untrusted input (events). */
    public static Optional<ResourceId> tryParse(String raw) {
        try {
            return Optional.of(parse(raw));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static ResourceId subscription(String subscriptionId) {
        return parse("/subscriptions/" + subscriptionId);
    }

    public String subscriptionId() {
        return subscriptionId;
    }

    public Optional<String> resourceGroup() {
        return Optional.ofNullable(resourceGroup);
    }

    public boolean isSubscription() {
        return resourceGroup == null && providerNamespace == null;
    }

    public boolean isResourceGroup() {
        return resourceGroup != null && providerNamespace == null;
    }

    public boolean isProviderResource() {
        return providerNamespace != null;
    }

    /**
     * Full resource type in the id's own casing, e.g. {@code Microsoft.Network/virtualNetworks/subnets};
     * {@code Microsoft.Resources/subscriptions} and {@code Microsoft.Resources/resourceGroups} for scopes.
     */
    public String type() {
        return type;
    }

    /** Case-insensitive comparison of {@link #type()} with a type such as {@code microsoft.network/networksecuritygroups}. */
    public boolean isOfType(String fullType) {
        return type().equalsIgnoreCase(fullType);
    }

    /** The last name segment (the subscription id or resource group name for scopes). */
    public String name() {
        if (isSubscription()) {
            return subscriptionId;
        }
        if (isResourceGroup()) {
            return resourceGroup;
        }
        return names.get(names.size() - 1);
    }

    /**
     * The enclosing resource: a subnet's VNet, a VNet's resource group, a group's subscription;
     * empty for a subscription.
     */
    public Optional<ResourceId> parent() {
        Optional<ResourceId> known = parent;
        if (known == null) {
            known = computeParent();
            parent = known;
        }
        return known;
    }

    private Optional<ResourceId> computeParent() {
        if (isSubscription()) {
            return Optional.empty();
        }
        String[] segments = text.substring(1).split("/");
        int keep;
        if (isResourceGroup()) {
            keep = 2;
        } else if (names.size() == 1) {
            keep = resourceGroup == null ? 2 : 4;
        } else {
            keep = segments.length - 2;
        }
        return Optional.of(parse("/" + String.join("/", java.util.Arrays.copyOf(segments, keep))));
    }

    /** The id of a child resource, e.g. {@code vnet.child("subnets", "compute")}. */
    public ResourceId child(String childType, String childName) {
        if (!isProviderResource()) {
            throw new IllegalArgumentException("only provider resources have child resources: " + text);
        }
        return parse(text + "/" + childType + "/" + childName);
    }

    /** True when this id equals {@code ancestor} or lies beneath it (subscription, group, parent resource). */
    public boolean isWithin(ResourceId ancestor) {
        return key.equals(ancestor.key) || key.startsWith(ancestor.key + "/");
    }

    /** Lower-case form, the identity used by {@link #equals}. */
    public String key() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceId other && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public int compareTo(ResourceId o) {
        return key.compareTo(o.key);
    }

    @Override
    public String toString() {
        return text;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? "'" + s + "'" : "'" + s.substring(0, 200) + "…' (" + s.length() + " chars)";
    }
}
