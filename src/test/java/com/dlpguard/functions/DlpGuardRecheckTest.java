package com.dlpguard.functions;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP re-check called as the worker calls it. It answers the JSON report for a scope inside
 * the configuration, refuses anything else with a short JSON error (never a stack trace, never
 * an echoed secret), and writes only when the caller said {@code "dryRun": false} and the app is
 * not in global dry-run.
 */
class DlpGuardRecheckTest {
    static final String SUB = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String NET = DlpGuardEventGridTest.NET;
    static final String SUBNET = NET + "/virtualNetworks/ml-vnet/subnets/compute";
    static final String SECRET = "Zm9vYmFyLWZ1bmN0aW9uLWtleS1kby1ub3QtZWNobw==";

    final DlpGuardRecheck function = new DlpGuardRecheck();

    static String body(String scope, Boolean dryRun) {
        JsonObject o = new JsonObject();
        o.addProperty("scope", scope);
        if (dryRun != null) {
            o.addProperty("dryRun", dryRun);
        }
        return o.toString();
    }

    HttpResponseMessage post(String body) {
        return function.run(new TestHttpRequest(body), new TestExecutionContext("DlpGuardRecheck"));
    }

    static JsonObject json(HttpResponseMessage response) {
        return JsonParser.parseString((String) response.getBody()).getAsJsonObject();
    }

    /** An error answer: the status, JSON with one short "error" line, no stack trace, no secret. */
    static String assertError(HttpResponseMessage response, HttpStatus status) {
        assertEquals(status, response.getStatus(), String.valueOf(response.getBody()));
        assertEquals("application/json", response.getHeader("Content-Type"));
        String raw = (String) response.getBody();
        JsonObject o = JsonParser.parseString(raw).getAsJsonObject();
        assertEquals(Set.of("error"), o.keySet(), raw);
        String error = o.get("error").getAsString();
        assertFalse(error.isBlank());
        assertFalse(raw.contains("\tat ") || raw.contains("Exception") || raw.contains("com.dlpguard"), raw);
        assertFalse(raw.contains(SECRET), "a secret sent in the request is not echoed: " + raw);
        assertTrue(error.length() < 400, "one short line: " + error);
        return error;
    }

    // ---- 403 -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {
            NET + "/virtualNetworks/ml-vnet/subnets/other",                                   // an unprotected subnet
            NET + "/virtualNetworks/other-vnet",                                              // a VNet holding no protected subnet
            NET + "/networkSecurityGroups/other-nsg",                                         // an NSG no protected subnet uses
            NET + "/serviceEndpointPolicies/other-sep/serviceEndpointPolicyDefinitions/d",     // a child of an unrelated SEP
            SUB + "/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore", // not a network scope
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute",
            SUB + "/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/someone-elses",
            SUB + "/resourceGroups/ml-network-rg",                                            // wider than any workspace
            SUB})
    void aScopeOutsideTheConfigurationIsForbidden(String scope) throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        String error = assertError(post(body(scope, false)), HttpStatus.FORBIDDEN);
        assertTrue(error.contains("not within a configured workspace"), error);
        assertEquals(0, h.arm.writeCount());
    }

    static final List<String> OUT_OF_SCOPE = List.of(
            NET + "/virtualNetworks/ml-vnet/subnets/other",
            NET + "/virtualNetworks/other-vnet",
            NET + "/networkSecurityGroups/other-nsg",
            NET + "/networkSecurityGroups/other-nsg/securityRules/r",
            NET + "/serviceEndpointPolicies/other-sep/serviceEndpointPolicyDefinitions/d",
            NET + "/routeTables/other-rt",
            SUB + "/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Network/networkSecurityGroups/n",
            SUB + "/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/someone-elses",
            SUB + "/resourceGroups/ml-network-rg",
            SUB);

    @Test
    void anOutOfScopeRecheckIsRefusedWithoutAnyArmReadOnAWarmInstance() throws Exception {
        // A function-key holder must not be able to spend the guard's ARM read budget.
        GuardHarness h = new GuardHarness("drifted", false).install();
        h.guard.warmUp();
        int reads = h.arm.readCount();
        for (int round = 0; round < 10; round++) {
            for (String scope : OUT_OF_SCOPE) {
                assertError(post(body(scope, false)), HttpStatus.FORBIDDEN);
            }
        }
        assertEquals(reads, h.arm.readCount(), "110 refused re-checks, not one ARM read");
    }

    @Test
    void aColdInstanceReadsAtMostOnceForAllOutOfScopeRechecks() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        for (String scope : OUT_OF_SCOPE) {
            if (!scope.contains("Microsoft.Network/networkSecurityGroups") && !scope.contains("serviceEndpointPolicies")
                    && !scope.contains("routeTables")) {
                assertError(post(body(scope, false)), HttpStatus.FORBIDDEN);
            }
        }
        assertEquals(0, h.arm.readCount(), "a scope no protected subnet could reference is refused without a read");
        assertError(post(body(NET + "/networkSecurityGroups/other-nsg", false)), HttpStatus.FORBIDDEN);
        int warmUp = h.arm.readCount();
        for (int i = 0; i < 50; i++) {
            assertError(post(body(NET + "/networkSecurityGroups/other-nsg-" + i, false)), HttpStatus.FORBIDDEN);
        }
        assertEquals(warmUp, h.arm.readCount(), "one warm-up per instance, whatever is asked after it");
    }

    // ---- 400 / 413 -------------------------------------------------------------------------

    static Stream<String> badBodies() {
        return Stream.of(
                "",                                                        // no body
                "{not json",                                               // malformed
                "{\"scope\": \"" + SUBNET + "\",}",                        // trailing comma (strict)
                "{\"scope\": \"" + SUBNET + "\", \"scope\": \"" + NET + "/networkSecurityGroups/x\"}", // duplicate key
                "[\"" + SUBNET + "\"]",                                    // not an object
                "\"" + SUBNET + "\"",
                "{}",                                                      // no scope
                "{\"scope\": 42}",                                         // wrong types
                "{\"scope\": null}",
                "{\"scope\": [\"" + SUBNET + "\"]}",
                "{\"scope\": \"" + SUBNET + "\", \"dryRun\": \"false\"}",
                "{\"scope\": \"" + SUBNET + "\", \"dryRun\": 0}",
                "{\"scope\": \"" + SUBNET + "\", \"dryRun\": null}",
                "{\"scope\": \"" + SUBNET + "\", \"dryrun\": false}",      // unknown key (case matters)
                "{\"scope\": \"" + SUBNET + "\", \"code\": \"" + SECRET + "\"}", // unknown key carrying a secret
                "{\"scope\": \"compute\"}",                                // not an ARM id
                "{\"scope\": \"https://management.azure.com" + SUBNET + "\"}");
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aMalformedRequestIsBadRequest(String body) throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        assertError(post(body), HttpStatus.BAD_REQUEST);
        assertEquals(0, h.arm.writeCount());
        assertEquals(0, h.arm.readCount(), "a bad request costs no ARM read");
    }

    @Test
    void anOversizeBodyIsPayloadTooLarge() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        String padding = "x".repeat(DlpGuardRecheck.MAX_BODY_BYTES);
        assertError(post("{\"scope\": \"" + SUBNET + "\", \"pad\": \"" + padding + "\"}"), HttpStatus.PAYLOAD_TOO_LARGE);
        // Multi-byte characters count as bytes, not chars.
        String wide = "é".repeat(DlpGuardRecheck.MAX_BODY_BYTES / 2 + 1);
        assertError(post(body(SUBNET + wide, false)), HttpStatus.PAYLOAD_TOO_LARGE);
        assertEquals(0, h.arm.writeCount());
    }

    // ---- failures ----------------------------------------------------------------------------

    static GuardHarness withFailingArm(RuntimeException unexpected, ArmException arm) throws Exception {
        InMemoryArmGateway memory = InMemoryArmGateway.fromSnapshot(GuardHarness.EXAMPLES.resolve("drifted"));
        ArmGateway failing = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                if (unexpected != null) {
                    throw unexpected;
                }
                throw arm;
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                return memory.execute(write);
            }
        };
        return new GuardHarness(memory, failing, false, new InMemoryGuardStateStore()).install();
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithoutDetail() throws Exception {
        withFailingArm(new IllegalStateException("token " + SECRET + " rejected"), null);
        String error = assertError(post(body(SUBNET, true)), HttpStatus.INTERNAL_SERVER_ERROR);
        assertEquals("internal error", error);
    }

    @Test
    void aTransientArmFailureIsServiceUnavailable() throws Exception {
        withFailingArm(null, new ArmException("ARM answered 503 ServerBusy after retries", true, null));
        String error = assertError(post(body(SUBNET, true)), HttpStatus.SERVICE_UNAVAILABLE);
        assertTrue(error.contains("ServerBusy"), error);
    }

    @Test
    void aTerminalArmFailureIsBadGateway() throws Exception {
        withFailingArm(null, new ArmException("AuthorizationFailed on the subnet", false, null));
        assertError(post(body(SUBNET, true)), HttpStatus.BAD_GATEWAY);
    }

    // ---- the report, and when it writes --------------------------------------------------------

    @Test
    void aValidRecheckAnswersTheJsonReport() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        HttpResponseMessage response = post(body(SUBNET, true));
        assertEquals(HttpStatus.OK, response.getStatus(), String.valueOf(response.getBody()));
        assertEquals("application/json", response.getHeader("Content-Type"));
        JsonObject report = json(response);
        assertTrue(report.get("dryRun").getAsBoolean());
        assertEquals(SUBNET, report.get("scope").getAsString());
        JsonArray findings = report.getAsJsonArray("findings");
        assertEquals(14, findings.size());
        for (JsonElement e : findings) {
            for (String field : List.of("ruleId", "status", "severity", "resourceId", "message", "remediation")) {
                assertTrue(e.getAsJsonObject().has(field), field + " in " + e);
            }
        }
        assertEquals(4, report.getAsJsonArray("plan").size());
        JsonArray outcomes = report.getAsJsonArray("outcomes");
        assertEquals(4, outcomes.size());
        assertTrue(outcomes.asList().stream().allMatch(o -> o.getAsJsonObject().get("result").getAsString().equals("dry-run")));
        assertEquals(0, h.arm.writeCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/SUBSCRIPTIONS/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourcegroups/ML-NETWORK-RG/providers/microsoft.network/virtualnetworks/ml-vnet/subnets/compute",
            NET + "/virtualNetworks/ml-vnet",
            NET + "/serviceEndpointPolicies/aml-dlp",
            NET + "/serviceEndpointPolicies/aml-dlp/serviceEndpointPolicyDefinitions/storage-allow",
            NET + "/networkSecurityGroups/compute-nsg/securityRules/allow-batch-inbound",
            SUB + "/resourceGroups/ml-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml"})
    void everyScopeOfTheConfiguredWorkspaceRechecksItsSubnet(String scope) throws Exception {
        new GuardHarness("drifted", false).install();
        HttpResponseMessage response = post(body(scope, true));
        assertEquals(HttpStatus.OK, response.getStatus(), String.valueOf(response.getBody()));
        assertTrue(json(response).getAsJsonArray("findings").asList().stream()
                .anyMatch(f -> f.getAsJsonObject().get("ruleId").getAsString().equals("DLP005")
                        && f.getAsJsonObject().get("status").getAsString().equals("violation")));
    }

    @Test
    void withoutDryRunInTheBodyNothingIsWritten() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        HttpResponseMessage response = post(body(SUBNET, null));
        assertEquals(HttpStatus.OK, response.getStatus());
        assertTrue(json(response).get("dryRun").getAsBoolean());
        assertEquals(0, h.arm.writeCount());
    }

    @Test
    void dryRunTrueWritesNothing() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        post(body(SUBNET, true));
        assertEquals(0, h.arm.writeCount());
    }

    @Test
    void globalDryRunWinsOverTheCaller() throws Exception {
        GuardHarness h = new GuardHarness("drifted", true).install();
        HttpResponseMessage response = post(body(SUBNET, false));
        assertEquals(HttpStatus.OK, response.getStatus());
        assertTrue(json(response).get("dryRun").getAsBoolean(), "the answer says what really happened");
        assertEquals(0, h.arm.writeCount());
    }

    @Test
    void dryRunFalseWithGlobalDryRunOffRollsBackAndTheNextRecheckIsClean() throws Exception {
        GuardHarness h = new GuardHarness("drifted", false).install();
        HttpResponseMessage response = post(body(SUBNET, false));
        assertEquals(HttpStatus.OK, response.getStatus(), String.valueOf(response.getBody()));
        JsonObject report = json(response);
        assertFalse(report.get("dryRun").getAsBoolean());
        assertTrue(report.getAsJsonArray("outcomes").asList().stream()
                .allMatch(o -> o.getAsJsonObject().get("result").getAsString().equals("applied")), report.toString());
        int writes = h.arm.writeCount();
        assertEquals(4, writes);

        JsonObject again = json(post(body(SUBNET, false)));
        assertEquals(writes, h.arm.writeCount(), "nothing left to roll back");
        List<String> stillViolated = again.getAsJsonArray("findings").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(f -> f.get("status").getAsString().equals("violation")).map(f -> f.get("ruleId").getAsString()).toList();
        assertEquals(List.of("DLP010"), stillViolated, "only the alert-only egress finding remains");
    }

    @Test
    void aRogueSecondPolicyOnTheProtectedSubnetIsInScopeEvenOnAColdInstance() throws Exception {
        GuardHarness h = new GuardHarness("compliant", false);
        ResourceId rogue = ResourceId.parse(NET + "/serviceEndpointPolicies/rogue-sep");
        h.arm.putExternally(JsonParser.parseString("""
                {"id": "%s", "name": "rogue-sep", "type": "Microsoft.Network/serviceEndpointPolicies", "location": "westeurope",
                 "properties": {"serviceEndpointPolicyDefinitions": [{"name": "all", "properties": {"service": "Microsoft.Storage",
                   "serviceResources": ["%s"]}}]}}""".formatted(rogue, DlpGuardEventGridTest.EVIL)).getAsJsonObject());
        ResourceId subnet = ResourceId.parse(SUBNET);
        JsonObject s = h.arm.resource(subnet).orElseThrow();
        JsonObject ref = new JsonObject();
        ref.addProperty("id", rogue.toString());
        s.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicies").add(ref);
        h.arm.putExternally(s);
        h.install();

        HttpResponseMessage response = post(body(rogue.toString(), true));
        assertEquals(HttpStatus.OK, response.getStatus(), String.valueOf(response.getBody()));
        assertTrue(json(response).getAsJsonArray("findings").asList().stream()
                .anyMatch(f -> f.getAsJsonObject().get("ruleId").getAsString().equals("DLP005")
                        && f.getAsJsonObject().get("status").getAsString().equals("violation")
                        && f.getAsJsonObject().get("resourceId").getAsString().endsWith("/rogue-sep")), String.valueOf(response.getBody()));
    }
}
