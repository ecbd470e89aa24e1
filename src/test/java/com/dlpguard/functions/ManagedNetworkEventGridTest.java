package com.dlpguard.functions;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.alerts.AlertSink;
import com.dlpguard.app.AlertingNotifier;
import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Event Grid function, called as the Java worker calls it, on one guard configured for a
 * SEP-based workspace and a managed-network workspace (examples/managed), reading and writing
 * through the real gateway over the HTTPS emulator.
 */
class ManagedNetworkEventGridTest {
    static final Path MANAGED = Path.of("examples", "managed");
    static final String WS = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-mvnet-rg/providers/"
            + "Microsoft.MachineLearningServices/workspaces/contoso-mvnet";
    static final String SEP = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/"
            + "Microsoft.Network/serviceEndpointPolicies/aml-dlp";

    final DlpGuardEventGrid function = new DlpGuardEventGrid();
    final List<AlertMessage> alerts = Collections.synchronizedList(new ArrayList<>());
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));
    ArmEmulator emulator;
    AzureArmGateway gateway;

    void start(String estate) throws Exception {
        emulator = ArmEmulator.start();
        emulator.seed(MANAGED.resolve(estate));
        AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()),
                        Optional.empty(), Optional.empty()))
                .withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(1))
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
        gateway = AzureArmGateway.create(settings, ArmCredentials.bearerTokenFromEnvironment("DLP_GUARD_ARM_TOKEN",
                Map.of("DLP_GUARD_ARM_TOKEN", emulator.token())::get), Optional.of(emulator.clientSslContext()), line -> { });
        GuardConfig config = ConfigLoader.load(MANAGED.resolve("dlp-guard.json"), LocalDate.of(2026, 11, 24));
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
        Guard guard = new Guard(config, new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock), state,
                new AlertingNotifier(new AlertDispatcher(state, List.of(capture), Duration.ofHours(1)), clock, line -> { }),
                clock, GuardPolicy.defaults().withDryRun(false).withGuardIdentities(Set.of(GuardHarness.GUARD_APP_ID)),
                line -> { });
        GuardRuntime.install(guard);
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    static String event(Path file, String id) throws Exception {
        JsonElement e = JsonParser.parseString(Files.readString(file));
        JsonObject event = (e.isJsonArray() ? e.getAsJsonArray().get(0) : e).getAsJsonObject().deepCopy();
        event.addProperty("id", id);
        event.addProperty("eventTime", "2026-11-24T09:19:00Z");
        return event.toString();
    }

    Set<String> ruleNames() {
        return emulator.resource(WS).orElseThrow().getAsJsonObject("properties").getAsJsonObject("managedNetwork")
                .getAsJsonObject("outboundRules").keySet();
    }

    @Test
    void anOutboundRuleEventRollsBackTheDriftAndLeavesPlatformRulesAlone() throws Exception {
        start("drifted");
        Set<String> platform = Set.copyOf(ruleNames().stream().filter(n -> n.startsWith("sys-")).toList());
        emulator.requests().clear();

        function.run(event(MANAGED.resolve("events/outbound-rule-added.json"), "m-1"), new TestExecutionContext("DlpGuardEventGrid"));

        assertFalse(ruleNames().contains("blob-everywhere"));
        assertFalse(ruleNames().contains("pe-mallorystash"));
        assertTrue(ruleNames().containsAll(platform), "platform rules stay: " + ruleNames());
        assertTrue(ruleNames().containsAll(Set.of("allow-pypi", "allow-pythonhosted")), "approved rules stay");
        assertTrue(alerts.stream().anyMatch(a -> a.ruleId().equals("DLP016") && a.action().orElseThrow() == ActionTaken.ROLLED_BACK),
                alerts.toString());
        List<RequestLog.Entry> log = emulator.requests().entries();
        assertTrue(log.stream().noneMatch(e -> e.path().contains("Microsoft.Network")),
                "a managed-workspace event reads nothing of the SEP-based workspace: " + log);
        System.out.println("Event Grid, outbound-rule event on the drifted managed workspace: " + log.size() + " ARM requests");
        log.forEach(e -> System.out.println("  " + e));

        emulator.requests().clear();
        function.run(event(MANAGED.resolve("events/workspace-written.json"), "m-2"), new TestExecutionContext("DlpGuardEventGrid"));
        List<RequestLog.Entry> clean = emulator.requests().entries();
        assertTrue(clean.stream().noneMatch(RequestLog.Entry::isWrite), "nothing left to roll back: " + clean);
        System.out.println("Event Grid, workspace event on the compliant managed workspace: " + clean.size() + " ARM requests");
    }

    @Test
    void anEventOlderThanTheLastCompleteReadOfTheManagedWorkspaceIsCoalesced() throws Exception {
        start("compliant");
        function.run(event(MANAGED.resolve("events/workspace-written.json"), "c-1"), new TestExecutionContext("DlpGuardEventGrid"));
        // The first delivery read the workspace and its outbound rules completely at 09:20; a second
        // change raised at 09:19 is already in that read.
        emulator.requests().clear();
        function.run(event(MANAGED.resolve("events/outbound-rule-added.json"), "c-2"), new TestExecutionContext("DlpGuardEventGrid"));
        assertEquals(List.of(), emulator.requests().entries(), "covered by the complete read: nothing re-read");

        // A change raised after that read is read again.
        clock.advance(Duration.ofMinutes(1));
        JsonObject later = JsonParser.parseString(event(MANAGED.resolve("events/outbound-rule-added.json"), "c-3")).getAsJsonObject();
        later.addProperty("eventTime", "2026-11-24T09:20:30Z");
        function.run(later.toString(), new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(emulator.requests().entries().stream().anyMatch(e -> e.path().endsWith("/outboundRules")),
                "a newer change is read: " + emulator.requests().entries());
    }

    @Test
    void aManagedWorkspaceWhoseOutboundRulesCouldNotBeListedIsNotCovered() throws Exception {
        start("compliant");
        emulator.faults().add("GET", "(?i).*/workspaces/contoso-mvnet/outboundRules", Fault.forbidden(), 50);
        function.run(event(MANAGED.resolve("events/workspace-written.json"), "f-1"), new TestExecutionContext("DlpGuardEventGrid"));
        emulator.requests().clear();
        function.run(event(MANAGED.resolve("events/outbound-rule-added.json"), "f-2"), new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(emulator.requests().entries().stream().anyMatch(e -> e.path().endsWith("/outboundRules")),
                "a partial read absorbs nothing: the next event reads again: " + emulator.requests().entries());
    }

    @Test
    void anHttpRecheckOfTheManagedWorkspaceReportsTheDriftWithoutWriting() throws Exception {
        start("drifted");
        emulator.requests().clear();
        com.microsoft.azure.functions.HttpResponseMessage response = new DlpGuardRecheck().run(
                new TestHttpRequest("{\"scope\": \"" + WS + "\", \"dryRun\": true}"), new TestExecutionContext("DlpGuardRecheck"));
        assertEquals(com.microsoft.azure.functions.HttpStatus.OK, response.getStatus(), String.valueOf(response.getBody()));
        String body = String.valueOf(response.getBody());
        assertTrue(body.contains("blob-everywhere") && body.contains("pe-mallorystash") && body.contains("DLP016"), body);
        assertTrue(emulator.requests().entries().stream().noneMatch(RequestLog.Entry::isWrite), "dry run writes nothing");
        assertTrue(ruleNames().contains("blob-everywhere"));
    }

    @Test
    void theSameGuardStillRollsBackTheSepWorkspace() throws Exception {
        start("compliant");
        // A human deletes the alias definition of the SEP-based workspace's policy.
        emulator.edit(SEP, p -> {
            JsonArray defs = p.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions");
            for (int i = defs.size() - 1; i >= 0; i--) {
                if (defs.get(i).toString().contains("/services/Azure/MachineLearning")) {
                    defs.remove(i);
                }
            }
        });
        Set<String> rulesBefore = ruleNames();
        emulator.requests().clear();
        function.run(event(Path.of("examples/events/alias-removed.json"), "s-1"), new TestExecutionContext("DlpGuardEventGrid"));
        assertTrue(emulator.resource(SEP).orElseThrow().toString().contains("/services/Azure/MachineLearning"), "alias restored");
        assertTrue(emulator.requests().entries().stream().noneMatch(e -> e.path().contains("MachineLearningServices/workspaces/contoso-mvnet")),
                "a SEP event does not read the managed workspace");
        assertEquals(rulesBefore, ruleNames());
    }
}
