package com.dlpguard.app;

import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.alerts.AlertSink;
import com.dlpguard.alerts.AlertSinks;
import com.dlpguard.alerts.HttpAlertSender;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.config.ConfigException;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.GuardStateStores;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;

/** The single place that wires implementations together from the app settings. */
public final class GuardWiring {
    private static final Logger DECISIONS = Logger.getLogger("dlp-guard.decisions");
    private static final Logger AUDIT = Logger.getLogger("dlp-guard.audit");

    private GuardWiring() {
    }

    /** The production guard: ARM through azure-resourcemanager, state in Table Storage, real sinks. */
    public static Guard fromEnvironment(Map<String, String> env) {
        Clock clock = Clock.systemUTC();
        try {
            GuardSettings settings = GuardSettings.from(env, LocalDate.now(clock));
            ArmGateway gateway = LiveGateways.fromEnvironment(env, settings.managedIdentityClientId());
            return build(settings, gateway, GuardStateStores.fromSettings(env), AlertSettings.fromEnvironment(env), clock,
                    DECISIONS::info, AUDIT::info);
        } catch (ConfigException e) {
            // Thrown to the host on every invocation until fixed: a guard with a bad config must be loud.
            throw new IllegalStateException("DLP Guard settings are invalid: " + e.getMessage());
        }
    }

    /** Wires a guard from parts (tests and benchmarks pass their own gateway and store), paced as in production. */
    public static Guard build(GuardSettings settings, ArmGateway gateway, GuardStateStore state, AlertSettings alerts,
                              Clock clock, Consumer<String> decisionLog, Consumer<String> auditLog) {
        return build(settings, gateway, state, alerts, clock, decisionLog, auditLog, Guard.PRODUCTION_PACE);
    }

    /** The same with another pace ({@link Duration#ZERO}: every uncovered event reads at once, e.g. to time one reconcile). */
    public static Guard build(GuardSettings settings, ArmGateway gateway, GuardStateStore state, AlertSettings alerts,
                              Clock clock, Consumer<String> decisionLog, Consumer<String> auditLog, Duration pace) {
        List<AlertSink> sinks = alerts.anySink()
                ? AlertSinks.fromSettings(alerts, new HttpAlertSender(HttpAlertSender.Options.defaults()), clock)
                : List.of();
        AlertDispatcher dispatcher = new AlertDispatcher(state, sinks, alerts.dedupeWindow());
        Reconciler reconciler = new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock);
        return new Guard(settings.config(), reconciler, state, new AlertingNotifier(dispatcher, clock, auditLog), clock,
                settings.policy(), decisionLog, pace, System::nanoTime);
    }
}
