package com.dlpguard.arm.azure;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.model.Estate;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CLOCK;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.COMPUTE;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CONFIG;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.TODAY;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.scopeOf;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each injected fault ends either in the correct state or in a reported failure; retries are
 * azure-core's (bounded, honouring Retry-After), and a write retried after an answer was lost can
 * only be refused by its own If-Match, never applied twice or over someone else's change.
 */
class AzureArmGatewayFaultTest {
    static final String SUBNET_PATH = ".*/subnets/compute";

    private static boolean nsgAttached(EmulatedArm arm) {
        return props(arm.emulator.resource(COMPUTE.toString()).orElseThrow()).has("networkSecurityGroup");
    }

    @Test
    void throttledReadsWaitForRetryAfterAndSucceed() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", SUBNET_PATH, Fault.throttled(1));
            long start = System.nanoTime();
            Estate estate = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(estate.subnet(COMPUTE).isPresent());
            assertTrue(millis >= 1000, "Retry-After: 1 was honoured (" + millis + " ms)");
            assertEquals(List.of(429, 200), statuses(arm, "GET", SUBNET_PATH));
            System.out.printf("fault 429 Retry-After: 1 on a read: recovered after %d ms%n", millis);
        }
    }

    @Test
    void anotherOperationOnTheResourceIsWaitedOutAndTheWriteApplies() throws Exception {
        assertWriteRecovers(Fault.anotherOperation(1), List.of(429, 200));
    }

    @Test
    void aServerErrorOnTheWriteIsRetried() throws Exception {
        assertWriteRecovers(Fault.serverError(), List.of(500, 200));
    }

    @Test
    void aDroppedConnectionOnTheWriteIsRetried() throws Exception {
        assertWriteRecovers(Fault.dropConnection(), List.of(0, 200));
    }

    private static void assertWriteRecovers(Fault fault, List<Integer> expectedStatuses) throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("PUT", SUBNET_PATH, fault);
            long start = System.nanoTime();
            WriteOutcome outcome = arm.gateway.execute(write);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
            assertEquals(expectedStatuses, statuses(arm, "PUT", SUBNET_PATH));
            assertTrue(arm.emulator.requests().matching("PUT", SUBNET_PATH).stream().allMatch(RequestLog.Entry::ifMatch));
            assertTrue(nsgAttached(arm));
            System.out.printf("fault %-40s on a write: %s after %d ms, PUT statuses %s%n", fault.getClass().getSimpleName()
                    + (fault instanceof Fault.Respond r ? " " + r.status() + " " + r.code() : ""), outcome.result(), millis,
                    expectedStatuses);
        }
    }

    /**
     * The SDK's default resource-manager pipeline answers ARM's MissingSubscriptionRegistration by
     * registering the resource provider (a POST to the subscription): a write nobody planned. The
     * guard's pipeline leaves that policy out, so ARM's refusal is reported and nothing else is sent.
     */
    @Test
    void anUnregisteredProviderIsReportedAndNeverRegistered() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.requests().clear();
            arm.emulator.faults().add("PUT", SUBNET_PATH, new Fault.Respond(409, "MissingSubscriptionRegistration",
                    "The subscription is not registered to use namespace 'Microsoft.Network'.", Optional.empty()));
            WriteOutcome outcome = arm.gateway.execute(write);
            assertEquals(WriteOutcome.Result.FAILED, outcome.result(), outcome.detail());
            assertTrue(outcome.detail().contains("MissingSubscriptionRegistration"), outcome.detail());
            assertEquals(List.of(), arm.emulator.requests().entries().stream()
                    .filter(e -> !e.method().equals("GET") && !e.path().matches(SUBNET_PATH)).map(e -> e.method() + " " + e.path())
                    .toList(), "only the planned PUT is sent");
            assertFalse(nsgAttached(arm));
        }
    }

    @Test
    void aPersistentOutageIsATransientFailureAfterBoundedRetriesAndChangesNothing() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("PUT", SUBNET_PATH, Fault.unavailable(0), 20);
            ArmException e = assertThrows(ArmException.class, () -> arm.gateway.execute(write));
            assertTrue(e.isTransient());
            assertTrue(e.getMessage().contains("ServiceUnavailable"), e.getMessage());
            assertEquals(1 + arm.settings.maxRetries(), arm.emulator.requests().matching("PUT", SUBNET_PATH).size());
            assertFalse(nsgAttached(arm));
        }
    }

    @Test
    void anOperationThatEndsFailedIsReportedWithArmsCodeAndChangesNothing() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("PUT", SUBNET_PATH, Fault.operationFails("NetworkSecurityGroupNotCompliantForAzureMachineLearning",
                    "the operation failed on the RP"));
            WriteOutcome outcome = arm.gateway.execute(write);
            assertEquals(WriteOutcome.Result.FAILED, outcome.result());
            assertEquals(Optional.of("NetworkSecurityGroupNotCompliantForAzureMachineLearning"), outcome.errorCode());
            assertTrue(outcome.detail().contains("the operation failed on the RP"), outcome.detail());
            assertTrue(outcome.requestId().isPresent());
            assertFalse(nsgAttached(arm));
        }
    }

    @Test
    void anOperationStillRunningAtTheTimeoutIsTransientNeverApplied() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(EmulatedArm.ESTATE);
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2)))) {
                Drifts.detachNsg(emulator);
                PlannedWrite write = Drifts.plannedWrite(arm);
                emulator.faults().add("PUT", SUBNET_PATH, Fault.longOperation(100));
                ArmException e = assertThrows(ArmException.class, () -> arm.gateway.execute(write));
                assertTrue(e.isTransient());
                assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
            }
        }
    }

    /**
     * The answer to an applied PUT arrives after the client gave up: azure-core retries the PUT
     * with the same If-Match, ARM refuses it (412), and the state is the intended one, written once.
     */
    @Test
    void aLostAnswerEndsInTheWrittenStateAndAPreconditionReportNeverADoubleWrite() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(EmulatedArm.ESTATE);
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30)))) {
                Drifts.detachNsg(emulator);
                PlannedWrite write = Drifts.plannedWrite(arm);
                emulator.faults().add("PUT", SUBNET_PATH, Fault.slow(Duration.ofSeconds(3)));
                WriteOutcome outcome = arm.gateway.execute(write);
                assertTrue(outcome.result() == WriteOutcome.Result.PRECONDITION_FAILED || outcome.result() == WriteOutcome.Result.APPLIED,
                        outcome.detail());
                assertTrue(nsgAttached(arm), "the write took effect");
                assertEquals(List.of(200, 412), statuses(arm, "PUT", SUBNET_PATH));

                Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
                ReconcileResult after = reconciler.reconcile(ConfigLoader.load(CONFIG, TODAY), ReconcileRequest.everything(false));
                assertTrue(after.outcomes().isEmpty(), "re-evaluation finds nothing left to do");
                System.out.printf("fault slow response (3 s > 1 s timeout) on a write: %s, PUT statuses %s%n", outcome.result(),
                        statuses(arm, "PUT", SUBNET_PATH));
            }
        }
    }

    @Test
    void aReferenceStillUnavailableAfterRetriesFailsTheReadAsTransient() {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/serviceEndpointPolicies/aml-dlp", Fault.unavailable(0), 20);
            ArmException e = assertThrows(ArmException.class, () -> arm.gateway.read(scopeOf(Set.of(COMPUTE), false)));
            assertTrue(e.isTransient(), "retry later rather than judge the subnet without its SEP");
            assertTrue(e.getMessage().contains("aml-dlp"), e.getMessage());
            assertEquals(1 + arm.settings.maxRetries(), arm.emulator.requests().matching("GET", ".*/aml-dlp").size());
        }
    }

    @Test
    void aSlowReadWithinTheTimeoutIsJustSlow() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/networkSecurityGroups/compute-nsg", Fault.slow(Duration.ofMillis(1500)));
            Estate estate = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            assertTrue(estate.networkSecurityGroup(AzureArmGatewayReadTest.NSG).isPresent());
            assertEquals(1, arm.emulator.requests().matching("GET", ".*/compute-nsg").size());
        }
    }

    @Test
    void aDroppedConnectionOnAReadIsRetried() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/serviceEndpointPolicies/aml-dlp", Fault.dropConnection(), 2);
            Estate estate = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            assertTrue(estate.serviceEndpointPolicy(AzureArmGatewayReadTest.SEP).isPresent());
            assertTrue(estate.readFailures().isEmpty());
        }
    }

    @Test
    void aThrottledListIsRetriedAndTheSubscriptionReadCompletes() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/providers/Microsoft.Network/virtualNetworks", Fault.throttled(1));
            Estate estate = arm.gateway.read(new ReadScope.Subscription(AzureArmGatewayReadTest.SUB, Optional.empty()));
            assertEquals(3, estate.subnets().size());
        }
    }

    /** The token reaches ARM in the Authorization header and nowhere else: not in outcomes, errors, the request log or the console. */
    @Test
    void theTokenAppearsInNoLogMessageOrReport() throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        List<String> texts = new ArrayList<>();
        String token;
        try (PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            System.setErr(capture);
            try (EmulatedArm arm = EmulatedArm.withEstate()) {
                token = arm.emulator.token();
                Drifts.detachNsg(arm.emulator);
                PlannedWrite write = Drifts.plannedWrite(arm);
                arm.emulator.faults().add("PUT", SUBNET_PATH, Fault.badRequest("InvalidRequestFormat", "refused"));
                WriteOutcome refused = arm.gateway.execute(write);
                texts.add(refused.toString());
                arm.emulator.faults().add("GET", SUBNET_PATH, Fault.unavailable(0), 20);
                texts.add(assertThrows(ArmException.class, () -> arm.gateway.read(scopeOf(Set.of(COMPUTE), false))).toString());
                arm.emulator.faults().clear();
                texts.add(arm.gateway.execute(Drifts.plannedWrite(arm)).toString());
                texts.add(arm.emulator.requests().describe());
                texts.add(ArmCredentials.bearerTokenFromEnvironment("T", x -> token).toString());
                IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                        () -> ArmCredentials.bearerTokenFromEnvironment("DLP_GUARD_NO_SUCH_VARIABLE", x -> null));
                texts.add(missing.getMessage());
                assertTrue(arm.emulator.requests().entries().stream().allMatch(RequestLog.Entry::authorized));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        texts.add(console.toString(StandardCharsets.UTF_8));
        for (String text : texts) {
            assertFalse(text.contains(token), "the token leaked into: " + text);
        }
    }

    private static List<Integer> statuses(EmulatedArm arm, String method, String path) {
        return arm.emulator.requests().matching(method, path).stream().map(RequestLog.Entry::status).toList();
    }
}
