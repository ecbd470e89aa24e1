package com.dlpguard.functions;

import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.alerts.AlertSink;
import com.dlpguard.app.AlertingNotifier;
import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.InMemoryGuardStateStore;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * A guard over the examples/ estate with an in-memory ARM, installed where the functions find it.
 * Public for the CLI's replay tests, which compare replay with what the function decides.
 */
public final class GuardHarness {
    public static final String GUARD_APP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    public static final Path EXAMPLES = Path.of("examples");

    public final InMemoryArmGateway arm;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    public final List<AlertMessage> alerts = Collections.synchronizedList(new ArrayList<>());
    public final List<String> decisionLog = Collections.synchronizedList(new ArrayList<>());
    public final List<String> auditLog = Collections.synchronizedList(new ArrayList<>());
    public final GuardStateStore state;
    public final Guard guard;

    public GuardHarness(String estate, boolean dryRun) throws Exception {
        this(InMemoryArmGateway.fromSnapshot(EXAMPLES.resolve(estate)), dryRun, new InMemoryGuardStateStore());
    }

    GuardHarness(InMemoryArmGateway arm, boolean dryRun, GuardStateStore state) throws Exception {
        this(arm, arm, dryRun, state);
    }

    GuardHarness(InMemoryArmGateway arm, ArmGateway gateway, boolean dryRun, GuardStateStore state) throws Exception {
        this.arm = arm;
        this.state = state;
        GuardConfig config = ConfigLoader.load(EXAMPLES.resolve("dlp-guard.json"), LocalDate.of(2026, 11, 24));
        AlertSink capture = new AlertSink() {
            @Override
            public String name() {
                return "capture";
            }

            @Override
            public void send(AlertMessage alert) {
                alerts.add(alert);
            }
        };
        AlertDispatcher dispatcher = new AlertDispatcher(state, List.of(capture), Duration.ofHours(1));
        guard = new Guard(config, new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock),
                state, new AlertingNotifier(dispatcher, clock, auditLog::add), clock,
                GuardPolicy.defaults().withDryRun(dryRun).withGuardIdentities(Set.of(GUARD_APP_ID)),
                decisionLog::add);
    }

    public GuardHarness install() {
        GuardRuntime.install(guard);
        return this;
    }
}
