package com.dlpguard.reconcile;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scopes become keys of the kind they are; a key is covered only by a read that saw all of it. */
class ReconcileKeyTest {
    static final ResourceId WS = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/"
            + "ml-mvnet-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet");
    static final ResourceId SUBNET = EventIntakeTest.SUBNET;

    static GuardConfig mixed() throws Exception {
        return ConfigLoader.load(Path.of("examples/managed/dlp-guard.json"), LocalDate.of(2026, 11, 24));
    }

    static Estate withWorkspace(Map<ResourceId, String> failures) {
        MlWorkspace ws = new MlWorkspace(WS, "westeurope", Optional.empty(), "{}");
        return Estate.of(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(ws), List.of(), failures);
    }

    @Test
    void aWorkspaceConfiguredAsManagedIsAManagedWorkspaceKeyAndASubnetStaysASubnet() throws Exception {
        GuardConfig config = mixed();
        assertEquals(new ReconcileKey.ManagedWorkspace(WS), ReconcileKey.of(WS, config));
        assertEquals(new ReconcileKey.ProtectedSubnet(SUBNET), ReconcileKey.of(SUBNET, config));
        // Case differs, id does not (ARM ids are case-insensitive): still the managed workspace.
        assertEquals(new ReconcileKey.ManagedWorkspace(WS), ReconcileKey.of(ResourceId.parse(WS.toString().toUpperCase()), config));
    }

    @Test
    void aWorkspaceIdNotConfiguredAsManagedIsNotAManagedWorkspaceKey() throws Exception {
        GuardConfig sepOnly = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        assertEquals(new ReconcileKey.ProtectedSubnet(WS), ReconcileKey.of(WS, sepOnly));
    }

    @Test
    void aManagedWorkspaceIsCoveredOnlyWhenItAndItsOutboundRulesWereRead() {
        ReconcileKey key = ReconcileKey.managedWorkspace(WS);
        assertTrue(key.coveredBy(withWorkspace(Map.of())));
        assertFalse(key.coveredBy(Estate.EMPTY), "a workspace that was not returned covers nothing");
        assertFalse(key.coveredBy(withWorkspace(Map.of(WS.child("outboundRules", "list"), "403"))),
                "an outbound-rule list that failed leaves the rules unread");
        assertTrue(key.coveredBy(withWorkspace(Map.of(SUBNET, "403"))), "another key's failure is that key's");
        assertFalse(ReconcileKey.subnet(WS).coveredBy(withWorkspace(Map.of())), "a subnet key needs its subnet");
    }
}
