package com.dlpguard.functions;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.ArmException;
import com.dlpguard.reconcile.Guard;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

/**
 * Timer sweep for events Event Grid never delivered (dead-lettered, filtered, lost while the app
 * was down). The schedule comes from the app setting so operators tune it without a redeploy.
 */
public class DlpGuardSweep {

    @FunctionName("DlpGuardSweep")
    public void run(@TimerTrigger(name = "timer", schedule = "%DLP_GUARD_SWEEP_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        Guard guard = GuardRuntime.guard();
        try {
            Guard.Outcome outcome = guard.sweep();
            long violations = outcome.notices().stream().filter(n -> n.assessment().isViolation()).count();
            context.getLogger().info("dlp-guard: sweep evaluated " + outcome.notices().size() + " finding(s), "
                    + violations + " violation(s)" + (outcome.stateUnavailable() ? " (shared state unavailable)" : ""));
        } catch (ArmException e) {
            // The next sweep runs anyway; failing the invocation only adds noise.
            context.getLogger().warning("dlp-guard: sweep could not read ARM: " + e.getMessage());
        }
    }
}
