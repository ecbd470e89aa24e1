package com.dlpguard.rules;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.snapshot.SnapshotLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which rules apply follows from the configured kind of workspace: DLP001-DLP014 for SEP-based ones, DLP015-DLP017 for managed ones. */
class ManagedRulesApplicabilityTest {

    @Test
    void managedWorkspacesGetOnlyTheManagedRulesAndSepWorkspacesNone() throws Exception {
        Path mixed = Path.of("examples", "managed");
        GuardConfig config = ConfigLoader.load(mixed.resolve("dlp-guard.json"), RuleFixtures.TODAY);
        Estate estate = SnapshotLoader.load(mixed.resolve("drifted"));
        Evaluation evaluation = RuleEngine.withCatalog().evaluate(config, estate, RuleFixtures.TODAY);
        Set<String> managedRuleIds = evaluation.assessments().stream().map(Assessment::finding)
                .filter(f -> f.workspace().equals("contoso-mvnet")).map(Finding::ruleId).collect(Collectors.toSet());
        assertEquals(Set.of("DLP015", "DLP016", "DLP017"), managedRuleIds);
        Set<String> sepRuleIds = evaluation.assessments().stream().map(Assessment::finding)
                .filter(f -> f.workspace().equals("contoso-ml")).map(Finding::ruleId).collect(Collectors.toSet());
        assertTrue(sepRuleIds.stream().noneMatch(Set.of("DLP015", "DLP016", "DLP017")::contains), sepRuleIds.toString());
        assertTrue(sepRuleIds.contains("DLP003"), sepRuleIds.toString());
    }
}
