package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.dlpguard.redteam.Insider.NSG;
import static com.dlpguard.redteam.Insider.ROGUE_ACCOUNT;
import static com.dlpguard.redteam.Insider.SEP;
import static com.dlpguard.redteam.Insider.STORAGE_DEF;
import static com.dlpguard.redteam.Scenario.Entry.FUNCTION;
import static com.dlpguard.redteam.Scenario.Threat.ATTRITION;

/**
 * Attrition (rule book 1.1): repeat the change until the guard gives up, or wait for an exemption
 * to expire in a way that stops the guard. (The 10-round fight with its open-window figure is
 * {@link FightTest}.)
 */
class AttritionTest {
    static final ResourceId LEGACY_RULE = NSG.child("securityRules", "legacy-ci-batch-inbound");

    @AfterAll
    static void summary() {
        Summary.print(ATTRITION);
    }

    /** A legitimate exemption for a legacy inbound rule, until 2026-11-25. */
    static void exemptLegacyRule(JsonObject config) {
        JsonObject exemption = new JsonObject();
        exemption.addProperty("ruleId", "DLP009");
        exemption.addProperty("resourceId", LEGACY_RULE.toString());
        exemption.addProperty("until", "2026-11-25");
        exemption.addProperty("reason", "legacy CI compute instance with public IP, migration ticket OPS-4411");
        JsonArray list = new JsonArray();
        list.add(exemption);
        config.add("exemptions", list);
    }

    @Test
    @DisplayName("attrition_time-bomb-exemption-past-due")
    void timeBomb() {
        RedTeam.play(Scenario.named("attrition_time-bomb-exemption-past-due", ATTRITION)
                .tries("wait until an exemption passes its date (the guard used to refuse its config from that day on), "
                        + "then add the insider's account")
                .config(AttritionTest::exemptLegacyRule)
                .before(i -> i.put(MimicryTest.batchInbound(LEGACY_RULE.name(), 230)))
                .guardStartsAt(Instant.parse("2026-11-26T07:00:00Z"))
                .edit(i -> i.addStorageEntry(ROGUE_ACCOUNT))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .rolledBack("DLP009", LEGACY_RULE)
                .cliWarns("exemption")
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault)
                .finalState("the lapsed exemption no longer covers the legacy rule: deleted", i -> !i.exists(LEGACY_RULE)));
    }

    @Test
    @DisplayName("attrition_exemption-expires-while-the-guard-runs")
    void exemptionExpiresWhileRunning() {
        RedTeam.play(Scenario.named("attrition_exemption-expires-while-the-guard-runs", ATTRITION)
                .tries("the guard runs with a valid exemption; three days later (past its date) the insider strikes")
                .only(FUNCTION)
                .config(AttritionTest::exemptLegacyRule)
                .before(i -> i.put(MimicryTest.batchInbound(LEGACY_RULE.name(), 230)))
                .guardRunsFirstThenWaits(Duration.ofDays(3))
                .edit(i -> i.addStorageEntry(ROGUE_ACCOUNT))
                .writeEvent(STORAGE_DEF)
                .rolledBack("DLP005", SEP)
                .rolledBack("DLP009", LEGACY_RULE)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault)
                .finalState("the lapsed exemption no longer covers the legacy rule: deleted", i -> !i.exists(LEGACY_RULE)));
    }

    @Test
    @DisplayName("attrition_fourth-repeat-of-a-critical-change")
    void fourthRepeatCritical() {
        RedTeam.play(Scenario.named("attrition_fourth-repeat-of-a-critical-change", ATTRITION)
                .tries("add the insider's account four times, 150 s apart (each repeat after the backoff): the guard used "
                        + "to stop after three rollbacks and leave the path open until the next sweep (6 h)")
                .only(FUNCTION)
                .edit(i -> i.addStorageEntry(ROGUE_ACCOUNT))
                .writeEvent(STORAGE_DEF)
                .repeated(4, Duration.ofSeconds(150))
                .rolledBack("DLP005", SEP)
                .alert("escalation", "DLP005", SEP)
                .finalState("the configured SEP lists the default account only", PlacementTest::sepBackToDefault));
    }

    @Test
    @DisplayName("attrition_high-rule-keeps-its-fight-limit")
    void highRuleKeepsLimit() {
        ResourceId rule = NSG.child("securityRules", "allow-batch-mgmt");
        RedTeam.play(Scenario.named("attrition_high-rule-keeps-its-fight-limit", ATTRITION)
                .tries("re-add an inbound Batch rule (DLP009, high) four times a minute apart: rolled back three times, "
                        + "then the guard stops and escalates, naming the actor")
                .only(FUNCTION)
                .edit(i -> i.put(MimicryTest.batchInbound(rule.name(), 210)))
                .writeEvent(rule)
                .repeated(4, Duration.ofMinutes(1))
                .rolledBack("DLP009", rule)
                .alert("escalation", "DLP009", rule)
                .stateAfterRound(1, "round 1 rolled back", i -> !i.exists(rule))
                .stateAfterRound(3, "round 3 rolled back", i -> !i.exists(rule))
                .stateAfterRound(4, "after the limit the guard leaves a high rule alone (rule book 2.3)", i -> i.exists(rule)));
    }
}
