package com.dlpguard.arm.azure;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.rules.Status;
import com.dlpguard.snapshot.SnapshotLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads through the real resource-manager pipeline over HTTPS against the emulator: the
 * estate (and the findings) equal what the offline snapshot path gives for the same documents.
 */
class AzureArmGatewayReadTest {
    static final String SUB = "00000000-0000-0000-0000-000000000001";
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/ml-rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final ResourceId COMPUTE = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/compute");
    static final ResourceId TRAINING = ResourceId.parse(NET + "/virtualNetworks/ml-vnet/subnets/training");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId WORKSPACE = ResourceId.parse(RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml");
    static final Path CONFIG = Path.of("src/test/resources/emulator/dlp-guard.json");
    static final LocalDate TODAY = LocalDate.of(2026, 1, 15);
    static final Clock CLOCK = Clock.fixed(TODAY.atStartOfDay().toInstant(ZoneOffset.UTC), ZoneOffset.UTC);

    static ReadScope.Targeted scopeOf(Set<ResourceId> subnets, boolean environments) {
        return new ReadScope.Targeted(subnets, Set.of(SEP), Set.of(NSG), Set.of(WORKSPACE), environments);
    }

    @Test
    void subscriptionReadEqualsTheSnapshotOfTheSameDocuments() throws Exception {
        Estate offline = SnapshotLoader.load(EmulatedArm.ESTATE);
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Estate live = arm.gateway.read(new ReadScope.Subscription(SUB, Optional.empty()));
            assertEquals(ModelWithoutJson.of(offline), ModelWithoutJson.of(live));
            assertEquals(0, arm.emulator.requests().resourceGets(), "a subscription is read with list calls only");
        }
    }

    @Test
    void resourceGroupReadListsOnlyThatGroup() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Estate other = arm.gateway.read(new ReadScope.Subscription(SUB, Optional.of("other-rg")));
            assertEquals(0, other.size());
            Estate live = arm.gateway.read(new ReadScope.Subscription(SUB, Optional.of("ml-rg")));
            assertEquals(ModelWithoutJson.of(SnapshotLoader.load(EmulatedArm.ESTATE)), ModelWithoutJson.of(live));
            assertTrue(arm.emulator.requests().entries().stream().filter(RequestLog.Entry::isRead)
                    .allMatch(e -> e.path().contains("/resourceGroups/")), "resource-group list endpoints");
        }
    }

    @Test
    void targetedReadHoldsEachResourceAsTheSnapshotDoes() throws Exception {
        Estate offline = SnapshotLoader.load(EmulatedArm.ESTATE);
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Estate live = arm.gateway.read(scopeOf(Set.of(COMPUTE, TRAINING), true));
            assertEquals(Set.of(COMPUTE, TRAINING), live.subnets().keySet());
            for (ResourceId id : live.subnets().keySet()) {
                assertEquals(ModelWithoutJson.subnet(offline.subnet(id).orElseThrow()), ModelWithoutJson.subnet(live.subnet(id).orElseThrow()));
            }
            assertEquals(ModelWithoutJson.nsg(offline.networkSecurityGroup(NSG).orElseThrow()),
                    ModelWithoutJson.nsg(live.networkSecurityGroup(NSG).orElseThrow()));
            assertEquals(ModelWithoutJson.policy(offline.serviceEndpointPolicy(SEP).orElseThrow()),
                    ModelWithoutJson.policy(live.serviceEndpointPolicy(SEP).orElseThrow()));
            assertEquals(2, live.routeTables().size());
            live.routeTables().values().forEach(t -> assertEquals(ModelWithoutJson.table(offline.routeTable(t.id()).orElseThrow()),
                    ModelWithoutJson.table(t)));
            assertEquals(offline.workspace(WORKSPACE).orElseThrow().storageAccount(), live.workspace(WORKSPACE).orElseThrow().storageAccount());
            assertEquals(offline.environmentVersions().keySet(), live.environmentVersions().keySet());
            assertTrue(live.readFailures().isEmpty());
        }
    }

    @Test
    void findingsEqualTheOfflineCheckOfTheSameSnapshot() throws Exception {
        GuardConfig config = ConfigLoader.load(CONFIG, TODAY);
        Evaluation offline = RuleEngine.withCatalog().evaluate(config, SnapshotLoader.load(EmulatedArm.ESTATE), TODAY);
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
            Evaluation live = reconciler.reconcile(config, ReconcileRequest.everything(true)).found();
            assertEquals(findings(offline), findings(live));
            assertTrue(findings(live).stream().anyMatch(f -> f.status() == Status.PASS), "the rules did run");
        }
    }

    /** The repository's drifted example, read live, finds what {@code check --snapshot} finds offline. */
    @Test
    void theDriftedExampleGivesTheSameFindingsLiveAndOffline() throws Exception {
        Path example = Path.of("examples/drifted");
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), TODAY);
        Evaluation offline = RuleEngine.withCatalog().evaluate(config, SnapshotLoader.load(example), TODAY);
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(example);
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
                Evaluation live = reconciler.reconcile(config, ReconcileRequest.everything(true)).found();
                assertEquals(findings(offline), findings(live));
                assertTrue(live.hasCountingViolations(), "the drifted example has violations");
            }
        }
    }

    @Test
    void aResourceThatCannotBeReadIsAReadFailureNotAnAbsence() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/networkSecurityGroups/compute-nsg", Fault.forbidden(), 5);
            Estate live = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            assertTrue(live.networkSecurityGroup(NSG).isEmpty());
            assertTrue(live.readFailure(NSG).orElseThrow().contains("AuthorizationFailed"), live.readFailures().toString());
            assertEquals(1, arm.emulator.requests().matching("GET", ".*/compute-nsg").size(), "403 is not retried");
            assertTrue(live.subnet(COMPUTE).isPresent());
        }
    }

    @Test
    void aDeletedReferenceIsAbsentWithoutAReadFailure() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.edit(COMPUTE.toString(), s -> s.getAsJsonObject("properties").getAsJsonObject("routeTable")
                    .addProperty("id", NET + "/routeTables/deleted-rt"));
            Estate live = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            ResourceId deleted = ResourceId.parse(NET + "/routeTables/deleted-rt");
            assertEquals(Optional.of(deleted), live.subnet(COMPUTE).orElseThrow().routeTableId());
            assertTrue(live.routeTable(deleted).isEmpty());
            assertTrue(live.readFailures().isEmpty());
        }
    }

    @Test
    void aScopeWhoseSubnetsCannotBeReadThrowsTransientOnlyWhenRetryingMayHelp() {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/subnets/compute", Fault.forbidden(), 1);
            ArmException forbidden = assertThrows(ArmException.class, () -> arm.gateway.read(scopeOf(Set.of(COMPUTE), false)));
            assertFalse(forbidden.isTransient());
            assertTrue(forbidden.getMessage().contains("AuthorizationFailed"));

            arm.emulator.faults().add("GET", ".*/subnets/compute", Fault.unavailable(0), 10);
            ArmException unavailable = assertThrows(ArmException.class, () -> arm.gateway.read(scopeOf(Set.of(COMPUTE), false)));
            assertTrue(unavailable.isTransient());
            assertEquals(1 + arm.settings.maxRetries(), arm.emulator.requests().count(e -> e.status() == 503),
                    "bounded: the first try and maxRetries retries");
        }
    }

    @Test
    void aFailedListFailsTheSubscriptionRead() {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/providers/Microsoft.Network/networkSecurityGroups", Fault.forbidden(), 1);
            ArmException e = assertThrows(ArmException.class, () -> arm.gateway.read(new ReadScope.Subscription(SUB, Optional.empty())));
            assertTrue(e.getMessage().contains("network security groups"), e.getMessage());
            assertFalse(e.isTransient());
        }
    }

    @Test
    void theWorkspaceIsReadOncePerGateway() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            Estate second = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            assertTrue(second.workspace(WORKSPACE).isPresent());
            assertEquals(1, arm.emulator.requests().matching("GET", ".*/workspaces/contoso-ml").size());
        }
    }

    static List<Finding> findings(Evaluation evaluation) {
        return evaluation.assessments().stream().map(a -> a.finding())
                .sorted(Comparator.comparing((Finding f) -> f.ruleId()).thenComparing(f -> f.resourceId().key())
                        .thenComparing(Finding::message))
                .toList();
    }
}
