package com.dlpguard.health;

import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.HandledOperations;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.EstateBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-check's evaluation, pure: inputs in, checks out, no ARM. */
class SelfCheckTest {
    static final ResourceId RG = ResourceId.parse(EventGridSeed.RESOURCE_GROUP);
    static final ResourceId HUB = ResourceId.parse("/subscriptions/" + EventGridSeed.SUBSCRIPTION + "/resourceGroups/hub-rg");
    static final ResourceId NAT = ResourceId.parse(HUB + "/providers/Microsoft.Network/natGateways/hub-nat");
    static final EffectivePermissions ROLE = new EffectivePermissions(List.of(
            new EffectivePermissions.Grant(List.copyOf(ArmPermissions.all()), List.of())));

    static GuardConfig config() throws Exception {
        return ConfigLoader.load(Path.of("src/test/resources/emulator/dlp-guard.json"), LocalDate.of(2026, 11, 24));
    }

    /** The emulator's example estate, the compute subnet also linking a NAT gateway in another group. */
    static Estate estate(boolean withNat) throws Exception {
        JsonElement network = StrictJson.parse(Files.readAllBytes(Path.of("src/test/resources/emulator/estate/network.json")));
        EstateBuilder builder = new EstateBuilder();
        int i = 0;
        for (JsonElement e : network.getAsJsonObject().getAsJsonArray("value")) {
            JsonObject resource = e.getAsJsonObject();
            if (withNat && resource.get("type").getAsString().equals("Microsoft.Network/virtualNetworks")) {
                for (JsonElement s : resource.getAsJsonObject("properties").getAsJsonArray("subnets")) {
                    if (s.getAsJsonObject().get("name").getAsString().equals("compute")) {
                        JsonObject ref = new JsonObject();
                        ref.addProperty("id", NAT.toString());
                        s.getAsJsonObject().getAsJsonObject("properties").add("natGateway", ref);
                    }
                }
            }
            builder.add(resource, "network.json $.value[" + i++ + "]");
        }
        for (String file : List.of("service-endpoint-policy.json", "workspace.json")) {
            JsonElement doc = StrictJson.parse(Files.readAllBytes(Path.of("src/test/resources/emulator/estate", file)));
            for (JsonElement e : doc.isJsonArray() ? doc.getAsJsonArray() : single(doc)) {
                builder.add(e.getAsJsonObject(), file);
            }
        }
        return builder.build();
    }

    static JsonArray single(JsonElement e) {
        JsonArray a = new JsonArray();
        a.add(e);
        return a;
    }

    static SelfCheckInputs inputs(GuardConfig config, Estate estate, Map<ResourceId, Observed<EffectivePermissions>> permissions,
                                  List<JsonObject> eventSubscriptions) {
        EventTopic topic = new EventTopic(ResourceId.parse(EventGridSeed.TOPIC), EventGridSeed.topic(), Observed.found(eventSubscriptions));
        return new SelfCheckInputs(config, Observed.found(estate), permissions,
                Map.of(EventGridSeed.SUBSCRIPTION, Observed.found(List.of(topic))),
                Optional.of(ResourceId.parse(EventGridSeed.FUNCTION_APP)), HandledOperations.ALL);
    }

    @ParameterizedTest
    @CsvSource({
            "Microsoft.Network/*, Microsoft.Network/natGateways/join/action, true",
            "microsoft.network/natgateways/JOIN/action, Microsoft.Network/natGateways/join/action, true",
            "*/read, Microsoft.Network/routeTables/read, true",
            "*/read, Microsoft.Network/routeTables/join/action, false",
            "Microsoft.Network/*/join/action, Microsoft.Network/networkManagers/ipamPools/join/action, true",
            "Microsoft.Network/routeTables/*, Microsoft.Network/routeTablesX/read, false",
            "*, Microsoft.Authorization/permissions/read, true"})
    void actionPatternsMatchLikeAzure(String pattern, String action, boolean matches) {
        assertEquals(matches, EffectivePermissions.matches(pattern, action));
    }

    @Test
    void aNotActionSubtractsWithinItsGrantOnly() {
        EffectivePermissions contributorMinusJoin = new EffectivePermissions(List.of(
                new EffectivePermissions.Grant(List.of("Microsoft.Network/*"), List.of("Microsoft.Network/*/join/action"))));
        assertFalse(contributorMinusJoin.allows("Microsoft.Network/natGateways/join/action"));
        assertTrue(contributorMinusJoin.allows("Microsoft.Network/virtualNetworks/subnets/write"));
        EffectivePermissions plusJoinRole = new EffectivePermissions(List.of(contributorMinusJoin.grants().get(0),
                new EffectivePermissions.Grant(List.of("Microsoft.Network/natGateways/join/action"), List.of())));
        assertTrue(plusJoinRole.allows("Microsoft.Network/natGateways/join/action"), "another role assignment grants it");
    }

    @Test
    void aLinkedResourceInAnotherGroupNeedsItsJoinThere() throws Exception {
        Map<ResourceId, java.util.Set<String>> required = SelfCheck.requiredActions(config(), Optional.of(estate(true)));
        assertEquals(Set.of(RG, HUB), required.keySet());
        assertEquals(Set.of("Microsoft.Network/natGateways/join/action"), required.get(HUB));
        assertTrue(required.get(RG).containsAll(ArmPermissions.all()));

        Map<ResourceId, Observed<EffectivePermissions>> permissions = new LinkedHashMap<>();
        permissions.put(RG, Observed.found(ROLE));
        permissions.put(HUB, Observed.found(new EffectivePermissions(List.of())));
        List<HealthCheck> checks = SelfCheck.evaluate(inputs(config(), estate(true), permissions, List.of(EventGridSeed.eventSubscription())));
        List<HealthCheck> failed = checks.stream().filter(c -> !c.ok()).toList();
        assertEquals(1, failed.size(), failed.toString());
        assertEquals(HUB, failed.get(0).resource());
        assertEquals(List.of("Microsoft.Network/natGateways/join/action"), failed.get(0).missing());
    }

    @Test
    void aManagedWorkspaceGroupNeedsItsReadsAndTheOutboundRuleDeleteAndItsSubscriptionIsWatched() throws Exception {
        GuardConfig mixed = ConfigLoader.load(Path.of("examples/managed/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        ResourceId mvnetGroup = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-mvnet-rg");
        Map<ResourceId, Set<String>> required = SelfCheck.requiredActions(mixed, Optional.empty());
        assertEquals(ArmPermissions.forManagedWorkspace(), required.get(mvnetGroup));
        assertTrue(required.get(mvnetGroup).containsAll(Set.of("Microsoft.MachineLearningServices/workspaces/read",
                "Microsoft.MachineLearningServices/workspaces/outboundRules/read",
                "Microsoft.MachineLearningServices/workspaces/outboundRules/delete")), required.get(mvnetGroup).toString());
        assertTrue(required.get(mvnetGroup).stream().noneMatch(a -> a.startsWith("Microsoft.Network/")),
                "a managed workspace has no subnet: no network action is asked for there");
        assertTrue(ArmPermissions.all().containsAll(ArmPermissions.forManagedWorkspace()), "the role holds it");
        assertTrue(SelfCheck.watchedSubscriptions(mixed).contains("3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11"));
        assertEquals("contoso-mvnet", SelfCheck.configuredResources(mixed).get(
                ResourceId.parse(mvnetGroup + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet")));
    }

    @Test
    void permissionsThatCannotBeReadAreAGapNotAPass() throws Exception {
        List<HealthCheck> checks = SelfCheck.evaluate(inputs(config(), estate(false),
                Map.of(RG, Observed.failed("403 AuthorizationFailed: no access")), List.of(EventGridSeed.eventSubscription())));
        HealthCheck permission = checks.stream().filter(c -> c.checkId().equals(HealthCheck.PERMISSIONS)).findFirst().orElseThrow();
        assertFalse(permission.ok());
        assertTrue(permission.detail().contains("403 AuthorizationFailed"), permission.detail());
    }

    @Test
    void theDeployedEventSubscriptionPassesAndEachWeakeningIsNamed() throws Exception {
        Map<ResourceId, Observed<EffectivePermissions>> permissions = Map.of(RG, Observed.found(ROLE));
        assertTrue(SelfCheckReport.allPassed(SelfCheck.evaluate(inputs(config(), estate(false), permissions,
                List.of(EventGridSeed.eventSubscription())))));

        JsonObject narrowed = EventGridSeed.eventSubscription();
        JsonObject filter = narrowed.getAsJsonObject("properties").getAsJsonObject("filter");
        filter.addProperty("subjectBeginsWith", "/subscriptions/" + EventGridSeed.SUBSCRIPTION + "/resourceGroups/other-rg");
        JsonArray types = new JsonArray();
        types.add("Microsoft.Resources.ResourceWriteSuccess");
        filter.add("includedEventTypes", types);
        narrowed.getAsJsonObject("properties").addProperty("provisioningState", "Failed");
        HealthCheck events = SelfCheck.evaluate(inputs(config(), estate(false), permissions, List.of(narrowed))).stream()
                .filter(c -> c.checkId().equals(HealthCheck.EVENTS)).findFirst().orElseThrow();
        assertFalse(events.ok());
        assertTrue(events.detail().contains("provisioning state is Failed"), events.detail());
        assertTrue(events.detail().contains("Microsoft.Resources.ResourceDeleteSuccess is not included"), events.detail());
        assertTrue(events.detail().contains("subjectBeginsWith"), events.detail());
    }

    @Test
    void noSystemTopicAtAllIsAGap() throws Exception {
        SelfCheckInputs in = new SelfCheckInputs(config(), Observed.found(estate(false)), Map.of(RG, Observed.found(ROLE)),
                Map.of(EventGridSeed.SUBSCRIPTION, Observed.missing()), Optional.empty(), HandledOperations.ALL);
        HealthCheck events = SelfCheck.evaluate(in).stream().filter(c -> c.checkId().equals(HealthCheck.EVENTS)).findFirst().orElseThrow();
        assertFalse(events.ok());
        assertTrue(events.detail().contains("has no Microsoft.Resources.Subscriptions system topic"), events.detail());
    }

    @Test
    void anEstateThatCouldNotBeReadFailsEveryReadCheck() throws Exception {
        SelfCheckInputs in = new SelfCheckInputs(config(), Observed.failed("no protected subnet could be read: 403"),
                Map.of(RG, Observed.found(ROLE)), Map.of(EventGridSeed.SUBSCRIPTION, Observed.missing()), Optional.empty(),
                HandledOperations.ALL);
        List<HealthCheck> reads = SelfCheck.evaluate(in).stream().filter(c -> c.checkId().equals(HealthCheck.READ)).toList();
        assertEquals(5, reads.size());
        assertTrue(reads.stream().noneMatch(HealthCheck::ok));
        assertTrue(reads.get(0).detail().contains("no protected subnet could be read"), reads.get(0).detail());
    }
}
