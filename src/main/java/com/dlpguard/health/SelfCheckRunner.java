package com.dlpguard.health;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.SelfCheckReads;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.events.HandledOperations;
import com.dlpguard.json.Json;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads what the self-check needs through the gateway (the estate, like a reconcile reads it) and
 * {@link SelfCheckReads} (permissions, Event Grid), then evaluates with {@link SelfCheck}. Never
 * throws for ARM: every failed read becomes a failed check naming the reason, so the self-check
 * still reports what it could see when ARM refuses part of it.
 *
 * <p>System topics: the ids given (the deployment knows them), or else every
 * {@code Microsoft.Resources.Subscriptions} topic whose source is the watched subscription, found by
 * listing it (what an operator running {@code doctor} can do; the guard itself reads only its
 * own topics, where infra/ gives it Reader).
 */
public final class SelfCheckRunner {
    private final ArmGateway gateway;
    private final SelfCheckReads reads;
    private final Optional<ResourceId> functionApp;
    private final List<ResourceId> topics;

    public SelfCheckRunner(ArmGateway gateway, SelfCheckReads reads, Optional<ResourceId> functionApp, List<ResourceId> topics) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.functionApp = Objects.requireNonNull(functionApp, "functionApp");
        this.topics = List.copyOf(topics);
    }

    public List<HealthCheck> run(GuardConfig config) {
        return SelfCheck.evaluate(inputs(config));
    }

    SelfCheckInputs inputs(GuardConfig config) {
        Observed<Estate> estate = readEstate(config);
        Optional<Estate> read = estate instanceof Observed.Found<Estate> f ? Optional.of(f.value()) : Optional.empty();
        Map<ResourceId, Observed<EffectivePermissions>> permissions = new LinkedHashMap<>();
        for (ResourceId group : SelfCheck.requiredActions(config, read).keySet()) {
            permissions.put(group, readPermissions(group));
        }
        Map<String, Observed<List<EventTopic>>> topicsBySubscription = new LinkedHashMap<>();
        for (String subscription : SelfCheck.watchedSubscriptions(config)) {
            topicsBySubscription.put(subscription, readTopics(subscription));
        }
        return new SelfCheckInputs(config, estate, permissions, topicsBySubscription, functionApp, HandledOperations.ALL);
    }

    private Observed<Estate> readEstate(GuardConfig config) {
        Set<ResourceId> subnets = new LinkedHashSet<>();
        Set<ResourceId> policies = new LinkedHashSet<>();
        Set<ResourceId> nsgs = new LinkedHashSet<>();
        Set<ResourceId> workspaces = new LinkedHashSet<>();
        for (WorkspaceConfig w : config.workspaces()) {
            subnets.addAll(w.subnets());
            policies.add(w.serviceEndpointPolicy());
            policies.addAll(w.additionalServiceEndpointPolicies());
            w.networkSecurityGroup().ifPresent(nsgs::add);
            w.workspaceId().ifPresent(workspaces::add);
        }
        Set<ResourceId> managed = new LinkedHashSet<>();
        config.managedWorkspaces().forEach(m -> managed.add(m.workspaceId()));
        try {
            return Observed.found(gateway.read(new ReadScope.Targeted(subnets, policies, nsgs, workspaces, false, managed)));
        } catch (ArmException e) {
            return Observed.failed(e.getMessage());
        }
    }

    private Observed<EffectivePermissions> readPermissions(ResourceId group) {
        try {
            return Observed.found(EffectivePermissions.fromArm(reads.permissions(group)));
        } catch (ArmException e) {
            return Observed.failed(e.getMessage());
        }
    }

    private Observed<List<EventTopic>> readTopics(String subscription) {
        List<JsonObject> found = new ArrayList<>();
        try {
            if (topics.isEmpty()) {
                for (JsonObject t : reads.list("/subscriptions/" + subscription + "/providers/Microsoft.EventGrid/systemTopics",
                        SelfCheckReads.EVENT_GRID_API_VERSION)) {
                    if (isSourceOf(t, subscription)) {
                        found.add(t);
                    }
                }
            } else {
                for (ResourceId id : topics) {
                    if (!id.subscriptionId().equalsIgnoreCase(subscription)) {
                        continue;
                    }
                    Optional<JsonObject> t = reads.resource(id, SelfCheckReads.EVENT_GRID_API_VERSION);
                    t.filter(json -> isSourceOf(json, subscription)).ifPresent(found::add);
                }
            }
        } catch (ArmException e) {
            return Observed.failed(e.getMessage());
        }
        if (found.isEmpty()) {
            return Observed.missing();
        }
        List<EventTopic> out = new ArrayList<>();
        for (JsonObject t : found) {
            Optional<ResourceId> id = Json.string(t, "id").flatMap(ResourceId::tryParse);
            if (id.isEmpty()) {
                continue;
            }
            Observed<List<JsonObject>> subscriptions;
            try {
                subscriptions = Observed.found(reads.list(id.get() + "/eventSubscriptions", SelfCheckReads.EVENT_GRID_API_VERSION));
            } catch (ArmException e) {
                subscriptions = Observed.failed(e.getMessage());
            }
            out.add(new EventTopic(id.get(), t, subscriptions));
        }
        return Observed.found(out);
    }

    private static boolean isSourceOf(JsonObject topic, String subscription) {
        JsonObject p = Json.object(topic, "properties").orElseGet(JsonObject::new);
        boolean type = Json.string(p, "topicType").filter(t -> t.equalsIgnoreCase(SelfCheck.TOPIC_TYPE)).isPresent();
        boolean source = Json.string(p, "source").map(s -> s.toLowerCase(Locale.ROOT))
                .filter(s -> s.equals("/subscriptions/" + subscription.toLowerCase(Locale.ROOT))).isPresent();
        return type && source;
    }
}
