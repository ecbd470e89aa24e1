package com.dlpguard.cli;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.report.Report;
import com.dlpguard.rules.RuleEngine;

import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** {@code check}: the same reconcile path as the functions, against a snapshot (never writes) or live. */
final class CheckCommand {
    private static final Set<String> VALUED = Set.of("snapshot", "config", "format", "subscription", "resource-group",
            "cloud", "arm-endpoint", "token-env", "managed-identity-client-id", "whatif");
    private static final Set<String> FLAGS = Set.of("plan", "apply", "yes", "verbose", "new-only");

    private CheckCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        CliArgs a = CliArgs.parse(args, VALUED, FLAGS);
        OutputFormat format = OutputFormat.parse(a.single("format").orElse("text"), true);
        boolean hasSnapshot = a.single("snapshot").isPresent();
        boolean hasSubscription = a.single("subscription").isPresent();
        if (hasSnapshot == hasSubscription) {
            throw new UsageException("check needs exactly one of --snapshot PATH or --subscription ID");
        }
        if (hasSnapshot && (a.flag("apply") || a.single("resource-group").isPresent())) {
            throw new UsageException("--apply and --resource-group are for live checks (--subscription); a snapshot is never written");
        }
        Clock clock = Clock.systemUTC();
        LocalDate today = LocalDate.now(clock);
        GuardConfig config = Inputs.config(a.required("config"), today);
        Inputs.warn(config, err);
        if (!a.all("whatif").isEmpty() || a.flag("new-only")) {
            return WhatIfCommand.run(a, config, format, clock, out, err);
        }
        if (hasSnapshot) {
            ArmGateway gateway = Inputs.snapshot(a.required("snapshot"));
            ReconcileResult result;
            try {
                result = new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock)
                        .reconcile(config, ReconcileRequest.everything(true));
            } catch (ArmException e) {
                throw new UsageException("snapshot could not be read: " + e.getMessage());
            }
            Report report = Report.of(result.found());
            if (a.flag("plan")) {
                report = report.withPlan(result.plan());
            }
            Output.print(report, format, a.flag("verbose"), out);
            return result.found().failsCheck() ? Main.VIOLATIONS : Main.OK;
        }
        return LiveCheck.run(a, config, format, clock, out, err);
    }
}
