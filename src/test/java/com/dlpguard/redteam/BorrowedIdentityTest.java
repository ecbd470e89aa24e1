package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static com.dlpguard.redteam.Insider.NSG;
import static com.dlpguard.redteam.Insider.ROGUE_ACCOUNT;
import static com.dlpguard.redteam.Insider.SEP;
import static com.dlpguard.redteam.Insider.STORAGE_DEF;
import static com.dlpguard.redteam.Insider.SUBNET;
import static com.dlpguard.redteam.Scenario.Threat.BORROWED_IDENTITY;

/**
 * Borrowed identity (rule book 1.1): act through an identity whose events the guard trusts — its
 * own user-assigned identity (anyone who can attach it to compute), or a platform identity.
 */
class BorrowedIdentityTest {
    /** The guard's identity seen by its object id only (another app registration in front of it). */
    static final Insider.Actor GUARD_BY_OBJECT_ID = new Insider.Actor(Optional.empty(),
            "2b3c4d5e-6f70-4819-9a0b-1c2d3e4f5a6b", GuardUnderTest.GUARD_OBJECT_ID, "198.51.100.98");
    /** Microsoft Azure Batch's first-party application. */
    static final Insider.Actor BATCH_SERVICE = new Insider.Actor(Optional.empty(),
            "ddbf3205-c6bd-46ae-8127-60eb93363864", "f520d84c-3fd3-4cc8-88d4-2ed25b00d27a", "198.51.100.12");

    @AfterAll
    static void summary() {
        Summary.print(BORROWED_IDENTITY);
    }

    @Test
    @DisplayName("borrowed-identity_guard-identity-adds-rogue-account")
    void guardIdentityAddsAccount() {
        RedTeam.play(Scenario.named("borrowed-identity_guard-identity-adds-rogue-account", BORROWED_IDENTITY)
                .tries("attach the guard's user-assigned identity to a VM and add the insider's account through it")
                .edit(i -> i.addStorageEntry(ROGUE_ACCOUNT))
                .event(STORAGE_DEF.toString(), Insider.writeOf(STORAGE_DEF), Insider.Actor.GUARD)
                .expectOwnWrite()
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("borrowed-identity_guard-object-id-detaches-the-sep")
    void guardObjectIdDetachesSep() {
        RedTeam.play(Scenario.named("borrowed-identity_guard-object-id-detaches-the-sep", BORROWED_IDENTITY)
                .tries("detach the SEP with a token whose object id is the guard's (the app id differs)")
                .edit(i -> i.editSubnet(p -> p.remove("serviceEndpointPolicies")))
                .event(SUBNET.toString(), Insider.writeOf(SUBNET), GUARD_BY_OBJECT_ID)
                .expectOwnWrite()
                .rolledBack("DLP002", SUBNET)
                .finalState("the configured SEP is attached again", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("borrowed-identity_batch-service-adds-inbound-rule")
    void batchServiceIdentity() {
        ResourceId rule = NSG.child("securityRules", "BatchNodeManagementInbound");
        RedTeam.play(Scenario.named("borrowed-identity_batch-service-adds-inbound-rule", BORROWED_IDENTITY)
                .tries("a change whose event carries Azure Batch's first-party identity (as platform-made rules do)")
                .edit(i -> i.put(MimicryTest.batchInbound(rule.name(), 220)))
                .event(rule.toString(), Insider.writeOf(rule), BATCH_SERVICE)
                .rolledBack("DLP009", rule)
                .finalState("the inbound Batch rule is deleted", i -> !i.exists(rule)));
    }
}
