package com.dlpguard.bench;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigException;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.state.InMemoryGuardStateStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A guard wired the way the app wires it (GuardWiring.build), over a gateway the benchmark picks. */
final class BenchGuard {
    static final Path EXAMPLES = Path.of("examples");
    static final String GUARD_APP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    private BenchGuard() {
    }

    static GuardConfig exampleConfig(LocalDate today) throws ConfigException {
        return ConfigLoader.load(EXAMPLES.resolve("dlp-guard.json"), today);
    }

    /**
     * Rollback mode on (DLP_GUARD_DRY_RUN=false), no alert sinks, in-memory state: the app's wiring
     * otherwise, with the given pace ({@link Guard#PRODUCTION_PACE} in the app).
     */
    static Guard build(GuardConfig config, ArmGateway gateway, Clock clock, List<String> decisions, Duration pace)
            throws ConfigException {
        GuardPolicy policy = GuardPolicy.defaults().withDryRun(false).withGuardIdentities(Set.of(GUARD_APP_ID));
        GuardSettings settings = new GuardSettings(config, policy, Optional.empty());
        return GuardWiring.build(settings, gateway, new InMemoryGuardStateStore(), AlertSettings.fromEnvironment(Map.of()),
                clock, decisions::add, line -> { }, pace);
    }

    /** The settings as the app read them from the environment. */
    static Guard build(GuardSettings settings, ArmGateway gateway, Clock clock, List<String> decisions) throws ConfigException {
        return GuardWiring.build(settings, gateway, new InMemoryGuardStateStore(), AlertSettings.fromEnvironment(Map.of()),
                clock, decisions::add, line -> { });
    }

    /** The environment of a guard in rollback mode over the example configuration. */
    static Map<String, String> environment() {
        return Map.of("DLP_GUARD_CONFIG_PATH", EXAMPLES.resolve("dlp-guard.json").toString(),
                "DLP_GUARD_DRY_RUN", "false", "DLP_GUARD_IDENTITY_IDS", GUARD_APP_ID);
    }

    static Guard build(GuardConfig config, ArmGateway gateway, Clock clock, Duration pace) throws ConfigException {
        return build(config, gateway, clock, new NullList(), pace);
    }

    /** A human deleting the alias definition of the example SEP, whatever the guard last named it. */
    static void removeAlias(InMemoryArmGateway arm) {
        ResourceId sep = ResourceId.parse(Events.SEP);
        List<ResourceId> aliases = new ArrayList<>();
        arm.resource(sep).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .forEach(d -> {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        aliases.add(ResourceId.parse(d.getAsJsonObject().get("id").getAsString()));
                    }
                });
        if (aliases.isEmpty()) {
            throw new IllegalStateException("the alias is already gone: the previous rollback did not happen");
        }
        aliases.forEach(arm::deleteExternally);
    }

    /** JUL to WARNING: the Functions host ships log lines asynchronously; a console handler here would measure the terminal. */
    static void quietLogs() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler h : root.getHandlers()) {
            h.setLevel(Level.WARNING);
        }
    }

    /** A list that keeps nothing: the decision log of a warm loop would otherwise grow without bound. */
    static final class NullList extends java.util.AbstractList<String> {
        @Override
        public boolean add(String s) {
            return true;
        }

        @Override
        public String get(int index) {
            throw new IndexOutOfBoundsException(index);
        }

        @Override
        public int size() {
            return 0;
        }
    }
}
