package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.dlpguard.redteam.Insider.ATTACKER_NET;
import static com.dlpguard.redteam.Insider.DEFAULT_ACCOUNT;
import static com.dlpguard.redteam.Insider.OTHER_SUB;
import static com.dlpguard.redteam.Insider.OTHER_SUB_NET;
import static com.dlpguard.redteam.Insider.ROGUE_ACCOUNT;
import static com.dlpguard.redteam.Insider.SEP;
import static com.dlpguard.redteam.Insider.STORAGE_DEF;
import static com.dlpguard.redteam.Insider.SUB;
import static com.dlpguard.redteam.Insider.SUBNET;
import static com.dlpguard.redteam.Insider.VNET;
import static com.dlpguard.redteam.Insider.definition;
import static com.dlpguard.redteam.Insider.sep;
import static com.dlpguard.redteam.Scenario.Threat.PLACEMENT;

/**
 * Placement (rule book 1.1): the bad part goes where the guard does not look — a resource it
 * cannot read, a new child instead of the watched one, a wider scope, another resource.
 */
class PlacementTest {
    static final ResourceId ATTACKER_RG = ResourceId.parse("/subscriptions/" + SUB + "/resourceGroups/attacker-rg");
    static final ResourceId HIDDEN_SEP = ResourceId.parse(ATTACKER_NET + "/serviceEndpointPolicies/shared-egress");
    static final ResourceId FOREIGN_SEP = ResourceId.parse(OTHER_SUB_NET + "/serviceEndpointPolicies/partner-egress");
    static final ResourceId SECOND_SEP = ResourceId.parse(Insider.NET + "/serviceEndpointPolicies/aml-dlp-2");

    /** The protected subnet carries the configured SEP and nothing else. */
    static boolean onlyConfiguredSep(Insider i) {
        List<String> refs = i.subnetRefs("serviceEndpointPolicies");
        return refs.size() == 1 && ResourceId.parse(refs.get(0)).equals(SEP);
    }

    /** The configured SEP allows exactly the default account again, alias untouched. */
    static boolean sepBackToDefault(Insider i) {
        return i.storageEntries(SEP).equals(List.of(DEFAULT_ACCOUNT)) && i.exists(Insider.ALIAS_DEF);
    }

    @AfterAll
    static void summary() {
        Summary.print(PLACEMENT);
    }

    @Test
    @DisplayName("placement_second-sep-from-unreadable-rg")
    void secondSepFromUnreadableResourceGroup() {
        RedTeam.play(Scenario.named("placement_second-sep-from-unreadable-rg", PLACEMENT)
                .tries("attach a second SEP, kept in a resource group the guard cannot read, that allows the insider's account")
                .before(i -> i.put(sep(HIDDEN_SEP, definition(HIDDEN_SEP, "allow", "Microsoft.Storage", ROGUE_ACCOUNT))))
                .unreadable(ATTACKER_RG)
                .edit(i -> i.attachSep(HIDDEN_SEP.toString()))
                .writeEvent(SUBNET)
                .rolledBack("DLP005", HIDDEN_SEP)
                .finalState("the subnet carries the configured SEP only (the unreadable one detached)", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("placement_second-sep-from-another-subscription")
    void secondSepFromAnotherSubscription() {
        RedTeam.play(Scenario.named("placement_second-sep-from-another-subscription", PLACEMENT)
                .tries("attach a SEP from a subscription the guard has no role in")
                .before(i -> i.put(sep(FOREIGN_SEP, definition(FOREIGN_SEP, "allow", "Microsoft.Storage", ROGUE_ACCOUNT))))
                .unreadable(ResourceId.subscription(OTHER_SUB))
                .edit(i -> i.attachSep(FOREIGN_SEP.toString()))
                .writeEvent(SUBNET)
                .rolledBack("DLP005", FOREIGN_SEP)
                .finalState("the subnet carries the configured SEP only", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("placement_readable-second-sep-with-rogue-account")
    void readableSecondSep() {
        RedTeam.play(Scenario.named("placement_readable-second-sep-with-rogue-account", PLACEMENT)
                .tries("attach a second, readable SEP whose only entry is the insider's account (policies allow the union)")
                .before(i -> i.put(sep(SECOND_SEP, definition(SECOND_SEP, "allow", "Microsoft.Storage", ROGUE_ACCOUNT))))
                .edit(i -> i.attachSep(SECOND_SEP.toString()))
                .writeEvent(SUBNET)
                .rolledBack("DLP005", SECOND_SEP)
                .finalState("the subnet carries the configured SEP only", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("placement_account-added-to-harmless-looking-second-sep")
    void accountAddedToSecondSep() {
        ResourceId def = SECOND_SEP.child("serviceEndpointPolicyDefinitions", "allow");
        RedTeam.play(Scenario.named("placement_account-added-to-harmless-looking-second-sep", PLACEMENT)
                .tries("split the change: a second SEP listing only the default account sits attached, then the account is "
                        + "added to it (the event is on a policy the configuration does not name)")
                .before(i -> {
                    i.put(sep(SECOND_SEP, definition(SECOND_SEP, "allow", "Microsoft.Storage", DEFAULT_ACCOUNT)));
                    i.attachSep(SECOND_SEP.toString());
                })
                .edit(i -> i.edit(def, p -> p.getAsJsonArray("serviceResources").add(ROGUE_ACCOUNT)))
                .writeEvent(def)
                .rolledBack("DLP005", SECOND_SEP)
                .finalState("the subnet carries the configured SEP only", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("placement_rogue-account-in-new-storage-definition")
    void rogueAccountInNewDefinition() {
        ResourceId extra = SEP.child("serviceEndpointPolicyDefinitions", "storage-extra");
        RedTeam.play(Scenario.named("placement_rogue-account-in-new-storage-definition", PLACEMENT)
                .tries("put the insider's account in a new Microsoft.Storage definition instead of the watched one")
                .edit(i -> i.put(definition(SEP, "storage-extra", "Microsoft.Storage", ROGUE_ACCOUNT)))
                .writeEvent(extra)
                .rolledBack("DLP005", SEP)
                .finalState("the rogue definition is deleted", i -> !i.definitionNames(SEP).contains("storage-extra"))
                .finalState("the configured SEP lists the default account only, alias kept", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("placement_subscription-scope-sep-entry")
    void subscriptionScopeEntry() {
        RedTeam.play(Scenario.named("placement_subscription-scope-sep-entry", PLACEMENT)
                .tries("allow the whole subscription (where the insider's account lives) instead of naming an account")
                .edit(i -> i.addStorageEntry("/subscriptions/" + SUB))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("placement_lowercase-resourcegroups-scope-entry")
    void resourceGroupScopeEntryLowercase() {
        RedTeam.play(Scenario.named("placement_lowercase-resourcegroups-scope-entry", PLACEMENT)
                .tries("allow the insider's resource group, spelled '/resourcegroups/' (ARM accepts any casing)")
                .edit(i -> i.addStorageEntry("/subscriptions/" + SUB + "/resourcegroups/personal-rg"))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("placement_whole-vnet-put-without-the-subnet-policy")
    void wholeVnetPut() {
        RedTeam.play(Scenario.named("placement_whole-vnet-put-without-the-subnet-policy", PLACEMENT)
                .tries("PUT the whole VNet (as a Terraform apply would) with the protected subnet's SEP left out: the event names the VNet")
                .edit(i -> {
                    var vnet = i.get(VNET);
                    for (var s : Insider.props(vnet).getAsJsonArray("subnets")) {
                        if (s.getAsJsonObject().get("name").getAsString().equals("compute")) {
                            Insider.props(s.getAsJsonObject()).remove("serviceEndpointPolicies");
                        }
                    }
                    i.put(vnet);
                })
                .writeEvent(VNET)
                .rolledBack("DLP002", SUBNET)
                .finalState("the configured SEP is attached again", PlacementTest::onlyConfiguredSep));
    }

    static final ResourceId EXTRA_SEP = ResourceId.parse(Insider.NET + "/serviceEndpointPolicies/aml-dlp-extra");

    static void listExtraSep(JsonObject config) {
        JsonArray extra = new JsonArray();
        extra.add(EXTRA_SEP.toString());
        config.getAsJsonArray("workspaces").get(0).getAsJsonObject().add("additionalServiceEndpointPolicies", extra);
    }

    @Test
    @DisplayName("placement_rogue-account-in-a-listed-additional-sep")
    void rogueAccountInAdditionalSep() {
        ResourceId def = EXTRA_SEP.child("serviceEndpointPolicyDefinitions", "partners");
        RedTeam.play(Scenario.named("placement_rogue-account-in-a-listed-additional-sep", PLACEMENT)
                .tries("the configuration trusts a second SEP (additionalServiceEndpointPolicies): put the account there")
                .config(PlacementTest::listExtraSep)
                .before(i -> {
                    i.put(sep(EXTRA_SEP, definition(EXTRA_SEP, "partners", "Microsoft.Storage", DEFAULT_ACCOUNT)));
                    i.attachSep(EXTRA_SEP.toString());
                })
                .edit(i -> i.edit(def, p -> p.getAsJsonArray("serviceResources").add(ROGUE_ACCOUNT)))
                .writeEvent(def)
                .rolledBack("DLP005", EXTRA_SEP)
                .finalState("the listed SEP stays attached, without the insider's account",
                        i -> i.subnetRefs("serviceEndpointPolicies").size() == 2
                                && i.storageEntries(EXTRA_SEP).equals(List.of(DEFAULT_ACCOUNT))));
    }
}
