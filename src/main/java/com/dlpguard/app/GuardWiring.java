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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
            Guard guard = build(settings, gateway, GuardStateStores.fromSettings(env), AlertSettings.fromEnvironment(env), clock,
                    DECISIONS::info, AUDIT::info);
            scheduleDueRechecks(guard);
            return guard;
        } catch (ConfigException e) {
            // Thrown to the host on every invocation until fixed: a guard with a bad config must be loud.
            throw new IllegalStateException("DLP Guard settings are invalid: " + e.getMessage());
        }
    }

    /**
     * Restores the fight backoff deferred are re-checked when due, every {@link #DUE_RECHECK_PERIOD},
     * on one daemon thread. While the instance lives this restores on time; if the platform
     * recycles it, Event Grid's redelivery of the unacknowledged event (and the sweep) takes over.
     */
    static void scheduleDueRechecks(Guard guard) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dlp-guard-due-rechecks");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                guard.recheckDue();
            } catch (Exception | LinkageError e) {
                DECISIONS.warning(() -> "deferred re-check failed (" + e.getClass().getSimpleName()
                        + "): the redelivery or the sweep restores it");
            }
        }, DUE_RECHECK_PERIOD.toSeconds(), DUE_RECHECK_PERIOD.toSeconds(), TimeUnit.SECONDS);
    }

    static final Duration DUE_RECHECK_PERIOD = Duration.ofSeconds(5);

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
