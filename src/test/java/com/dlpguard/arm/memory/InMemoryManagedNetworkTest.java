package com.dlpguard.arm.memory;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The in-memory ARM treats an outbound rule shown inline and standalone as one resource: a DELETE removes both views. */
class InMemoryManagedNetworkTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);

    static ReconcileResult rollBack(InMemoryArmGateway arm, String configFile, ResourceId ws) throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of(configFile), LocalDate.of(2026, 11, 24));
        return new Reconciler(arm, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK)
                .reconcile(config, new ReconcileRequest(Set.of(ws), false));
    }

    static boolean inline(InMemoryArmGateway arm, ResourceId ws, String rule) {
        return arm.resource(ws).orElseThrow().getAsJsonObject("properties").getAsJsonObject("managedNetwork")
                .getAsJsonObject("outboundRules").has(rule);
    }

    @Test
    void rulesShownBothWaysAreDeletedWithIfMatchAndPlatformRulesStay() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/managed/drifted"));
        ResourceId ws = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-mvnet-rg/"
                + "providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet");
        ReconcileResult result = rollBack(arm, "examples/managed/dlp-guard.json", ws);
        assertEquals(2, result.outcomes().size());
        assertTrue(result.outcomes().stream().allMatch(o -> o.result() == WriteOutcome.Result.APPLIED
                && o.write().request().ifMatch().isPresent()), result.outcomes().toString());
        for (String gone : Set.of("blob-everywhere", "pe-mallorystash")) {
            assertFalse(inline(arm, ws, gone), gone + " left the workspace's map");
            assertTrue(arm.resource(ws.child("outboundRules", gone)).isEmpty(), gone + " left the rule list");
        }
        assertTrue(inline(arm, ws, "sys-PE_contosomvnetstore_blob") && arm.resource(ws.child("outboundRules",
                "sys-PE_contosomvnetstore_blob")).isPresent(), "platform rules stay");
        assertFalse(result.verified().hasCountingViolations());
        assertTrue(rollBack(arm, "examples/managed/dlp-guard.json", ws).outcomes().isEmpty(), "a second run writes nothing");
    }

    @Test
    void aRuleShownOnlyInlineIsDeletedFromTheMap() throws Exception {
        String dir = "src/test/resources/rules/DLP016/fail_blob_wildcard/";
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of(dir + "snapshot.json"));
        ResourceId ws = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/"
                + "Microsoft.MachineLearningServices/workspaces/contoso-mvnet");
        assertTrue(inline(arm, ws, "blob-everything"));
        ReconcileResult result = rollBack(arm, dir + "config.json", ws);
        assertEquals(WriteOutcome.Result.APPLIED, result.outcomes().get(0).result());
        assertFalse(inline(arm, ws, "blob-everything"));
        assertFalse(result.verified().hasCountingViolations());
    }
}
