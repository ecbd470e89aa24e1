package com.dlpguard.functions;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instance A claims the fix and ARM refuses A's write; the redelivery lands on instance B, which
 * must fix the drift instead of deferring to A's claim until it expires.
 */
class FailedWriteClaimTest {

    @Test
    void aFailedWriteReleasesItsClaimForTheNextInstance() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(GuardHarness.EXAMPLES.resolve("compliant"));
        InMemoryGuardStateStore shared = new InMemoryGuardStateStore();
        AtomicInteger refused = new AtomicInteger();
        ArmGateway refusing = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                return arm.read(scope);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                refused.incrementAndGet();
                return new WriteOutcome(write, WriteOutcome.Result.FAILED, Optional.of("InternalServerError"),
                        "the operation ended Failed", Optional.of("req-1"));
            }
        };
        GuardHarness a = new GuardHarness(arm, refusing, false, shared);
        GuardHarness b = new GuardHarness(arm, arm, false, shared);
        DlpGuardEventGridTest.removeAlias(arm);
        String event = DlpGuardEventGridTest.withIdAndTime(DlpGuardEventGridTest.exampleEvent("alias-removed.json"),
                "e-failed", "2026-11-24T09:19:00Z");

        a.install();
        new DlpGuardEventGrid().run(event, new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(1, refused.get(), "A tried once");
        assertFalse(DlpGuardEventGridTest.listsAlias(arm));

        // Event Grid redelivers (A acknowledged nothing useful; here: the sweep or a second event) to B.
        b.install();
        b.guard.sweep();
        assertTrue(DlpGuardEventGridTest.listsAlias(arm), "B fixed the drift instead of deferring to A's dead claim");
    }
}
