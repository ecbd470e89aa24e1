package com.dlpguard.functions;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertKind;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.alerts.AlertSink;
import com.dlpguard.app.AlertingNotifier;
import com.dlpguard.app.GuardRuntime;
import com.dlpguard.app.SelfCheckRuntime;
import com.dlpguard.app.SelfCheckService;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.health.EventGridSeed;
import com.dlpguard.health.SelfCheckRunner;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer sweep runs the self-check and sends one guard-health alert (cannot-enforce) and one
 * decision-log line per gap: a missing permission, a missing event subscription, an unreadable NSG,
 * through the real gateway over HTTPS against the emulator. It also ends with the line the dead
 * man's switch counts.
 */
class DlpGuardSweepHealthTest {
    static final String TOKEN_VARIABLE = "DLP_GUARD_TEST_ARM_TOKEN";
    static final String NSG = EventGridSeed.RESOURCE_GROUP + "/providers/Microsoft.Network/networkSecurityGroups/compute-nsg";

    ArmEmulator emulator;
    AzureArmGateway gateway;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    final List<AlertMessage> alerts = Collections.synchronizedList(new ArrayList<>());
    final List<String> decisionLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        emulator = ArmEmulator.start();
        emulator.seed(Path.of("src/test/resources/emulator/estate"));
        emulator.seed(EventGridSeed.topic());
        AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()), Optional.empty(), Optional.empty()))
                .withRetries(3, Duration.ofMillis(50), Duration.ofSeconds(2))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30));
        gateway = AzureArmGateway.create(settings, ArmCredentials.bearerTokenFromEnvironment(TOKEN_VARIABLE,
                Map.of(TOKEN_VARIABLE, emulator.token())::get), Optional.of(emulator.clientSslContext()), m -> { });
        GuardConfig config = ConfigLoader.load(Path.of("src/test/resources/emulator/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        InMemoryGuardStateStore state = new InMemoryGuardStateStore();
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
        Guard guard = new Guard(config, new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock),
                state, new AlertingNotifier(dispatcher, clock, line -> { }), clock, GuardPolicy.defaults().withDryRun(true),
                decisionLog::add);
        GuardRuntime.install(guard);
        SelfCheckRuntime.install(Optional.of(new SelfCheckService(new SelfCheckRunner(gateway, gateway,
                Optional.of(com.dlpguard.model.ResourceId.parse(EventGridSeed.FUNCTION_APP)),
                List.of(com.dlpguard.model.ResourceId.parse(EventGridSeed.TOPIC))), dispatcher, clock, decisionLog::add)));
    }

    @AfterEach
    void stop() {
        SelfCheckRuntime.reset(Optional::empty);
        SelfCheckRuntime.install(Optional.empty());
        gateway.close();
        emulator.close();
    }

    TestExecutionContext sweep() {
        TestExecutionContext context = new TestExecutionContext("DlpGuardSweep");
        new DlpGuardSweep().run("{\"isPastDue\":false}", context);
        return context;
    }

    List<AlertMessage> healthAlerts() {
        return alerts.stream().filter(a -> a.kind() == AlertKind.GUARD_HEALTH).toList();
    }

    @Test
    void aHealthyDeploymentSendsNoGuardHealthAlertAndLogsACompletedSweep() {
        emulator.seed(EventGridSeed.eventSubscription());
        TestExecutionContext context = sweep();
        assertEquals(List.of(), healthAlerts());
        assertTrue(decisionLog.stream().noneMatch(l -> l.contains("\"kind\":\"dlp-guard.health\"")), decisionLog.toString());
        assertTrue(context.lines.stream().anyMatch(l -> l.contains("{\"kind\":\"dlp-guard.sweep\",\"status\":\"completed\"")
                && l.contains("\"healthGaps\":0")), context.lines.toString());
    }

    @Test
    void theSweepSendsAGuardHealthAlertForEachGap() {
        emulator.permissions(EventGridSeed.RESOURCE_GROUP, List.of(new ArmEmulator.Grant(
                List.of("Microsoft.Network/*", "Microsoft.MachineLearningServices/*", "Microsoft.Authorization/permissions/read"),
                List.of("Microsoft.Network/routeTables/join/action"))));
        emulator.faults().add("GET", "(?i).*/networkSecurityGroups/compute-nsg", Fault.forbidden(), 50);
        // No event subscription: Event Grid delivers nothing to the guard.

        TestExecutionContext context = sweep();

        List<AlertMessage> health = healthAlerts();
        assertEquals(3, health.size(), health.toString());
        assertTrue(health.stream().allMatch(a -> a.action().orElseThrow() == ActionTaken.CANNOT_ENFORCE));
        AlertMessage permission = only(health, "HEALTH-PERMISSIONS");
        assertEquals(EventGridSeed.RESOURCE_GROUP, permission.resourceId().toString());
        assertEquals(List.of("Microsoft.Network/routeTables/join/action"), permission.offendingValues());
        AlertMessage events = only(health, "HEALTH-EVENTS");
        assertEquals(EventGridSeed.TOPIC, events.resourceId().toString());
        assertTrue(events.message().contains("DlpGuardEventGrid"), events.message());
        AlertMessage read = only(health, "HEALTH-READ");
        assertEquals(NSG, read.resourceId().toString());
        assertEquals("contoso-ml", read.workspace());

        assertEquals(3, decisionLog.stream().filter(l -> l.startsWith("{\"kind\":\"dlp-guard.health\"") && l.contains("\"ok\":false")).count(),
                decisionLog.toString());
        assertTrue(context.lines.stream().anyMatch(l -> l.contains("\"kind\":\"dlp-guard.sweep\"") && l.contains("\"healthGaps\":3")),
                context.lines.toString());

        // The same gaps within the de-duplication window are not re-sent; after it, they are.
        sweep();
        assertEquals(3, healthAlerts().size(), "de-duplicated within the window");
        clock.advance(Duration.ofHours(2));
        sweep();
        assertEquals(6, healthAlerts().size(), "a gap that lasts is repeated after the window");
    }

    @Test
    void aSelfCheckThatCannotRunFailsTheInvocationAfterLoggingTheCompletedSweep() {
        SelfCheckRuntime.reset(() -> {
            throw new IllegalStateException("DLP Guard settings are invalid: DLP_GUARD_EVENT_TOPICS must be a JSON array");
        });
        TestExecutionContext context = new TestExecutionContext("DlpGuardSweep");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new DlpGuardSweep().run("{\"isPastDue\":false}", context));
        assertTrue(context.lines.stream().anyMatch(l -> l.contains("\"status\":\"completed\"")
                && l.contains("\"healthChecks\":\"failed: IllegalStateException\"")), context.lines.toString());
    }

    private static AlertMessage only(List<AlertMessage> alerts, String checkId) {
        List<AlertMessage> matching = alerts.stream().filter(a -> a.ruleId().equals(checkId)).toList();
        assertEquals(1, matching.size(), checkId + ": " + alerts);
        return matching.get(0);
    }
}
