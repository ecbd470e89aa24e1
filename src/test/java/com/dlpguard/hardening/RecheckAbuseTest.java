package com.dlpguard.hardening;

import com.dlpguard.functions.TestExecutionContext;
import com.dlpguard.functions.TestHttpRequest;
import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.functions.DlpGuardRecheck;
import com.dlpguard.json.Json;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP re-check abused: a scope outside the configuration is 403, a malformed body 400, an
 * oversize body 413; no answer carries a stack trace or a secret (the caller's function key and
 * bearer token are in the request; the app's webhook secrets in its settings); and it writes only
 * when the body says {@code "dryRun": false} (a JSON boolean) and the app is not in global dry run.
 * The estate is drifted (the alias deleted) throughout, so any write would show.
 */
class RecheckAbuseTest {
    static final String SUBNET = EventMutator.SUBNET;
    static long seed;
    static Figures figures;
    static AlertReceiver receiver;
    private static SuiteRun run;

    @BeforeAll
    static void setUp() {
        run = SuiteRun.start("RecheckAbuseTest", 413L);
        seed = run.seed;
        figures = run.figures;
        receiver = run.receiver;
    }

    @AfterAll
    static void tearDown() {
        run.finish();
    }

    record Answer(int status, String body) {
    }

    static InMemoryArmGateway driftedArm() throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        EventFuzzTest.removeAlias(arm);
        return arm;
    }

    static Rig rig(InMemoryArmGateway arm, boolean globalDryRun) {
        return new Rig(Secrets.environment(receiver.base(), Rig.CONFIG.toString(), globalDryRun), arm,
                new InMemoryGuardStateStore(), new MutableClock(Rig.START)).install();
    }

    static Answer call(String body) {
        figures.payloadsFuzzed.incrementAndGet();
        TestExecutionContext ctx = new TestExecutionContext("DlpGuardRecheck");
        HttpResponseMessage r;
        try {
            r = new DlpGuardRecheck().run(new TestHttpRequest(body), ctx);
        } catch (Throwable t) {
            figures.crash("recheck " + Hardening.shorten(body, 120) + ": " + t);
            return new Answer(-1, "");
        }
        String text = String.valueOf(r.getBody());
        Secrets.scan("recheck answer", text);
        if (text.contains("\tat ") || text.contains("Exception") || text.contains("java.") || text.contains("com.dlpguard.")) {
            figures.crash("recheck answer carries internals: " + Hardening.shorten(text, 300));
        }
        int status = r.getStatus().value();
        if (status != 200) {
            JsonElement parsed = JsonParser.parseString(text);
            if (!parsed.isJsonObject() || !parsed.getAsJsonObject().has("error") || parsed.getAsJsonObject().size() != 1) {
                figures.crash("an error answer is {\"error\": ...}: " + Hardening.shorten(text, 300));
            }
        }
        return new Answer(status, text);
    }

    static String body(String scope, Object dryRun) {
        JsonObject o = new JsonObject();
        o.addProperty("scope", scope);
        if (dryRun instanceof Boolean b) {
            o.addProperty("dryRun", b);
        } else if (dryRun instanceof String s) {
            o.addProperty("dryRun", s);
        } else if (dryRun instanceof Number n) {
            o.addProperty("dryRun", n);
        }
        return Json.compactGson().toJson(o);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ml-network-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute",
            EventMutator.NET + "/virtualNetworks/ml-vnet/subnets/jumpbox",
            EventMutator.BATCH_NSG,
            EventMutator.NET + "/networkSecurityGroups/jumpbox-nsg",
            EventMutator.NET + "/serviceEndpointPolicies/rogue-sep",
            "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11",
            "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg",
            "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore",
            "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/Microsoft.Compute/virtualMachines/compute"})
    void aScopeOutsideTheConfigurationIsForbidden(String scope) throws Exception {
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        Answer a = call(body(scope, false));
        assertEquals(403, a.status(), a.body());
        assertEquals(0, arm.writeCount());
        assertFalse(a.body().contains(scope), "the answer does not echo the scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not json", "[]", "[{\"scope\":\"x\"}]", "\"a string\"", "42", "null", "{}",
            "{\"scope\":null}", "{\"scope\":42}", "{\"scope\":[]}", "{\"scope\":{}}", "{\"scope\":\"\"}",
            "{\"scope\":\"not an id\"}", "{\"scope\":\"/subscriptions/\"}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":\"false\"}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":0}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":null}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":[false]}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":false,\"dryRun\":true}",
            "{\"scope\":\"" + SUBNET + "\",\"scope\":\"" + SUBNET + "\",\"dryRun\":false}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":false,\"apply\":true}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":false,}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":NaN}",
            "{\"scope\":\"" + SUBNET + "\" /* c */}",
            "{'scope':'" + SUBNET + "'}",
            "{\"scope\":\"" + SUBNET + "\"}}",
            "{\"scope\":\"\\ud800\"}",
            "{\"scope\":\"" + EventMutator.NET + "/virtualNetworks/ml-vnet/sub\\u0000nets/compute\"}",
            "{\"scope\":\"" + SUBNET + "\",\"dryRun\":false,\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}"})
    void aMalformedBodyIsABadRequestAndNeverWrites(String body) throws Exception {
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        Answer a = call(body);
        assertEquals(400, a.status(), body + " -> " + a.body());
        assertEquals(0, arm.writeCount());
    }

    @Test
    void aNullBodyIsABadRequest() throws Exception {
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        assertEquals(400, call(null).status());
        assertEquals(0, arm.writeCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {16 * 1024 + 1, 64 * 1024, 1 << 20, 8 << 20})
    void anOversizeBodyIs413(int size) throws Exception {
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        String valid = body(SUBNET, false);
        String padded = valid.substring(0, valid.length() - 1) + ",\"pad\":\"" + "x".repeat(size) + "\"}";
        Answer a = call(padded);
        assertEquals(413, a.status(), a.body());
        assertEquals(0, arm.writeCount());
        assertTrue(a.body().length() < 200, "a short answer");
    }

    @Test
    void multiByteCharactersCountAsBytes() throws Exception {
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        // 6,000 characters, 18,000 bytes in UTF-8.
        String padded = "{\"scope\":\"" + SUBNET + "\",\"dryRun\":false,\"pad\":\"" + "€".repeat(6_000) + "\"}";
        assertTrue(padded.length() < 16 * 1024 && padded.getBytes(StandardCharsets.UTF_8).length > 16 * 1024);
        assertEquals(413, call(padded).status());
        assertEquals(0, arm.writeCount());
    }

    @Test
    void onlyAnExplicitFalseWritesAndOnlyOutsideGlobalDryRun() throws Exception {
        for (Object dryRun : new Object[] {null, true}) {
            InMemoryArmGateway arm = driftedArm();
            rig(arm, false);
            Answer a = call(body(SUBNET, dryRun));
            assertEquals(200, a.status(), a.body());
            assertEquals(0, arm.writeCount(), "dryRun " + dryRun + " plans only");
            JsonObject report = JsonParser.parseString(a.body()).getAsJsonObject();
            assertTrue(report.get("dryRun").getAsBoolean());
            assertFalse(report.getAsJsonArray("plan").isEmpty(), "the fix is planned and shown");
        }
        InMemoryArmGateway globallyDry = driftedArm();
        rig(globallyDry, true);
        Answer a = call(body(SUBNET, false));
        assertEquals(200, a.status());
        assertEquals(0, globallyDry.writeCount(), "the app's global dry run wins over the body");
        assertTrue(JsonParser.parseString(a.body()).getAsJsonObject().get("dryRun").getAsBoolean());

        InMemoryArmGateway live = driftedArm();
        rig(live, false);
        Answer written = call(body(SUBNET.toUpperCase(java.util.Locale.ROOT).replace("SUBSCRIPTIONS", "subscriptions") + "/", false));
        assertEquals(200, written.status(), written.body());
        assertEquals(1, live.writeCount(), "dryRun false on a configured subnet (any casing, trailing slash) fixes it");
        figures.writesMade.incrementAndGet();
        assertTrue(EventFuzzTest.listsAlias(live));
    }

    /** Random damage to valid bodies: only 200, 400, 403 or 413, and writes only for an explicit false. */
    @Test
    void mutatedBodiesNeverCrashNorWriteUnasked() throws Exception {
        int n = Hardening.scale(2_000, 20_000);
        Random rnd = new Random(seed);
        TreeMutator tree = new TreeMutator(rnd);
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        InMemoryArmGateway arm = driftedArm();
        rig(arm, false);
        for (int i = 0; i < n; i++) {
            JsonObject o = JsonParser.parseString(body(rnd.nextBoolean() ? SUBNET : EventMutator.SEP, rnd.nextBoolean())).getAsJsonObject();
            for (int k = 1 + rnd.nextInt(2); k > 0; k--) {
                tree.mutate(o);
            }
            String text = Json.compactGson().toJson(o);
            if (rnd.nextInt(10) == 0) {
                text = text.substring(0, rnd.nextInt(text.length() + 1));
            }
            int before = arm.writeCount();
            Answer a = call(text);
            statuses.merge(a.status(), 1, Integer::sum);
            boolean explicitFalse = o.has("dryRun") && o.get("dryRun").isJsonPrimitive()
                    && o.get("dryRun").getAsJsonPrimitive().isBoolean() && !o.get("dryRun").getAsBoolean();
            int written = arm.writeCount() - before;
            figures.writesMade.addAndGet(written);
            if (written > 0 && !explicitFalse) {
                figures.badWrite("re-check wrote without an explicit dryRun false: " + Hardening.shorten(text, 200));
            }
            if (a.status() != 200 && a.status() != 400 && a.status() != 403 && a.status() != 413) {
                problems.add(a.status() + " for " + Hardening.shorten(text, 200) + ": " + Hardening.shorten(a.body(), 200));
            }
            if (written > 0) {
                EventFuzzTest.removeAlias(arm); // drift again for the next body
            }
        }
        System.out.println("[hardening] RecheckAbuseTest: " + n + " mutated bodies, statuses " + statuses);
        assertTrue(problems.isEmpty(), String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
    }
}
