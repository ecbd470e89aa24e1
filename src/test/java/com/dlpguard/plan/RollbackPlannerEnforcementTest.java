package com.dlpguard.plan;

import com.dlpguard.config.Exemption;
import com.dlpguard.config.Mode;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.dlpguard.plan.PlanTestSupport.assessment;
import static com.dlpguard.plan.PlanTestSupport.evaluation;
import static com.dlpguard.plan.PlanTestSupport.rollback;
import static com.dlpguard.plan.TestEstates.NSG;
import static com.dlpguard.plan.TestEstates.ROGUE_SEP;
import static com.dlpguard.plan.TestEstates.ROUTE_TABLE;
import static com.dlpguard.plan.TestEstates.SEP;
import static com.dlpguard.plan.TestEstates.SUBNET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only non-exempted violations of rollback-mode rules are planned; the plan's shape holds for any mix. */
class RollbackPlannerEnforcementTest {

    private final RollbackPlanner planner = new RollbackPlanner();
    private final Remedy addEndpoint = new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage");

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"AUDIT", "ALERT"})
    void rulesNotInRollbackModeAreNeverWritten(Mode mode) {
        Plan plan = planner.plan(evaluation(assessment("DLP001", mode, Optional.empty(), addEndpoint)), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().isEmpty());
    }

    @Test
    void anExemptedViolationIsNeverWritten() {
        Exemption exemption = new Exemption("DLP001", SUBNET, LocalDate.of(2027, 1, 31), "legacy CI");
        Plan plan = planner.plan(evaluation(assessment("DLP001", Mode.ROLLBACK, Optional.of(exemption), addEndpoint)),
                TestEstates.standard());
        assertTrue(plan.isEmpty());
    }

    @Test
    void unknownAndPassNeverWrite() {
        Finding unknown = new Finding("DLP005", Severity.CRITICAL, Status.UNKNOWN, SEP, "contoso-ml", Optional.of(SUBNET),
                "SEP could not be read", "fix", List.of(), List.of());
        Finding pass = new Finding("DLP001", Severity.HIGH, Status.PASS, SUBNET, "contoso-ml", Optional.of(SUBNET),
                "ok", "fix", List.of(), List.of());
        Plan plan = planner.plan(evaluation(new Assessment(unknown, Mode.ROLLBACK, Optional.empty()),
                new Assessment(pass, Mode.ROLLBACK, Optional.empty())), TestEstates.standard());
        assertTrue(plan.isEmpty());
        assertTrue(plan.skipped().isEmpty());
    }

    @Test
    void onlyTheRollbackCandidateAmongSeveralIsPlanned() {
        Exemption exemption = new Exemption("DLP009", NSG, LocalDate.of(2027, 1, 31), "legacy CI");
        Plan plan = planner.plan(evaluation(
                assessment("DLP009", Mode.ROLLBACK, Optional.of(exemption), new Remedy.DeleteSecurityRule(NSG.child("securityRules", "allow-batch-inbound"))),
                assessment("DLP012", Mode.ALERT, Optional.empty(), new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning")),
                rollback("DLP001", addEndpoint)), TestEstates.standard());
        assertEquals(List.of("DLP001"), plan.writes().stream().flatMap(w -> w.ruleIds().stream()).toList());
    }

    @Test
    void familiesAreConsecutiveAndEachResourceIsWrittenAtMostOnce() {
        ResourceId definition = SEP.child("serviceEndpointPolicyDefinitions", "storage-accounts");
        Plan plan = planner.plan(evaluation(
                rollback("DLP007", new Remedy.AddOutboundAllowRule(NSG, "dlp-guard-dlp007-storage-outbound", "Storage.westeurope", "Tcp", Optional.of(4000))),
                rollback("DLP001", addEndpoint),
                rollback("DLP003", new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", "/services/Azure/MachineLearning")),
                rollback("DLP009", new Remedy.DeleteSecurityRule(NSG.child("securityRules", "allow-batch-inbound"))),
                rollback("DLP005", new Remedy.RemoveStorageEntries(definition, List.of("/subscriptions/22222222-2222-2222-2222-222222222222")),
                        new Remedy.DetachServiceEndpointPolicy(SUBNET, ROGUE_SEP)),
                rollback("DLP012", new Remedy.AddRoute(ROUTE_TABLE, "dlp-guard-azureml", "AzureMachineLearning"))),
                TestEstates.standard());

        assertEquals(List.of("add-outbound-allow-rule", "delete-security-rule", "restore-subnet", "restore-ml-alias",
                "remove-storage-entries", "add-route"), plan.writes().stream().map(PlannedWrite::action).toList());
        Set<ResourceId> targets = new HashSet<>();
        Set<ResourceId> finishedFamilies = new HashSet<>();
        ResourceId current = null;
        for (PlannedWrite w : plan.writes()) {
            assertTrue(targets.add(w.target()), "one write per resource: " + w.target());
            ResourceId family = RollbackPlanner.family(w.target());
            if (!family.equals(current)) {
                assertTrue(finishedFamilies.add(family), "family written in one run: " + family);
                current = family;
            }
            assertTrue(w.request().url().startsWith("/subscriptions/") && w.request().url().endsWith("?api-version=2025-03-01"));
        }
        assertEquals(List.of("DLP001", "DLP005"), plan.writes().get(2).ruleIds());
        assertTrue(plan.skipped().isEmpty(), () -> plan.skipped().toString());
    }

    @Test
    void thePlanWithoutSkippedEntriesStillConstructs() {
        assertTrue(new Plan(List.of()).isEmpty());
        assertTrue(Plan.EMPTY.skipped().isEmpty());
    }
}
