package com.dlpguard.arm;

import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every ARM action the guard may need: the single source of truth for the custom role in infra/
 * (InfraCrossCheckTest keeps guard-role-definition.bicep equal to {@link #all()}) and for the
 * self-check ({@code doctor}, every sweep), which compares it with the identity's effective
 * permissions.
 *
 * <p>Writes are listed per request kind ({@link #WRITE_KINDS}: method + target type), so a test
 * can derive the actions from what the planner writes, and a new kind of write that nobody
 * mapped fails that test instead of failing in production with {@code AuthorizationFailed}.
 *
 * <p>Why the joins: a subnet PUT resends the whole subnet, and ARM authorizes every resource the
 * body links as {@code …/join/action} on that resource, <em>changed or not</em>
 * ({@code LinkedAuthorizationFailed} otherwise). So re-attaching an NSG to a subnet that also has a
 * NAT gateway needs the NAT gateway's join, although the guard never touches it. Adding a service
 * endpoint is authorized as {@code joinViaServiceEndpoint} on the subnet itself (Microsoft's subnet
 * permissions table). An insider cannot use a missing join to stall rollbacks for long: the
 * self-check names it as a guard-health alert on the next sweep.
 */
public final class ArmPermissions {

    /**
     * A reference a subnet body can carry: the JSON property under {@code properties} (an object
     * with {@code id}, or an array of them, or of objects holding {@code idField}), the type of the
     * referenced resource, and the action ARM checks on it when a subnet PUT carries it.
     */
    public record LinkedReference(String property, Optional<String> idField, String resourceType, String joinAction) {
        public LinkedReference {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(idField, "idField");
            Objects.requireNonNull(resourceType, "resourceType");
            Objects.requireNonNull(joinAction, "joinAction");
        }

        static LinkedReference of(String property, String resourceType, String joinAction) {
            return new LinkedReference(property, Optional.empty(), resourceType, joinAction);
        }
    }

    /** One kind of planned request: the HTTP method and the type of the resource written. */
    public record WriteKind(String method, String resourceType) {
        public WriteKind {
            method = method.toUpperCase(Locale.ROOT);
            resourceType = resourceType.toLowerCase(Locale.ROOT);
        }

        public static WriteKind of(PlannedWrite write) {
            return new WriteKind(write.request().method(), write.target().type());
        }
    }

    /** An action and the resource ARM checks it on (the target, or a resource the body links). */
    public record ScopedAction(String action, ResourceId scope) {
        public ScopedAction {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(scope, "scope");
        }
    }

    public static final String SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets";
    public static final String SERVICE_ENDPOINT_JOIN = "Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action";
    /** Polling the {@code Azure-AsyncOperation} status of the guard's own network PUTs and DELETEs. */
    public static final String OPERATION_STATUS_READ = "Microsoft.Network/locations/operations/read";
    public static final String WORKSPACE_READ = "Microsoft.MachineLearningServices/workspaces/read";
    public static final String OUTBOUND_RULES_READ = "Microsoft.MachineLearningServices/workspaces/outboundRules/read";
    /**
     * Polling DLP016's outbound-rule DELETE, which ARM answers {@code 202} with a {@code Location}
     * under {@code /subscriptions/{s}/providers/Microsoft.MachineLearningServices/locations/{region}/…}.
     * Evidence, and its limit: the REST spec's deleteRule example (ManagedNetwork, 2024-04-01 and
     * later) shows only a placeholder {@code Location} header, so the exact status path is not
     * published; Microsoft's RBAC operation list for Microsoft.MachineLearningServices names four
     * location-level status reads ({@code computeoperationsstatus}, {@code mfeOperationResults},
     * {@code mfeOperationsStatus}, {@code workspaceOperationsStatus}). Outbound rules belong to the
     * workspace's managed network, neither a compute nor an MFE asset (jobs, endpoints), so the
     * closest documented action is the workspace one. ARM checks such a status URL at the resource
     * group (Microsoft, "Track asynchronous Azure operations": the URL is not under the resource),
     * where the role is assigned. Not verified against a subscription: if a live poll is refused,
     * the write is reported failed with ARM's AuthorizationFailed (which names the action actually
     * checked: put it here and in the role), and the next read shows whether the rule is gone.
     */
    public static final String ML_OPERATION_STATUS_READ = "Microsoft.MachineLearningServices/locations/workspaceOperationsStatus/read";
    /** DLP016's rollback: the DELETE of an unapproved user-defined outbound rule of a managed network. */
    public static final WriteKind OUTBOUND_RULE_DELETE = new WriteKind("DELETE", "Microsoft.MachineLearningServices/workspaces/outboundRules");

    /**
     * Every resource a subnet PUT body (api-version 2025-03-01) can link, with the action ARM checks
     * on it. Network intent policies are applied to delegated subnets (SQL Managed Instance and
     * others) by their service; ARM still checks the join when the subnet is PUT, so it is held
     * whatever the body shows.
     */
    public static final List<LinkedReference> SUBNET_LINKS = List.of(
            LinkedReference.of("networkSecurityGroup", "Microsoft.Network/networkSecurityGroups",
                    "Microsoft.Network/networkSecurityGroups/join/action"),
            LinkedReference.of("routeTable", "Microsoft.Network/routeTables", "Microsoft.Network/routeTables/join/action"),
            LinkedReference.of("natGateway", "Microsoft.Network/natGateways", "Microsoft.Network/natGateways/join/action"),
            LinkedReference.of("serviceEndpointPolicies", "Microsoft.Network/serviceEndpointPolicies",
                    "Microsoft.Network/serviceEndpointPolicies/join/action"),
            LinkedReference.of("ipAllocations", "Microsoft.Network/IpAllocations", "Microsoft.Network/ipAllocations/join/action"),
            new LinkedReference("ipamPoolPrefixAllocations", Optional.of("pool"), "Microsoft.Network/networkManagers/ipamPools",
                    "Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action"),
            LinkedReference.of("networkIntentPolicies", "Microsoft.Network/networkIntentPolicies",
                    "Microsoft.Network/networkIntentPolicies/join/action"));

    /**
     * Per kind of planned write, the actions on the target itself (joins on linked resources come
     * from {@link #SUBNET_LINKS}). Deletes of definitions and routes: DLP005 deletes an emptied
     * rogue definition, DLP014 an offending route (rule book 2).
     */
    public static final Map<WriteKind, Set<String>> WRITE_KINDS = Map.of(
            new WriteKind("PUT", SUBNET_TYPE), Set.of(
                    "Microsoft.Network/virtualNetworks/subnets/write",
                    SERVICE_ENDPOINT_JOIN),
            new WriteKind("PUT", "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions"), Set.of(
                    "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write"),
            new WriteKind("DELETE", "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions"), Set.of(
                    "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete"),
            new WriteKind("PUT", "Microsoft.Network/networkSecurityGroups/securityRules"), Set.of(
                    "Microsoft.Network/networkSecurityGroups/securityRules/write"),
            new WriteKind("DELETE", "Microsoft.Network/networkSecurityGroups/securityRules"), Set.of(
                    "Microsoft.Network/networkSecurityGroups/securityRules/delete"),
            new WriteKind("PUT", "Microsoft.Network/routeTables/routes"), Set.of(
                    "Microsoft.Network/routeTables/routes/write"),
            new WriteKind("DELETE", "Microsoft.Network/routeTables/routes"), Set.of(
                    "Microsoft.Network/routeTables/routes/delete"),
            // DLP016: an unapproved user-defined outbound rule of a managed network (never a platform rule).
            OUTBOUND_RULE_DELETE, Set.of(
                    "Microsoft.MachineLearningServices/workspaces/outboundRules/delete",
                    ML_OPERATION_STATUS_READ));

    public static final Set<String> READ_ACTIONS = Set.of(
            "Microsoft.Network/virtualNetworks/read",
            "Microsoft.Network/virtualNetworks/subnets/read",
            "Microsoft.Network/networkSecurityGroups/read",
            "Microsoft.Network/networkSecurityGroups/securityRules/read",
            "Microsoft.Network/serviceEndpointPolicies/read",
            "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/read",
            "Microsoft.Network/routeTables/read",
            "Microsoft.Network/routeTables/routes/read",
            OPERATION_STATUS_READ,
            WORKSPACE_READ,
            "Microsoft.MachineLearningServices/workspaces/environments/read",
            "Microsoft.MachineLearningServices/workspaces/environments/versions/read",
            OUTBOUND_RULES_READ);

    /**
     * The self-check's own read: the identity's effective permissions at a scope (GET
     * {@code Microsoft.Authorization/permissions}). Read-only and about the caller itself.
     */
    public static final Set<String> SELF_CHECK_ACTIONS = Set.of("Microsoft.Authorization/permissions/read");

    /** Every write-side action: the kinds' own actions and every join a subnet PUT can need. */
    public static final Set<String> WRITE_ACTIONS = writeActions();

    private ArmPermissions() {
    }

    public static Set<String> all() {
        Set<String> all = new TreeSet<>(READ_ACTIONS);
        all.addAll(WRITE_ACTIONS);
        all.addAll(SELF_CHECK_ACTIONS);
        return Collections.unmodifiableSet(all);
    }

    /**
     * What the guard needs at the resource group of a managed-network workspace (a subset of
     * {@link #all()}, so the role holds it): read the workspace and its outbound rules, DLP016's
     * outbound-rule DELETE with what its polling needs, and the self-check's own read. No network
     * action: such a workspace has no customer subnet, SEP or NSG.
     */
    public static Set<String> forManagedWorkspace() {
        Set<String> actions = new TreeSet<>(Set.of(WORKSPACE_READ, OUTBOUND_RULES_READ));
        actions.addAll(WRITE_KINDS.get(OUTBOUND_RULE_DELETE));
        actions.addAll(SELF_CHECK_ACTIONS);
        return Collections.unmodifiableSet(actions);
    }

    /** The actions on the target of a kind of write; empty when nobody mapped that kind (a test fails then). */
    public static Optional<Set<String>> targetActions(WriteKind kind) {
        return Optional.ofNullable(WRITE_KINDS.get(kind));
    }

    /**
     * Every action one planned write needs and where ARM checks it: the kind's actions on the
     * target (for the outbound-rule DELETE that includes its own operation-status read), the
     * network operation-status read for a network write, and for a subnet PUT the join on each resource its body
     * links. Empty when the kind is not mapped.
     */
    public static Optional<List<ScopedAction>> requiredFor(PlannedWrite write) {
        Optional<Set<String>> own = targetActions(WriteKind.of(write));
        if (own.isEmpty()) {
            return Optional.empty();
        }
        List<ScopedAction> needed = new ArrayList<>();
        own.get().stream().sorted().forEach(a -> needed.add(new ScopedAction(a, write.target())));
        if (write.target().type().toLowerCase(Locale.ROOT).startsWith("microsoft.network/")) {
            needed.add(new ScopedAction(OPERATION_STATUS_READ, write.target()));
        }
        if (write.target().isOfType(SUBNET_TYPE) && write.request().body().isPresent()) {
            needed.addAll(linkedJoins(parse(write.request().body().get())));
        }
        return Optional.of(List.copyOf(needed));
    }

    /** The join each resource a subnet's JSON links needs, on that resource (its resource group is where the role must hold it). */
    public static List<ScopedAction> linkedJoins(JsonObject subnet) {
        JsonObject properties = Json.object(subnet, "properties").orElseGet(JsonObject::new);
        List<ScopedAction> joins = new ArrayList<>();
        for (LinkedReference link : SUBNET_LINKS) {
            JsonElement value = properties.get(link.property());
            for (ResourceId id : ids(value, link.idField())) {
                joins.add(new ScopedAction(link.joinAction(), id));
            }
        }
        return joins;
    }

    private static Set<String> writeActions() {
        Set<String> actions = new LinkedHashSet<>();
        WRITE_KINDS.values().forEach(actions::addAll);
        SUBNET_LINKS.forEach(l -> actions.add(l.joinAction()));
        return Collections.unmodifiableSet(new TreeSet<>(actions));
    }

    private static List<ResourceId> ids(JsonElement value, Optional<String> idField) {
        List<ResourceId> ids = new ArrayList<>();
        if (value == null || value.isJsonNull()) {
            return ids;
        }
        if (value.isJsonArray()) {
            for (JsonElement item : value.getAsJsonArray()) {
                ids.addAll(ids(item, idField));
            }
            return ids;
        }
        if (value.isJsonObject()) {
            String field = idField.orElse("id");
            Json.string(value.getAsJsonObject(), field).flatMap(ResourceId::tryParse).ifPresent(ids::add);
        }
        return ids;
    }

    private static JsonObject parse(String body) {
        try {
            JsonElement parsed = StrictJson.parse(body);
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (JsonInputException e) {
            // The planner built this body from a strictly parsed read: unparsable means a bug.
            throw new IllegalStateException("planned subnet body is not JSON: " + e.getMessage(), e);
        }
    }
}
