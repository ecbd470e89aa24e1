package com.dlpguard.redteam;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardRuntime;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigException;
import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.functions.DlpGuardSweep;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.functions.TestExecutionContext;
import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One guard as production wires it ({@link GuardWiring#build}: real alert sinks, the live
 * azure-resourcemanager gateway over HTTPS to the emulator), installed where the functions find
 * it, and driven the way the Java worker drives it: {@link DlpGuardEventGrid#run} with the event
 * as a String, {@link DlpGuardSweep#run} for the timer. Time is the injected {@link MutableClock}.
 */
final class GuardUnderTest implements AutoCloseable {
    static final String GUARD_APP_ID = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String GUARD_OBJECT_ID = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String TOKEN_VARIABLE = "DLP_GUARD_ARM_TOKEN";

    final ArmEmulator arm;
    final MutableClock clock;
    final AzureArmGateway live;
    final Guard guard;
    final List<String> decisions;
    final List<String> functionLog = Collections.synchronizedList(new ArrayList<>());
    private final DlpGuardEventGrid eventGrid = new DlpGuardEventGrid();
    private final DlpGuardSweep sweep = new DlpGuardSweep();

    /** Thrown by {@link #start} when the guard refuses to start: itself an outcome of an attack (a time bomb). */
    static final class RefusedToStart extends Exception {
        RefusedToStart(String message) {
            super(message);
        }
    }

    private GuardUnderTest(ArmEmulator arm, MutableClock clock, AzureArmGateway live, Guard guard, List<String> decisions) {
        this.decisions = decisions;
        this.arm = arm;
        this.clock = clock;
        this.live = live;
        this.guard = guard;
    }

    static GuardUnderTest start(ArmEmulator arm, Path config, WebhookReceiver receiver, MutableClock clock,
                                LocalDate today) throws RefusedToStart {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DLP_GUARD_CONFIG_PATH", config.toString());
        env.put("DLP_GUARD_DRY_RUN", "false");
        env.put("DLP_GUARD_IDENTITY_IDS", GUARD_APP_ID + "," + GUARD_OBJECT_ID);
        env.put("DLP_GUARD_WEBHOOK_URL", receiver.url());
        env.put("DLP_GUARD_WEBHOOK_SECRET", WebhookReceiver.SECRET);
        env.put("DLP_GUARD_ALERT_DEDUPE_MINUTES", "60");
        env.put(TOKEN_VARIABLE, arm.token());
        AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(arm.endpoint()),
                        Optional.empty(), Optional.empty()))
                .withRetries(1, Duration.ofMillis(10), Duration.ofMillis(50))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
        AzureArmGateway live = AzureArmGateway.create(settings,
                ArmCredentials.bearerTokenFromEnvironment(TOKEN_VARIABLE, env::get),
                Optional.of(arm.clientSslContext()), line -> { });
        List<String> decisions = Collections.synchronizedList(new ArrayList<>());
        Guard guard;
        try {
            guard = GuardWiring.build(GuardSettings.from(env, today), live, new InMemoryGuardStateStore(),
                    AlertSettings.fromEnvironment(env), clock, decisions::add, line -> { },
                    // Unpaced: a scenario judges what the guard decides, not when (pacing has its own test).
                    Duration.ZERO);
        } catch (ConfigException | RuntimeException e) {
            live.close();
            throw new RefusedToStart(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        GuardUnderTest g = new GuardUnderTest(arm, clock, live, guard, decisions);
        GuardRuntime.install(guard);
        return g;
    }

    /** One Event Grid delivery through the function. False when the function threw (Event Grid would redeliver). */
    boolean deliver(JsonObject event) {
        TestExecutionContext context = new TestExecutionContext("DlpGuardEventGrid");
        try {
            eventGrid.run(Json.compactGson().toJson(event), context);
            return true;
        } catch (RuntimeException e) {
            functionLog.add("threw: " + e);
            return false;
        } finally {
            functionLog.addAll(context.lines);
        }
    }

    void sweep() {
        TestExecutionContext context = new TestExecutionContext("DlpGuardSweep");
        sweep.run("timer", context);
        functionLog.addAll(context.lines);
    }

    List<RequestLog.Entry> writes() {
        return arm.requests().entries().stream().filter(RequestLog.Entry::isWrite).toList();
    }

    /** The events ARM raises for the guard's own writes (its identity as the actor). */
    List<JsonObject> ownWriteEvents(List<RequestLog.Entry> writes) {
        List<JsonObject> events = new ArrayList<>();
        for (RequestLog.Entry w : writes) {
            ResourceId target = ResourceId.parse(w.path());
            String operation = w.method().equals("DELETE") ? Insider.deleteOf(target) : Insider.writeOf(target);
            events.add(Insider.event(target.toString(), operation, Insider.Actor.GUARD, clock.instant()));
        }
        return events;
    }

    @Override
    public void close() {
        live.close();
    }
}
