package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.dlpguard.redteam.Insider.BATCH_LIKE;
import static com.dlpguard.redteam.Insider.NET;
import static com.dlpguard.redteam.Insider.NSG;
import static com.dlpguard.redteam.Insider.OTHER_SUB;
import static com.dlpguard.redteam.Insider.ROGUE_ACCOUNT;
import static com.dlpguard.redteam.Insider.ROUTE_TABLE;
import static com.dlpguard.redteam.Insider.SEP;
import static com.dlpguard.redteam.Insider.STORAGE_DEF;
import static com.dlpguard.redteam.Insider.SUBNET;
import static com.dlpguard.redteam.Insider.definition;
import static com.dlpguard.redteam.Insider.securityRule;
import static com.dlpguard.redteam.Insider.sep;
import static com.dlpguard.redteam.Scenario.Threat.MIMICRY;

/**
 * Mimicry (rule book 1.1): the bad part is named or tagged like something the guard skips
 * (Batch- or AML-managed resources) or trusts (the configured policy, the default account).
 */
class MimicryTest {
    static final String BATCH_INBOUND_PORTS = "29876-29877";

    @AfterAll
    static void summary() {
        Summary.print(MIMICRY);
    }

    static JsonObject batchInbound(String name, int priority) {
        return securityRule(NSG, name, "Inbound", priority, "Allow", "BatchNodeManagement", "*", BATCH_INBOUND_PORTS);
    }

    @Test
    @DisplayName("mimicry_batch-named-security-rule")
    void batchNamedSecurityRule() {
        ResourceId rule = NSG.child("securityRules", BATCH_LIKE + "networksecuritygroup");
        RedTeam.play(Scenario.named("mimicry_batch-named-security-rule", MIMICRY)
                .tries("add the inbound BatchNodeManagement rule under a Batch-managed resource's name, so its event is dropped")
                .edit(i -> i.put(batchInbound(rule.name(), 205)))
                .writeEvent(rule)
                .rolledBack("DLP009", rule)
                .finalState("the Batch-named inbound rule is deleted", i -> !i.exists(rule)));
    }

    @Test
    @DisplayName("mimicry_batch-named-sep-definition")
    void batchNamedDefinition() {
        ResourceId def = SEP.child("serviceEndpointPolicyDefinitions", BATCH_LIKE + "loadbalancer");
        RedTeam.play(Scenario.named("mimicry_batch-named-sep-definition", MIMICRY)
                .tries("add a Microsoft.Storage definition with the insider's account, named like a Batch load balancer")
                .edit(i -> i.put(definition(SEP, def.name(), "Microsoft.Storage", ROGUE_ACCOUNT)))
                .writeEvent(def)
                .rolledBack("DLP005", SEP)
                .finalState("the Batch-named definition is deleted", i -> !i.exists(def))
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("mimicry_batch-named-route-to-own-appliance")
    void batchNamedRoute() {
        ResourceId route = ROUTE_TABLE.child("routes", BATCH_LIKE + "publicip");
        RedTeam.play(Scenario.named("mimicry_batch-named-route-to-own-appliance", MIMICRY)
                .tries("send 0.0.0.0/0 to the insider's appliance through a route named like a Batch public IP")
                .before(i -> i.routeSubnetThrough(ROUTE_TABLE,
                        Insider.route(ROUTE_TABLE, "onprem", "10.99.0.0/16", "VirtualNetworkGateway", Optional.empty())))
                .edit(i -> i.put(Insider.toAppliance(ROUTE_TABLE, route.name(), "0.0.0.0/0")))
                .writeEvent(route)
                .rolledBack("DLP014", route)
                .finalState("the Batch-named route is deleted, the other route kept",
                        i -> i.routeNames(ROUTE_TABLE).equals(List.of("onprem"))));
    }

    @Test
    @DisplayName("mimicry_batch-named-nsg-swapped-onto-the-subnet")
    void batchNamedNsgSwappedIn() {
        ResourceId fake = ResourceId.parse(NET + "/networkSecurityGroups/" + BATCH_LIKE + "networksecuritygroup");
        RedTeam.play(Scenario.named("mimicry_batch-named-nsg-swapped-onto-the-subnet", MIMICRY)
                .tries("replace the subnet's NSG by a wide-open one named like the Batch-managed NSG (never written, events dropped)")
                .before(i -> i.put(Insider.nsg(fake,
                        securityRule(fake, "allow-https-out", "Outbound", 100, "Allow", "*", "Internet", "443"))))
                .edit(i -> i.editSubnet(p -> p.add("networkSecurityGroup", Insider.ref(fake.toString()))))
                .writeEvent(SUBNET)
                .rolledBack("DLP011", SUBNET)
                .violation("DLP010", SUBNET)
                .finalState("the configured NSG is attached again",
                        i -> i.subnetRef("networkSecurityGroup").map(ResourceId::parse).map(NSG::equals).orElse(false)));
    }

    @Test
    @DisplayName("mimicry_aml-managed-tags-on-the-protected-nsg")
    void amlTagsOnProtectedNsg() {
        ResourceId rule = NSG.child("securityRules", "allow-batch-mgmt");
        RedTeam.play(Scenario.named("mimicry_aml-managed-tags-on-the-protected-nsg", MIMICRY)
                .tries("tag the protected NSG like an AML/Batch-managed one and, in the same PUT, add an inbound Batch rule")
                .edit(i -> {
                    JsonObject nsg = i.get(NSG);
                    JsonObject tags = new JsonObject();
                    tags.addProperty("CreatedBy", "AzureMachineLearning");
                    tags.addProperty("azureml.managed", "true");
                    tags.addProperty("BatchAccountName", "aml-managed-pool");
                    nsg.add("tags", tags);
                    Insider.props(nsg).getAsJsonArray("securityRules").add(batchInbound(rule.name(), 210));
                    i.put(nsg);
                })
                .writeEvent(NSG)
                .rolledBack("DLP009", rule)
                .finalState("the inbound Batch rule is deleted", i -> !i.exists(rule)));
    }

    @Test
    @DisplayName("mimicry_lowercase-microsoft-storage-definition")
    void lowercaseServiceDefinition() {
        ResourceId def = SEP.child("serviceEndpointPolicyDefinitions", "storage-legacy");
        RedTeam.play(Scenario.named("mimicry_lowercase-microsoft-storage-definition", MIMICRY)
                .tries("hold the insider's account in a definition whose service is spelled 'microsoft.storage'")
                .edit(i -> i.put(definition(SEP, def.name(), "microsoft.storage", ROGUE_ACCOUNT)))
                .writeEvent(def)
                .rolledBack("DLP005", SEP)
                .finalState("the lower-case definition is deleted", i -> !i.exists(def))
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("mimicry_default-account-name-in-another-subscription")
    void defaultAccountNameElsewhere() {
        String twin = "/subscriptions/" + OTHER_SUB + "/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore";
        RedTeam.play(Scenario.named("mimicry_default-account-name-in-another-subscription", MIMICRY)
                .tries("allow an account with the default account's name and resource group, in the insider's subscription")
                .edit(i -> i.addStorageEntry(twin))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("mimicry_unicode-lookalike-of-the-configured-sep")
    void unicodeLookalikeSep() {
        // Cyrillic 'а' (U+0430) in place of the Latin 'a': the portal shows "aml-dlp" twice.
        ResourceId twin = ResourceId.parse(NET + "/serviceEndpointPolicies/\u0430ml-dlp");
        RedTeam.play(Scenario.named("mimicry_unicode-lookalike-of-the-configured-sep", MIMICRY)
                .tries("attach a second SEP whose name looks exactly like the configured one (a Cyrillic 'а')")
                .before(i -> i.put(sep(twin, definition(twin, "storage-allow", "Microsoft.Storage", ROGUE_ACCOUNT))))
                .edit(i -> i.attachSep(twin.toString()))
                .writeEvent(SUBNET)
                .rolledBack("DLP005", twin)
                .finalState("the subnet carries the configured SEP only", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("mimicry_all-lowercase-event-subject")
    void lowercaseEventSubject() {
        RedTeam.play(Scenario.named("mimicry_all-lowercase-event-subject", MIMICRY)
                .tries("add the insider's account; the event's subject arrives all lower-case ('resourcegroups', 'microsoft.network')")
                .edit(i -> i.addStorageEntry(ROGUE_ACCOUNT))
                .event(STORAGE_DEF.toString().toLowerCase(Locale.ROOT), Insider.writeOf(STORAGE_DEF).toLowerCase(Locale.ROOT),
                        Insider.Actor.MALLORY)
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("mimicry_allow-rule-named-like-the-guards-own")
    void ruleNamedLikeTheGuards() {
        ResourceId rule = NSG.child("securityRules", "dlp-guard-dlp007-storage-outbound");
        RedTeam.play(Scenario.named("mimicry_allow-rule-named-like-the-guards-own", MIMICRY)
                .tries("open 443 to every region's Storage in a rule named and described like one DLP Guard restored")
                .edit(i -> {
                    JsonObject r = securityRule(NSG, rule.name(), "Outbound", 105, "Allow", "*", "Storage", "443");
                    Insider.props(r).addProperty("description", "Restored by DLP Guard (DLP007): AML compute needs regional storage.");
                    i.put(r);
                })
                .writeEvent(rule)
                .violation("DLP010", SUBNET)
                .finalState("DLP010 is alert-only: the rule stays (the alert is the defence)", i -> i.exists(rule)));
    }

    @Test
    @DisplayName("mimicry_listed-additional-sep-name-from-another-rg")
    void additionalSepNameElsewhere() {
        ResourceId twin = ResourceId.parse(Insider.ATTACKER_NET + "/serviceEndpointPolicies/aml-dlp-extra");
        RedTeam.play(Scenario.named("mimicry_listed-additional-sep-name-from-another-rg", MIMICRY)
                .tries("the configuration trusts aml-dlp-extra: attach a policy of that name from the insider's resource group")
                .config(PlacementTest::listExtraSep)
                .before(i -> i.put(sep(twin, definition(twin, "partners", "Microsoft.Storage", ROGUE_ACCOUNT))))
                .edit(i -> i.attachSep(twin.toString()))
                .writeEvent(SUBNET)
                .rolledBack("DLP005", twin)
                .finalState("the subnet carries the configured SEP only", PlacementTest::onlyConfiguredSep));
    }

    @Test
    @DisplayName("mimicry_rogue-entry-spelled-oddly")
    void rogueEntrySpelledOddly() {
        String odd = "  " + ROGUE_ACCOUNT.toUpperCase(Locale.ROOT) + "/";
        RedTeam.play(Scenario.named("mimicry_rogue-entry-spelled-oddly", MIMICRY)
                .tries("add the insider's account in upper case, padded with spaces and a trailing slash: an entry a strict "
                        + "parser might skip rather than judge")
                .edit(i -> i.addStorageEntry(odd))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }
}
