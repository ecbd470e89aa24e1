package com.dlpguard.app;

import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.health.HealthCheck;
import com.dlpguard.health.SelfCheckReport;
import com.dlpguard.health.SelfCheckRunner;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The self-check as the function runs it on every sweep: each gap becomes one decision-log line
 * ({@code {"kind":"dlp-guard.health","ok":false,...}}, which the dead man's switch queries) and one
 * {@code guard-health} alert ({@code cannot-enforce}), de-duplicated like any alert.
 */
public final class SelfCheckService {
    private final SelfCheckRunner runner;
    private final AlertDispatcher dispatcher;
    private final Clock clock;
    private final Consumer<String> decisionLog;

    public SelfCheckService(SelfCheckRunner runner, AlertDispatcher dispatcher, Clock clock, Consumer<String> decisionLog) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.decisionLog = Objects.requireNonNull(decisionLog, "decisionLog");
    }

    /** Runs every check; returns them all (the gaps were logged and alerted). */
    public List<HealthCheck> run(GuardConfig config) {
        List<HealthCheck> checks = runner.run(config);
        for (HealthCheck c : checks) {
            if (c.ok()) {
                continue;
            }
            decisionLog.accept(SelfCheckReport.logLine(c));
            dispatcher.onGuardHealth(AlertMessage.guardHealth(c.checkId(), c.title(), c.resource(), c.detail(), c.missing(),
                    c.remediation(), c.workspace(), clock.instant()), clock.instant());
        }
        return checks;
    }
}
