package com.dlpguard.hardening;

import com.dlpguard.functions.MutableClock;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardRuntime;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.config.ConfigException;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.state.GuardStateStore;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One guard instance wired as production wires it ({@link GuardWiring#build}, unpaced) from an app
 * settings map holding the suites' fake secrets, over a test gateway and state store, with its
 * decision and audit lines kept (and scanned for secrets).
 */
final class Rig {
    static final String GUARD_APP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String GUARD_OBJECT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    static final Path EXAMPLES = Path.of("examples");
    static final Path CONFIG = EXAMPLES.resolve("dlp-guard.json");
    static final Instant START = Instant.parse("2026-11-24T09:20:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    final MutableClock clock;
    final GuardStateStore state;
    final Guard guard;
    final List<String> decisions = Collections.synchronizedList(new ArrayList<>());
    final List<String> audit = Collections.synchronizedList(new ArrayList<>());

    Rig(Map<String, String> env, ArmGateway gateway, GuardStateStore state, MutableClock clock) {
        this.clock = clock;
        this.state = state;
        try {
            GuardSettings settings = GuardSettings.from(env, TODAY);
            guard = GuardWiring.build(settings, gateway, state, AlertSettings.fromEnvironment(env), clock,
                    line -> {
                        decisions.add(line);
                        Secrets.scan("decision log", line);
                    },
                    line -> {
                        audit.add(line);
                        Secrets.scan("audit log", line);
                    },
                    // Unpaced: these suites play hundreds of events back to back and judge what the
                    // guard decides, not when; production pacing has its own test (GuardPacingTest).
                    java.time.Duration.ZERO);
        } catch (ConfigException e) {
            throw new IllegalStateException("hardening settings rejected: " + e.getMessage(), e);
        }
    }

    Rig install() {
        GuardRuntime.install(guard);
        return this;
    }

    int decisionCount() {
        return decisions.size();
    }

    List<String> decisionsFrom(int index) {
        synchronized (decisions) {
            return List.copyOf(decisions.subList(index, decisions.size()));
        }
    }
}
