package com.dlpguard.health;

import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The guard's self-check, pure: inputs read by {@link SelfCheckRunner} in, one {@link HealthCheck}
 * per thing checked out. It tells before a write fails, and before an event is lost, that the
 * guard cannot enforce:
 * <ul>
 *   <li>{@link HealthCheck#PERMISSIONS}: at every protected resource group the identity holds
 *       every action of {@link ArmPermissions#all()}; at the group of a managed-network workspace,
 *       {@link ArmPermissions#forManagedWorkspace()} (read it and its outbound rules, delete an
 *       outbound rule and poll that delete); at the group of every resource a protected
 *       subnet links (an NSG, route table, NAT gateway, ... elsewhere), the join a subnet PUT needs
 *       on it and the read the guard needs to evaluate it;</li>
 *   <li>{@link HealthCheck#EVENTS}: each watched subscription's system topic has an event
 *       subscription delivering to this app's {@code DlpGuardEventGrid}, provisioned, on write and
 *       delete successes, with every handled operation in its filter and a dead-letter destination;</li>
 *   <li>{@link HealthCheck#READ}: every configured resource was read; a managed-network workspace
 *       with its outbound rules (a list ARM refused leaves the rules the guard judges unread).</li>
 * </ul>
 * Something that could not be looked at is a failed check, never a passing one: an insider who
 * makes the guard's own view fail (an unreadable NSG) gets a guard-health alert, not silence.
 */
public final class SelfCheck {
    /** The function Event Grid must deliver to (functions.DlpGuardEventGrid). */
    public static final String EVENT_FUNCTION = "DlpGuardEventGrid";
    static final List<String> EVENT_TYPES = List.of("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess");
    static final String TOPIC_TYPE = "Microsoft.Resources.Subscriptions";

    /** Reads the guard needs on a linked resource it evaluates, beside the join (by linked type). */
    private static final Map<String, List<String>> LINKED_READS = Map.of(
            "microsoft.network/networksecuritygroups", List.of("Microsoft.Network/networkSecurityGroups/read"),
            "microsoft.network/serviceendpointpolicies", List.of("Microsoft.Network/serviceEndpointPolicies/read",
                    "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/read"),
            "microsoft.network/routetables", List.of("Microsoft.Network/routeTables/read", "Microsoft.Network/routeTables/routes/read"));

    private SelfCheck() {
    }

    // ---- what to read ------------------------------------------------------------------------

    /** The resource group of a resource id (or the id itself when it is one). */
    public static ResourceId groupOf(ResourceId id) {
        return ResourceId.parse("/subscriptions/" + id.subscriptionId() + "/resourceGroups/"
                + id.resourceGroup().orElseThrow(() -> new IllegalArgumentException("not in a resource group: " + id)));
    }

    /** Every resource the configuration names, with the workspace naming it (managed-network workspaces last). */
    public static Map<ResourceId, String> configuredResources(GuardConfig config) {
        Map<ResourceId, String> out = subnetWorkspaceResources(config);
        config.managedWorkspaces().forEach(m -> out.putIfAbsent(m.workspaceId(), m.name()));
        return out;
    }

    /** The resources SEP-based (subnet) workspaces name: their groups need every action of the role. */
    private static Map<ResourceId, String> subnetWorkspaceResources(GuardConfig config) {
        Map<ResourceId, String> out = new LinkedHashMap<>();
        for (WorkspaceConfig w : config.workspaces()) {
            w.subnets().forEach(s -> out.putIfAbsent(s, w.name()));
            out.putIfAbsent(w.serviceEndpointPolicy(), w.name());
            w.additionalServiceEndpointPolicies().forEach(p -> out.putIfAbsent(p, w.name()));
            w.networkSecurityGroup().ifPresent(n -> out.putIfAbsent(n, w.name()));
            w.workspaceId().ifPresent(ws -> out.putIfAbsent(ws, w.name()));
        }
        return out;
    }

    /**
     * The subscriptions whose events the guard must receive: those of the protected subnets and of
     * the managed-network workspaces (an outbound rule added there is an event like any other).
     */
    public static Set<String> watchedSubscriptions(GuardConfig config) {
        Set<String> out = new TreeSet<>();
        config.workspaces().forEach(w -> w.subnets().forEach(s -> out.add(s.subscriptionId().toLowerCase(Locale.ROOT))));
        config.managedWorkspaces().forEach(m -> out.add(m.workspaceId().subscriptionId().toLowerCase(Locale.ROOT)));
        return out;
    }

    /**
     * The actions the identity needs per resource group: everything at the groups holding
     * resources of subnet workspaces (where the role is assigned); at the group of a managed-network
     * workspace, what its reads and DLP016's delete need (derived from {@link ArmPermissions}, added
     * to everything when the group holds both kinds); at the group of a resource a protected
     * subnet links, its join and reads (from the subnets as read, so a NAT gateway added yesterday
     * in another group is checked today).
     */
    public static Map<ResourceId, Set<String>> requiredActions(GuardConfig config, Optional<Estate> estate) {
        Map<ResourceId, Set<String>> required = new LinkedHashMap<>();
        for (ResourceId id : subnetWorkspaceResources(config).keySet()) {
            if (id.resourceGroup().isPresent()) {
                required.computeIfAbsent(groupOf(id), g -> new TreeSet<>()).addAll(ArmPermissions.all());
            }
        }
        for (ManagedWorkspaceConfig m : config.managedWorkspaces()) {
            required.computeIfAbsent(groupOf(m.workspaceId()), g -> new TreeSet<>()).addAll(ArmPermissions.forManagedWorkspace());
        }
        if (estate.isPresent()) {
            for (WorkspaceConfig w : config.workspaces()) {
                for (ResourceId subnetId : w.subnets()) {
                    Optional<Subnet> subnet = estate.get().subnet(subnetId);
                    if (subnet.isEmpty()) {
                        continue;
                    }
                    for (ArmPermissions.ScopedAction join : ArmPermissions.linkedJoins(parse(subnet.get().json()))) {
                        if (join.scope().resourceGroup().isEmpty()) {
                            continue;
                        }
                        Set<String> actions = required.computeIfAbsent(groupOf(join.scope()), g -> new TreeSet<>());
                        actions.add(join.action());
                        actions.addAll(LINKED_READS.getOrDefault(topLevelType(join.scope()), List.of()));
                    }
                }
            }
        }
        return required;
    }

    // ---- evaluation ----------------------------------------------------------------------------

    public static List<HealthCheck> evaluate(SelfCheckInputs in) {
        List<HealthCheck> checks = new ArrayList<>();
        checks.addAll(permissions(in));
        checks.addAll(events(in));
        checks.addAll(readable(in));
        return checks;
    }

    private static List<HealthCheck> permissions(SelfCheckInputs in) {
        Optional<Estate> estate = in.estate() instanceof Observed.Found<Estate> f ? Optional.of(f.value()) : Optional.empty();
        List<HealthCheck> checks = new ArrayList<>();
        for (Map.Entry<ResourceId, Set<String>> entry : requiredActions(in.config(), estate).entrySet()) {
            ResourceId group = entry.getKey();
            Observed<EffectivePermissions> observed = in.permissions().getOrDefault(group,
                    Observed.failed("the self-check did not read the permissions here"));
            String where = "resource group " + group.resourceGroup().orElse("") + " (subscription " + group.subscriptionId() + ")";
            if (observed instanceof Observed.Found<EffectivePermissions> found) {
                List<String> missing = entry.getValue().stream().filter(a -> !found.value().allows(a)).sorted().toList();
                checks.add(missing.isEmpty()
                        ? pass(HealthCheck.PERMISSIONS, group, "the identity holds all " + entry.getValue().size() + " actions it may need in " + where)
                        : new HealthCheck(HealthCheck.PERMISSIONS, HealthCheck.titleOf(HealthCheck.PERMISSIONS), group, false,
                                "the identity lacks " + missing.size() + " action(s) in " + where + ": " + String.join(", ", missing)
                                        + "; writes needing them fail (LinkedAuthorizationFailed / AuthorizationFailed)",
                                missing, "Redeploy infra/ (role.bicep, then main.bicep) so the DLP Guard role holds these actions and is"
                                        + " assigned at this resource group; a resource another group holds needs the role (or the listed"
                                        + " joins) there too.", ""));
            } else {
                checks.add(new HealthCheck(HealthCheck.PERMISSIONS, HealthCheck.titleOf(HealthCheck.PERMISSIONS), group, false,
                        "could not read the identity's effective permissions in " + where + ": " + reason(observed),
                        List.copyOf(entry.getValue()), "Assign the DLP Guard role at this resource group (it includes"
                                + " Microsoft.Authorization/permissions/read).", ""));
            }
        }
        return checks;
    }

    private static List<HealthCheck> events(SelfCheckInputs in) {
        List<HealthCheck> checks = new ArrayList<>();
        String expected = in.functionApp().map(a -> a + "/functions/" + EVENT_FUNCTION).orElse("…/functions/" + EVENT_FUNCTION);
        for (String subscription : watchedSubscriptions(in.config())) {
            ResourceId scope = ResourceId.subscription(subscription);
            Observed<List<EventTopic>> observed = in.topics().getOrDefault(subscription,
                    Observed.failed("the self-check did not read this subscription's system topic"));
            if (!(observed instanceof Observed.Found<List<EventTopic>> found) || found.value().isEmpty()) {
                String detail = observed instanceof Observed.Failed<List<EventTopic>> f
                        ? "could not read the Event Grid system topic of subscription " + subscription + ": " + f.reason()
                        : "subscription " + subscription + " has no " + TOPIC_TYPE + " system topic: no ARM event reaches the guard";
                checks.add(fail(HealthCheck.EVENTS, scope, detail, List.of(expected),
                        "Deploy infra/main.bicep (system topic) and infra/eventgrid.bicep (event subscription) for this subscription."));
                continue;
            }
            List<JsonObject> delivering = new ArrayList<>();
            List<String> unreadable = new ArrayList<>();
            for (EventTopic topic : found.value()) {
                if (topic.eventSubscriptions() instanceof Observed.Found<List<JsonObject>> subs) {
                    subs.value().stream().filter(s -> deliversTo(s, in.functionApp())).forEach(delivering::add);
                } else {
                    unreadable.add(topic.id().name() + " (" + reason(topic.eventSubscriptions()) + ")");
                }
            }
            String topics = String.join(", ", found.value().stream().map(t -> t.id().name()).toList());
            if (delivering.isEmpty()) {
                String detail = unreadable.isEmpty()
                        ? "no event subscription on system topic " + topics + " delivers to " + expected
                                + ": changes in subscription " + subscription + " are only seen by the sweep"
                        : "could not list the event subscriptions of system topic " + String.join(", ", unreadable);
                checks.add(fail(HealthCheck.EVENTS, found.value().get(0).id(), detail, List.of(expected),
                        "Run infra/eventgrid.bicep (azd: the postdeploy hook) to subscribe " + EVENT_FUNCTION + " to topic " + topics + "."));
                continue;
            }
            for (JsonObject subscriptionJson : delivering) {
                checks.add(eventSubscription(subscriptionJson, found.value().get(0).id(), in, expected));
            }
        }
        return checks;
    }

    private static HealthCheck eventSubscription(JsonObject json, ResourceId topic, SelfCheckInputs in, String expected) {
        ResourceId id = Json.string(json, "id").flatMap(ResourceId::tryParse).orElse(topic);
        JsonObject p = Json.object(json, "properties").orElseGet(JsonObject::new);
        List<String> problems = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Json.string(p, "provisioningState").filter(s -> !s.equalsIgnoreCase("Succeeded"))
                .ifPresent(s -> problems.add("provisioning state is " + s));
        JsonObject filter = Json.object(p, "filter").orElseGet(JsonObject::new);
        Optional<Set<String>> types = lowerStrings(filter.get("includedEventTypes"));
        if (types.isPresent()) {
            for (String t : EVENT_TYPES) {
                if (!types.get().contains(t.toLowerCase(Locale.ROOT))) {
                    problems.add("event type " + t + " is not included");
                    missing.add(t);
                }
            }
        }
        for (String key : List.of("subjectBeginsWith", "subjectEndsWith")) {
            Json.string(filter, key).filter(s -> !s.isEmpty()).ifPresent(s -> problems.add("a " + key + " filter ('" + s + "') narrows the events"));
        }
        Set<String> handled = new TreeSet<>(in.handledOperations());
        JsonElement advanced = filter.get("advancedFilters");
        if (advanced != null && advanced.isJsonArray()) {
            for (JsonElement f : advanced.getAsJsonArray()) {
                if (!f.isJsonObject()) {
                    continue;
                }
                JsonObject af = f.getAsJsonObject();
                boolean onOperation = Json.string(af, "key").filter(k -> k.equalsIgnoreCase("data.operationName")).isPresent();
                String operator = Json.string(af, "operatorType").orElse("");
                if (onOperation && operator.equalsIgnoreCase("StringIn")) {
                    Set<String> values = lowerStrings(af.get("values")).orElse(Set.of());
                    for (String op : handled) {
                        if (!values.contains(op.toLowerCase(Locale.ROOT))) {
                            missing.add(op);
                        }
                    }
                    if (missing.stream().anyMatch(handled::contains)) {
                        problems.add("the operation filter lacks " + String.join(", ", missing.stream().filter(handled::contains).toList()));
                    }
                } else {
                    // Any other advanced filter can only drop events: the guard's own never has one.
                    problems.add("an advanced filter " + operator + " on " + Json.string(af, "key").orElse("?") + " may drop events");
                }
            }
        }
        Optional<JsonObject> deadLetter = Json.object(p, "deadLetterDestination")
                .or(() -> Json.object(p, "deadLetterWithResourceIdentity").flatMap(d -> Json.object(d, "deadLetterDestination")));
        if (deadLetter.isEmpty()) {
            problems.add("no dead-letter destination: an event that exhausts its retries is lost without a trace");
            missing.add("deadLetterDestination");
        }
        if (in.functionApp().isEmpty()) {
            // Informational, not a gap: without the app id any DlpGuardEventGrid counts.
            return problems.isEmpty()
                    ? pass(HealthCheck.EVENTS, id, "event subscription " + id.name() + " delivers to a " + EVENT_FUNCTION
                            + " function (app not named: pass --function-app to check it is this one) with every handled operation and a dead-letter destination")
                    : fail(HealthCheck.EVENTS, id, "event subscription " + id.name() + ": " + String.join("; ", problems), missing,
                            "Redeploy infra/eventgrid.bicep (azd: the postdeploy hook).");
        }
        return problems.isEmpty()
                ? pass(HealthCheck.EVENTS, id, "event subscription " + id.name() + " delivers to " + expected
                        + " every handled operation, and dead-letters")
                : fail(HealthCheck.EVENTS, id, "event subscription " + id.name() + ": " + String.join("; ", problems), missing,
                        "Redeploy infra/eventgrid.bicep (azd: the postdeploy hook).");
    }

    static boolean deliversTo(JsonObject eventSubscription, Optional<ResourceId> functionApp) {
        JsonObject destination = Json.object(eventSubscription, "properties").flatMap(p -> Json.object(p, "destination"))
                .orElseGet(JsonObject::new);
        if (!Json.string(destination, "endpointType").filter(t -> t.equalsIgnoreCase("AzureFunction")).isPresent()) {
            return false;
        }
        Optional<String> target = Json.object(destination, "properties").flatMap(p -> Json.string(p, "resourceId"));
        if (target.isEmpty()) {
            return false;
        }
        String t = target.get().toLowerCase(Locale.ROOT);
        if (functionApp.isPresent()) {
            return t.equals((functionApp.get() + "/functions/" + EVENT_FUNCTION).toLowerCase(Locale.ROOT));
        }
        return t.endsWith("/functions/" + EVENT_FUNCTION.toLowerCase(Locale.ROOT));
    }

    private static List<HealthCheck> readable(SelfCheckInputs in) {
        List<HealthCheck> checks = new ArrayList<>();
        for (Map.Entry<ResourceId, String> entry : configuredResources(in.config()).entrySet()) {
            ResourceId id = entry.getKey();
            String workspace = entry.getValue();
            if (in.estate() instanceof Observed.Found<Estate> found) {
                Estate estate = found.value();
                Optional<String> failure = estate.readFailure(id);
                if (failure.isEmpty() && in.config().managedWorkspace(id).isPresent()) {
                    // The outbound-rule list is recorded under the workspace: its failure leaves the
                    // rules DLP016/DLP017 judge unread although the workspace itself was returned.
                    failure = underneath(estate, id).map(f -> "its outbound rules could not be listed: " + f);
                }
                if (failure.isPresent()) {
                    checks.add(readFail(id, workspace, id.name() + " could not be read: " + failure.get()));
                } else if (!present(estate, id)) {
                    checks.add(readFail(id, workspace, id.name() + " does not exist (ARM answered not found)"));
                } else {
                    checks.add(new HealthCheck(HealthCheck.READ, HealthCheck.titleOf(HealthCheck.READ), id, true,
                            id.name() + " was read", List.of(), "", workspace));
                }
            } else {
                checks.add(readFail(id, workspace, id.name() + " was not read: " + reason(in.estate())));
            }
        }
        return checks;
    }

    private static Optional<String> underneath(Estate estate, ResourceId id) {
        return estate.readFailures().entrySet().stream().filter(e -> e.getKey().isWithin(id))
                .sorted(Map.Entry.comparingByKey()).map(Map.Entry::getValue).findFirst();
    }

    private static boolean present(Estate estate, ResourceId id) {
        String type = id.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "microsoft.network/virtualnetworks/subnets" -> estate.subnet(id).isPresent();
            case "microsoft.network/serviceendpointpolicies" -> estate.serviceEndpointPolicy(id).isPresent();
            case "microsoft.network/networksecuritygroups" -> estate.networkSecurityGroup(id).isPresent();
            case "microsoft.machinelearningservices/workspaces" -> estate.workspace(id).isPresent();
            case "microsoft.network/routetables" -> estate.routeTable(id).isPresent();
            default -> false;
        };
    }

    private static HealthCheck readFail(ResourceId id, String workspace, String detail) {
        return new HealthCheck(HealthCheck.READ, HealthCheck.titleOf(HealthCheck.READ), id, false,
                detail + "; the rules that need it answer unknown and nothing it governs can be rolled back",
                List.of(id.toString()), "Check that the resource exists and that the DLP Guard role is assigned at its"
                        + " resource group (or readerResourceGroups covers it).", workspace);
    }

    private static HealthCheck pass(String checkId, ResourceId resource, String detail) {
        return new HealthCheck(checkId, HealthCheck.titleOf(checkId), resource, true, detail, List.of(), "", "");
    }

    private static HealthCheck fail(String checkId, ResourceId resource, String detail, List<String> missing, String remediation) {
        return new HealthCheck(checkId, HealthCheck.titleOf(checkId), resource, false, detail, missing, remediation, "");
    }

    private static String reason(Observed<?> observed) {
        if (observed instanceof Observed.Failed<?> f) {
            return f.reason();
        }
        return observed instanceof Observed.Missing<?> ? "not found" : "read";
    }

    private static Optional<Set<String>> lowerStrings(JsonElement value) {
        if (value == null || !value.isJsonArray()) {
            return Optional.empty();
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonElement e : (JsonArray) value) {
            if (e.isJsonPrimitive()) {
                out.add(e.getAsString().toLowerCase(Locale.ROOT));
            }
        }
        return Optional.of(out);
    }

    private static String topLevelType(ResourceId id) {
        ResourceId top = id;
        while (top.parent().map(ResourceId::isProviderResource).orElse(false)) {
            top = top.parent().orElseThrow();
        }
        return top.type().toLowerCase(Locale.ROOT);
    }

    private static JsonObject parse(String json) {
        try {
            JsonElement e = StrictJson.parse(json);
            return e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (JsonInputException e) {
            return new JsonObject();
        }
    }
}
