package com.dlpguard.functions;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.app.SelfCheckRuntime;
import com.dlpguard.app.SelfCheckService;
import com.dlpguard.arm.ArmException;
import com.dlpguard.health.HealthCheck;
import com.dlpguard.json.Json;
import com.dlpguard.reconcile.Guard;
import com.google.gson.JsonObject;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;

import java.util.List;
import java.util.Optional;

/**
 * Timer sweep for events Event Grid never delivered (dead-lettered, filtered, lost while the app
 * was down). The schedule comes from the app setting so operators tune it without a redeploy.
 * Every sweep also runs the guard's self-check (guard-health alerts for each gap) and ends with one
 * line {@code {"kind":"dlp-guard.sweep","status":"completed"|"failed",...}}: infra/'s dead man's
 * switch pages when no "completed" line appears within twice the schedule.
 */
public class DlpGuardSweep {

    @FunctionName("DlpGuardSweep")
    public void run(@TimerTrigger(name = "timer", schedule = "%DLP_GUARD_SWEEP_SCHEDULE%") String timerInfo,
                    final ExecutionContext context) {
        Guard guard = GuardRuntime.guard();
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.sweep");
        try {
            Guard.Outcome outcome = guard.sweep();
            long violations = outcome.notices().stream().filter(n -> n.assessment().isViolation()).count();
            context.getLogger().info("dlp-guard: sweep evaluated " + outcome.notices().size() + " finding(s), "
                    + violations + " violation(s)" + (outcome.stateUnavailable() ? " (shared state unavailable)" : ""));
            line.addProperty("status", "completed");
            line.addProperty("findings", outcome.notices().size());
            line.addProperty("violations", violations);
        } catch (ArmException e) {
            // The next sweep runs anyway; failing the invocation only adds noise. The missing
            // "completed" line is what the dead man's switch counts.
            context.getLogger().warning("dlp-guard: sweep could not read ARM: " + e.getMessage());
            line.addProperty("status", "failed");
            line.addProperty("reason", e.getMessage());
        }
        // The self-check runs even when the sweep failed: then, above all, someone must learn why.
        try {
            Optional<SelfCheckService> selfCheck = SelfCheckRuntime.selfCheck();
            if (selfCheck.isPresent()) {
                List<HealthCheck> checks = selfCheck.get().run(guard.config());
                line.addProperty("healthChecks", checks.size());
                line.addProperty("healthGaps", checks.stream().filter(c -> !c.ok()).count());
            } else {
                line.addProperty("healthChecks", "not configured (DLP_GUARD_FUNCTION_APP_ID unset)");
            }
        } catch (RuntimeException e) {
            // A self-check that cannot run (bad settings) fails the invocation, which pages
            // (function-failures); the sweep itself still counts as completed.
            line.addProperty("healthChecks", "failed: " + e.getClass().getSimpleName());
            context.getLogger().info(Json.compact(line));
            throw e;
        }
        context.getLogger().info(Json.compact(line));
    }
}
