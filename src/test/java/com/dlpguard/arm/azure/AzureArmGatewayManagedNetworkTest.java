package com.dlpguard.arm.azure;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.rules.Status;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CLOCK;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A managed-network workspace through the real gateway and the HTTPS emulator: the drifted
 * example (an FQDN rule to *.blob.core.windows.net, a private endpoint to a personal account) is
 * found and rolled back with conditional DELETEs, platform rules are left alone, a second run writes
 * nothing; and the ARM calls each reconcile costs are counted from the emulator's request log.
 */
class AzureArmGatewayManagedNetworkTest {
    static final Path MANAGED = Path.of("examples", "managed");
    static final ResourceId WS = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/"
            + "ml-mvnet-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet");
    static final String WS_PATH = WS.toString();

    static GuardConfig config;

    @BeforeAll
    static void load() throws Exception {
        config = ConfigLoader.load(MANAGED.resolve("dlp-guard.json"), TODAY);
    }

    static Set<String> ruleNames(ArmEmulator emulator) {
        JsonObject ws = emulator.resource(WS_PATH).orElseThrow();
        return new TreeSet<>(ws.getAsJsonObject("properties").getAsJsonObject("managedNetwork")
                .getAsJsonObject("outboundRules").keySet());
    }

    static ReconcileResult reconcile(EmulatedArm arm, boolean dryRun) throws Exception {
        return new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK)
                .reconcile(config, new ReconcileRequest(Set.of(WS), dryRun));
    }

    @Test
    void theDriftedWorkspaceIsRolledBackAndPlatformRulesStay() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.seed(MANAGED.resolve("drifted"));
            Set<String> before = ruleNames(emulator);
            assertTrue(before.containsAll(Set.of("blob-everywhere", "pe-mallorystash")), before.toString());
            emulator.requests().clear();

            ReconcileResult result = reconcile(arm, false);

            Set<String> expected = new TreeSet<>(before);
            expected.removeAll(Set.of("blob-everywhere", "pe-mallorystash"));
            assertEquals(expected, ruleNames(emulator), "exactly the two unapproved user rules are gone");
            assertTrue(ruleNames(emulator).stream().filter(n -> n.startsWith("sys-")).count() >= 7, "platform rules stay");
            assertEquals(List.of(WriteOutcome.Result.APPLIED, WriteOutcome.Result.APPLIED),
                    result.outcomes().stream().map(WriteOutcome::result).toList());
            assertFalse(result.verified().hasCountingViolations(), "verified: no violation left");

            List<RequestLog.Entry> log = emulator.requests().entries();
            List<RequestLog.Entry> deletes = log.stream().filter(e -> e.method().equals("DELETE")).toList();
            assertEquals(2, deletes.size(), log.toString());
            assertTrue(deletes.stream().allMatch(RequestLog.Entry::ifMatch), "every DELETE carries If-Match: " + deletes);
            assertTrue(log.stream().noneMatch(e -> e.method().equals("PUT") || e.method().equals("PATCH")),
                    "never a workspace PUT/PATCH: " + log);
            System.out.println("managed-network rollback of 2 rules: " + log.size() + " ARM requests ("
                    + log.stream().filter(e -> e.kind() == RequestLog.Kind.OPERATION).count() + " status polls, "
                    + deletes.size() + " DELETEs, " + log.stream().filter(e -> e.method().equals("GET")
                    && e.kind() != RequestLog.Kind.OPERATION).count() + " reads)");
            log.forEach(e -> System.out.println("  " + e));

            emulator.requests().clear();
            ReconcileResult again = reconcile(arm, false);
            assertTrue(again.outcomes().isEmpty(), "a second run writes nothing");
            assertEquals(2, emulator.requests().entries().size(), "a clean managed workspace costs 2 GETs (workspace, rule list): "
                    + emulator.requests().entries());
        }
    }

    @Test
    void oneUnapprovedRuleCostsTwoReadsToDecideTheDeleteAndTwoToVerify() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.seed(MANAGED.resolve("drifted"));
            emulator.edit(WS_PATH, w -> w.getAsJsonObject("properties").getAsJsonObject("managedNetwork")
                    .getAsJsonObject("outboundRules").remove("blob-everywhere"));
            emulator.requests().clear();
            ReconcileResult result = reconcile(arm, false);
            assertEquals(1, result.outcomes().size());
            List<RequestLog.Entry> log = emulator.requests().entries();
            long polls = log.stream().filter(e -> e.kind() == RequestLog.Kind.OPERATION).count();
            // 2 GETs to decide (workspace, rule list), 1 re-read of the rule, the DELETE, its polls, 2 GETs to verify.
            assertEquals(6 + polls, log.size(), log.toString());
            System.out.println("managed-network rollback of 1 rule: " + log.size() + " ARM requests (" + polls + " status polls)");
        }
    }

    @Test
    void theLiveCheckCommandCoversTheManagedWorkspace() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(MANAGED.resolve("drifted"));
            com.dlpguard.arm.emulator.EmulatorCertificate tls = com.dlpguard.arm.emulator.EmulatorCertificate.get();
            ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Djavax.net.ssl.trustStore=" + tls.trustStoreFile(), "-Djavax.net.ssl.trustStoreType=PKCS12",
                    "-Djavax.net.ssl.trustStorePassword=" + new String(tls.trustStorePassword()),
                    "com.dlpguard.cli.Main", "check", "--subscription", "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11",
                    "--resource-group", "ml-mvnet-rg", "--config", MANAGED.resolve("dlp-guard.json").toString(),
                    "--arm-endpoint", emulator.endpoint(), "--token-env", "DLP_GUARD_MANAGED_TOKEN", "--format", "json", "--plan");
            builder.environment().put("DLP_GUARD_MANAGED_TOKEN", emulator.token());
            builder.redirectErrorStream(true);
            Process child = builder.start();
            String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
            assertEquals(1, child.exitValue(), output);
            assertTrue(output.contains("pe-mallorystash") && output.contains("blob-everywhere"), output);
            assertEquals(0, emulator.requests().writes(), "without --apply nothing is written");
        }
    }

    @Test
    void aRuleChangedAfterTheReadIsNotDeletedBlindly() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.seed(MANAGED.resolve("drifted"));
            ReconcileResult plan = reconcile(arm, true);
            assertEquals(2, plan.plan().writes().size());
            // Someone rewrites the rule between the guard's read and its delete: its etag changes.
            emulator.edit(WS_PATH, w -> w.getAsJsonObject("properties").getAsJsonObject("managedNetwork")
                    .getAsJsonObject("outboundRules").getAsJsonObject("blob-everywhere")
                    .addProperty("destination", "pypi.org"));
            WriteOutcome outcome = arm.gateway.execute(plan.plan().writes().stream()
                    .filter(w -> w.target().name().equals("blob-everywhere")).findFirst().orElseThrow());
            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result(), outcome.detail());
            assertTrue(ruleNames(emulator).contains("blob-everywhere"), "the rewritten rule is still there");
        }
    }

    @Test
    void unreadableOutboundRulesAreUnknownAndNeverWritten() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.seed(MANAGED.resolve("drifted"));
            emulator.faults().add("GET", ".*/outboundRules", new Fault.Respond(403, "AuthorizationFailed",
                    "no read on outboundRules", java.util.Optional.empty()), 10);
            ReconcileResult result = reconcile(arm, false);
            List<Assessment> rules = result.found().assessments().stream()
                    .filter(a -> Set.of("DLP016", "DLP017").contains(a.finding().ruleId())).toList();
            assertTrue(rules.stream().allMatch(a -> a.finding().status() == Status.UNKNOWN), rules.toString());
            assertTrue(result.outcomes().isEmpty(), "unknown never writes");
        }
    }
}
