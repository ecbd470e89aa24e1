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
import com.dlpguard.arm.ArmPermissions;
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
import com.dlpguard.model.ResourceId;
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
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer sweep's self-check on examples/managed (a SEP-based and a managed-network workspace),
 * through the real gateway over HTTPS against the emulator: a managed workspace's gaps (DLP016's
 * delete not granted at its resource group, its outbound rules unreadable) are guard-health alerts
 * like any other.
 */
class ManagedNetworkSweepHealthTest {
    static final String SUBSCRIPTION = "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String MVNET_RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/ml-mvnet-rg";
    static final String WS = MVNET_RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet";
    static final String DELETE = "Microsoft.MachineLearningServices/workspaces/outboundRules/delete";
    static final String TOKEN_VARIABLE = "DLP_GUARD_TEST_ARM_TOKEN";

    ArmEmulator emulator;
    AzureArmGateway gateway;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    final List<AlertMessage> alerts = Collections.synchronizedList(new ArrayList<>());
    final List<String> decisionLog = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        emulator = ArmEmulator.start();
        emulator.seed(Path.of("examples/managed/compliant"));
        emulator.seed(EventGridSeed.inSubscription(EventGridSeed.topic(), SUBSCRIPTION));
        emulator.seed(EventGridSeed.inSubscription(EventGridSeed.eventSubscription(), SUBSCRIPTION));
        AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()), Optional.empty(), Optional.empty()))
                .withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
        gateway = AzureArmGateway.create(settings, ArmCredentials.bearerTokenFromEnvironment(TOKEN_VARIABLE,
                Map.of(TOKEN_VARIABLE, emulator.token())::get), Optional.of(emulator.clientSslContext()), m -> { });
        GuardConfig config = ConfigLoader.load(Path.of("examples/managed/dlp-guard.json"), LocalDate.of(2026, 11, 24));
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
        String functionApp = EventGridSeed.FUNCTION_APP.replace(EventGridSeed.SUBSCRIPTION, SUBSCRIPTION);
        String topic = EventGridSeed.TOPIC.replace(EventGridSeed.SUBSCRIPTION, SUBSCRIPTION);
        SelfCheckRuntime.install(Optional.of(new SelfCheckService(new SelfCheckRunner(gateway, gateway,
                Optional.of(ResourceId.parse(functionApp)), List.of(ResourceId.parse(topic))), dispatcher, clock, decisionLog::add)));
    }

    @AfterEach
    void stop() {
        SelfCheckRuntime.reset(Optional::empty);
        SelfCheckRuntime.install(Optional.empty());
        gateway.close();
        emulator.close();
    }

    List<AlertMessage> healthAlerts() {
        new DlpGuardSweep().run("{\"isPastDue\":false}", new TestExecutionContext("DlpGuardSweep"));
        return alerts.stream().filter(a -> a.kind() == AlertKind.GUARD_HEALTH).toList();
    }

    @Test
    void theMixedExampleAsDeployedSendsNoGuardHealthAlert() {
        emulator.permissions(MVNET_RG, List.of(new ArmEmulator.Grant(List.copyOf(ArmPermissions.forManagedWorkspace()), List.of())));
        assertEquals(List.of(), healthAlerts());
    }

    @Test
    void aMissingOutboundRuleDeleteAndUnreadableOutboundRulesAreEachAGuardHealthAlert() {
        List<String> withoutDelete = new ArrayList<>(new TreeSet<>(ArmPermissions.forManagedWorkspace()));
        assertTrue(withoutDelete.remove(DELETE));
        emulator.permissions(MVNET_RG, List.of(new ArmEmulator.Grant(withoutDelete, List.of())));
        emulator.faults().add("GET", "(?i).*/workspaces/contoso-mvnet/outboundRules", Fault.forbidden(), 50);

        List<AlertMessage> health = healthAlerts();

        assertEquals(2, health.size(), health.toString());
        assertTrue(health.stream().allMatch(a -> a.action().orElseThrow() == ActionTaken.CANNOT_ENFORCE));
        AlertMessage permission = health.stream().filter(a -> a.ruleId().equals("HEALTH-PERMISSIONS")).findFirst().orElseThrow();
        assertEquals(MVNET_RG, permission.resourceId().toString());
        assertEquals(List.of(DELETE), permission.offendingValues());
        AlertMessage read = health.stream().filter(a -> a.ruleId().equals("HEALTH-READ")).findFirst().orElseThrow();
        assertEquals(WS, read.resourceId().toString());
        assertEquals("contoso-mvnet", read.workspace());
        assertTrue(read.message().contains("outbound rules could not be listed"), read.message());
        assertEquals(2, decisionLog.stream().filter(l -> l.startsWith("{\"kind\":\"dlp-guard.health\"") && l.contains("\"ok\":false")).count(),
                decisionLog.toString());
    }
}
