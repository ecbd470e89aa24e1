package com.dlpguard.bench;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sweep of a large configuration lists the protected resource groups instead of GETting every
 * subnet, SEP and NSG; it judges exactly what a read by GETs would, and repairs drift the same way.
 */
class SweepListingTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:20:00Z"), ZoneOffset.UTC);

    record World(InMemoryArmGateway arm, RecordingGateway recording, GuardConfig config, Guard guard) {
    }

    World world(SyntheticSubscription.Shape shape) throws Exception {
        SyntheticSubscription.Generated generated = SyntheticSubscription.generate(shape);
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(generated.resources());
        RecordingGateway recording = new RecordingGateway(arm);
        GuardConfig config = ConfigLoader.parse(generated.configJson().getBytes(StandardCharsets.UTF_8), "synthetic", TODAY);
        Guard guard = GuardWiring.build(new GuardSettings(config, GuardPolicy.defaults().withDryRun(false), Optional.empty()),
                recording, new InMemoryGuardStateStore(), AlertSettings.fromEnvironment(Map.of()), clock, line -> { }, line -> { },
                Duration.ZERO);
        return new World(arm, recording, config, guard);
    }

    static Set<String> verdicts(List<Assessment> assessments) {
        return assessments.stream().map(a -> a.finding().ruleId() + " " + a.finding().status() + " " + a.finding().resourceId())
                .collect(Collectors.toSet());
    }

    @Test
    void aLargeSweepListsTheResourceGroupsAndJudgesLikeGets() throws Exception {
        World w = world(new SyntheticSubscription.Shape(40, 4, 60, 40, 20, 3)); // 60 protected subnets

        Guard.Outcome sweep = w.guard().sweep();

        List<ReadScope> reads = List.copyOf(w.recording().reads);
        assertTrue(reads.stream().anyMatch(r -> r instanceof ReadScope.Subscription s && s.resourceGroup().isPresent()),
                "listed by resource group: " + reads);
        assertTrue(reads.stream().noneMatch(r -> r instanceof ReadScope.Targeted t && !t.subnets().isEmpty()),
                "no subnet read one by one: " + reads);
        assertTrue(reads.stream().noneMatch(r -> r instanceof ReadScope.Subscription s && s.resourceGroup().isEmpty()),
                "never subscription-wide: the role is granted per resource group");
        var byGets = RuleEngine.withCatalog().evaluate(w.config(), w.arm().read(new ReadScope.Targeted(
                w.config().workspaces().stream().flatMap(x -> x.subnets().stream()).collect(Collectors.toSet()),
                w.config().workspaces().stream().map(x -> x.serviceEndpointPolicy()).collect(Collectors.toSet()), Set.of(),
                w.config().workspaces().stream().flatMap(x -> x.workspaceId().stream()).collect(Collectors.toSet()), false)), TODAY);
        assertEquals(verdicts(byGets.assessments()), verdicts(sweep.result().orElseThrow().verified().assessments()));
        assertFalse(sweep.result().orElseThrow().verified().hasCountingViolations(), "the synthetic estate is compliant");
    }

    @Test
    void driftFoundByAListingSweepIsRepaired() throws Exception {
        World w = world(new SyntheticSubscription.Shape(40, 4, 60, 40, 20, 3));
        ResourceId subnet = ResourceId.parse(SyntheticSubscription.subnetId(7, 1));
        JsonObject vnet = w.arm().resource(subnet.parent().orElseThrow()).orElseThrow();
        for (var s : vnet.getAsJsonObject("properties").getAsJsonArray("subnets")) {
            if (ResourceId.parse(s.getAsJsonObject().get("id").getAsString()).equals(subnet)) {
                s.getAsJsonObject().getAsJsonObject("properties").add("serviceEndpointPolicies", new JsonArray());
            }
        }
        w.arm().putExternally(vnet);

        Guard.Outcome sweep = w.guard().sweep();

        assertFalse(sweep.result().orElseThrow().verified().hasCountingViolations(), "verified repaired");
        assertTrue(w.arm().resource(subnet).orElseThrow().toString().contains(SyntheticSubscription.sepId(7)));
        w.recording().clear();
        Guard.Outcome again = w.guard().sweep();
        assertTrue(w.recording().writes.isEmpty(), "a second sweep writes nothing");
        assertFalse(again.result().orElseThrow().verified().hasCountingViolations());
    }

    @Test
    void aSmallConfigurationIsReadByGets() throws Exception {
        World w = world(new SyntheticSubscription.Shape(40, 4, 60, 40, 2, 3)); // 6 protected subnets
        w.guard().sweep();
        assertTrue(w.recording().reads.stream().allMatch(r -> r instanceof ReadScope.Targeted), "" + w.recording().reads);
    }
}
