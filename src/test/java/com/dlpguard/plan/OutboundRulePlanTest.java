package com.dlpguard.plan;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.model.Estate;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.snapshot.SnapshotLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DLP016's rollback as a plan: one conditional DELETE per unapproved user rule, nothing for platform rules. */
class OutboundRulePlanTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    static Plan plan(String snapshot, String configFile, Map<String, Mode> modes) throws Exception {
        GuardConfig loaded = ConfigLoader.load(Path.of(configFile), TODAY);
        GuardConfig config = new GuardConfig(loaded.workspaces(), Mode.ROLLBACK, modes, loaded.exemptions(),
                loaded.warnings(), loaded.managedWorkspaces());
        Estate estate = SnapshotLoader.load(Path.of(snapshot));
        Evaluation evaluation = RuleEngine.withCatalog().evaluate(config, estate, TODAY);
        return new RollbackPlanner().plan(evaluation, estate);
    }

    @Test
    void eachUnapprovedRuleIsOneConditionalDelete() throws Exception {
        Plan plan = plan("examples/managed/drifted", "examples/managed/dlp-guard.json", Map.of());
        assertEquals(2, plan.writes().size(), plan.toString());
        for (PlannedWrite w : plan.writes()) {
            assertEquals("delete-outbound-rule", w.action());
            assertEquals("DELETE", w.request().method());
            assertTrue(w.request().ifMatch().isPresent(), "If-Match from the rule's etag: " + w);
            assertTrue(w.request().url().endsWith("/outboundRules/" + w.target().name() + "?api-version=2025-09-01"), w.toString());
            assertTrue(w.request().body().isEmpty());
        }
    }

    @Test
    void aPlatformRuleIsNeverPlannedEvenInRollbackMode() throws Exception {
        String dir = "src/test/resources/rules/DLP017/fail_required_rule_to_personal_account/";
        Plan plan = plan(dir + "snapshot.json", dir + "config.json", Map.of());
        assertTrue(plan.writes().isEmpty(), "DLP017 has no remedy: " + plan);
        Evaluation evaluation = RuleEngine.withCatalog().evaluate(ConfigLoader.load(Path.of(dir + "config.json"), TODAY),
                SnapshotLoader.load(Path.of(dir + "snapshot.json")), TODAY);
        assertTrue(evaluation.assessments().stream().anyMatch(a -> a.finding().ruleId().equals("DLP017")
                && a.isViolation() && a.mode() == Mode.ROLLBACK), "the violation is there, in rollback mode, and still not planned");
    }
}
