package com.dlpguard.functions;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer sweep on the drifted example: it restores what has a rollback, and a second sweep changes nothing. */
class DlpGuardSweepTest {
    final DlpGuardSweep function = new DlpGuardSweep();

    /** The violations a fresh, read-only evaluation of the in-memory ARM finds now. */
    static List<String> violationsNow(InMemoryArmGateway arm) throws Exception {
        var config = ConfigLoader.load(GuardHarness.EXAMPLES.resolve("dlp-guard.json"), LocalDate.of(2026, 11, 24));
        return new Reconciler(arm, RuleEngine.withCatalog(), new RollbackPlanner(), java.time.Clock.systemUTC())
                .reconcile(config, ReconcileRequest.everything(true)).found().assessments().stream()
                .filter(Assessment::isViolation).map(a -> a.finding().ruleId()).sorted().toList();
    }

    void sweep() {
        function.run("{\"isPastDue\":false}", new TestExecutionContext("DlpGuardSweep"));
    }

    @Test
    void theSweepRestoresEveryRollbackRuleAndLeavesAlertOnlyFindingsToHumans() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        assertEquals(List.of("DLP001", "DLP003", "DLP005", "DLP009", "DLP010"), violationsNow(h.arm));
        sweep();
        assertEquals(List.of("DLP010"), violationsNow(h.arm), "DLP010 is alert-only (a deny rule can break workloads)");
        assertEquals(4, h.arm.writeCount());
        assertTrue(h.alerts.stream().anyMatch(a -> a.ruleId().equals("DLP010")
                && a.action().orElseThrow() == ActionTaken.ALERT_ONLY), h.alerts.toString());
        for (String rule : List.of("DLP001", "DLP003", "DLP005", "DLP009")) {
            assertTrue(h.alerts.stream().anyMatch(a -> a.ruleId().equals(rule)
                    && a.action().orElseThrow() == ActionTaken.ROLLED_BACK), rule + ": " + h.alerts);
        }
    }

    @Test
    void aSecondSweepWritesNothing() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        sweep();
        int writes = h.arm.writeCount();
        h.clock.advance(Duration.ofHours(6));
        sweep();
        assertEquals(writes, h.arm.writeCount(), "idempotent: the second sweep finds nothing to roll back");
        assertEquals(List.of("DLP010"), violationsNow(h.arm));
    }

    @Test
    void aSweepOnTheCompliantEstateWritesNothing() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false).install();
        sweep();
        assertEquals(0, h.arm.writeCount());
        assertEquals(List.of(), violationsNow(h.arm));
    }

    @Test
    void aSweepInGlobalDryRunWritesNothingButAlerts() throws Exception {
        GuardHarness h = new GuardHarness("drifted", true).install();
        sweep();
        assertEquals(0, h.arm.writeCount());
        assertEquals(5, violationsNow(h.arm).size());
        assertTrue(h.alerts.stream().anyMatch(a -> a.action().orElseThrow() == ActionTaken.WOULD_ROLL_BACK_DRY_RUN));
    }

    @Test
    void aSweepThatCannotReadArmLogsAndReturns() throws Exception {
        InMemoryArmGateway memory = InMemoryArmGateway.fromSnapshot(GuardHarness.EXAMPLES.resolve("drifted"));
        ArmGateway down = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                throw new ArmException("503 ServerBusy after retries", true, null);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                return memory.execute(write);
            }
        };
        new GuardHarness(memory, down, false, new InMemoryGuardStateStore()).install();
        TestExecutionContext ctx = new TestExecutionContext("DlpGuardSweep");
        assertDoesNotThrow(() -> function.run("{}", ctx), "the next sweep runs anyway");
        assertTrue(ctx.lines.stream().anyMatch(l -> l.startsWith("WARNING") && l.contains("ServerBusy")), ctx.lines.toString());
        assertEquals(0, memory.writeCount());
    }
}
