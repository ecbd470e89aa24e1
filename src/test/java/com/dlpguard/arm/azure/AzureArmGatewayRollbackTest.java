package com.dlpguard.arm.azure;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CLOCK;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CONFIG;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.NET;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every rollback kind of the rule book, end to end: drift the emulator's estate as a person or a
 * pipeline would, run the reconcile path over the real gateway, and show that the violation is
 * gone, every write was a conditional child write, every resource other than the restored property
 * is as it was, and a second run writes nothing.
 */
class AzureArmGatewayRollbackTest {
    static final String VNET = NET + "/virtualNetworks/ml-vnet";
    static final String COMPUTE = VNET + "/subnets/compute";
    static final String NSG = NET + "/networkSecurityGroups/compute-nsg";
    static final String SEP = NET + "/serviceEndpointPolicies/aml-dlp";
    static final String FIREWALL_ROUTES = NET + "/routeTables/fw-rt";
    static final String DEFAULT_STORAGE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Storage/storageAccounts/contosomlstore";
    static final String ATTACKER = "/subscriptions/99999999-0000-0000-0000-000000000000/resourceGroups/x/providers/Microsoft.Storage/storageAccounts/exfil";

    static GuardConfig config;

    @BeforeAll
    static void loadConfig() throws Exception {
        config = ConfigLoader.load(CONFIG, TODAY);
    }

    /** How the state after the rollback must relate to the state before the drift (both normalized). */
    interface Expectation {
        void check(Map<String, JsonObject> before, Map<String, JsonObject> after);
    }

    static final Expectation RESTORED_EXACTLY = (before, after) -> assertEquals(before, after);

    static Stream<Arguments> drifts() {
        return Stream.of(
                Arguments.of("DLP011 NSG detached from the subnet", Set.of("DLP011"),
                        (Consumer<ArmEmulator>) e -> e.edit(COMPUTE, s -> props(s).remove("networkSecurityGroup")),
                        RESTORED_EXACTLY),
                Arguments.of("DLP001+DLP002 storage endpoint and SEP removed: one subnet PUT", Set.of("DLP001", "DLP002"),
                        (Consumer<ArmEmulator>) e -> e.edit(COMPUTE, s -> {
                            props(s).add("serviceEndpoints", new JsonArray());
                            props(s).remove("serviceEndpointPolicies");
                        }),
                        RESTORED_EXACTLY),
                Arguments.of("DLP005 rogue account added to the SEP definition", Set.of("DLP005"),
                        (Consumer<ArmEmulator>) e -> e.edit(SEP, p -> definition(p, "approved-storage")
                                .getAsJsonArray("serviceResources").add(ATTACKER)),
                        RESTORED_EXACTLY),
                Arguments.of("DLP004 default storage account removed from the SEP definition", Set.of("DLP004"),
                        (Consumer<ArmEmulator>) e -> e.edit(SEP, p -> definition(p, "approved-storage")
                                .add("serviceResources", new JsonArray())),
                        RESTORED_EXACTLY),
                Arguments.of("DLP009 Batch inbound rule re-added", Set.of("DLP009"),
                        (Consumer<ArmEmulator>) e -> e.edit(NSG, n -> props(n).getAsJsonArray("securityRules").add(JsonParser.parseString(
                                "{\"name\":\"allow-batch-inbound\",\"properties\":{\"protocol\":\"*\",\"sourcePortRange\":\"*\","
                                        + "\"destinationPortRange\":\"29876-29877\",\"sourceAddressPrefix\":\"BatchNodeManagement\","
                                        + "\"destinationAddressPrefix\":\"*\",\"access\":\"Allow\",\"priority\":140,\"direction\":\"Inbound\"}}"))),
                        RESTORED_EXACTLY),
                Arguments.of("DLP012 firewall bypass route deleted", Set.of("DLP012"),
                        (Consumer<ArmEmulator>) e -> e.edit(FIREWALL_ROUTES, t -> removeChild(props(t).getAsJsonArray("routes"), "dlp-guard-azureml")),
                        RESTORED_EXACTLY),
                Arguments.of("DLP005 rogue account in a new definition: the definition is deleted (If-Match)", Set.of("DLP005"),
                        (Consumer<ArmEmulator>) e -> e.edit(SEP, p -> props(p).getAsJsonArray("serviceEndpointPolicyDefinitions")
                                .add(JsonParser.parseString("{\"name\":\"more-storage\",\"properties\":{\"service\":"
                                        + "\"Microsoft.Storage\",\"serviceResources\":[\"" + ATTACKER + "\"]}}"))),
                        RESTORED_EXACTLY),
                Arguments.of("DLP014 NSG case: a default route to an appliance is deleted (If-Match)", Set.of("DLP014"),
                        (Consumer<ArmEmulator>) e -> e.edit(NET + "/routeTables/compute-rt", t -> props(t).getAsJsonArray("routes")
                                .add(JsonParser.parseString("{\"name\":\"to-appliance\",\"properties\":{\"addressPrefix\":"
                                        + "\"0.0.0.0/0\",\"nextHopType\":\"VirtualAppliance\",\"nextHopIpAddress\":\"10.9.9.9\"}}"))),
                        RESTORED_EXACTLY),
                Arguments.of("DLP014 firewall case: the default route turned to another appliance is put back", Set.of("DLP014"),
                        (Consumer<ArmEmulator>) e -> e.edit(FIREWALL_ROUTES, t -> {
                            for (var route : props(t).getAsJsonArray("routes")) {
                                if (route.getAsJsonObject().get("name").getAsString().equals("default-to-firewall")) {
                                    props(route.getAsJsonObject()).addProperty("nextHopIpAddress", "10.9.9.9");
                                }
                            }
                        }),
                        RESTORED_EXACTLY),
                Arguments.of("DLP003 ML alias definition deleted", Set.of("DLP003"),
                        (Consumer<ArmEmulator>) e -> e.edit(SEP, p -> removeChild(props(p).getAsJsonArray("serviceEndpointPolicyDefinitions"), "ml-alias")),
                        (Expectation) (before, after) -> {
                            assertEquals(without(before, SEP), without(after, SEP));
                            JsonObject restored = onlyNewChild(before.get(SEP), after.get(SEP), "serviceEndpointPolicyDefinitions");
                            assertEquals("Global", props(restored).get("service").getAsString());
                            assertEquals(JsonParser.parseString("[\"/services/Azure/MachineLearning\"]"), props(restored).get("serviceResources"));
                        }),
                Arguments.of("DLP007 storage outbound allow rule deleted", Set.of("DLP007"),
                        (Consumer<ArmEmulator>) e -> e.edit(NSG, n -> removeChild(props(n).getAsJsonArray("securityRules"), "allow-storage-outbound")),
                        (Expectation) (before, after) -> {
                            assertEquals(without(before, NSG), without(after, NSG));
                            JsonObject rule = onlyNewChild(before.get(NSG), after.get(NSG), "securityRules");
                            assertTrue(rule.get("name").getAsString().startsWith("dlp-guard-dlp007"), rule.toString());
                            JsonObject p = props(rule);
                            assertEquals("Storage.westeurope", p.get("destinationAddressPrefix").getAsString());
                            assertEquals("443", p.get("destinationPortRange").getAsString());
                            assertEquals("Allow", p.get("access").getAsString());
                            assertEquals("Outbound", p.get("direction").getAsString());
                            assertTrue(p.get("priority").getAsInt() < 3900, "precedes the deny-storage-outbound blocker");
                            assertTrue(p.get("description").getAsString().contains("DLP Guard"));
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("drifts")
    void aDriftIsRolledBackWithConditionalChildWritesOnly(String name, Set<String> rules, Consumer<ArmEmulator> drift,
                                                          Expectation expectation) throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
            Set<String> baseline = violations(reconciler.reconcile(config, ReconcileRequest.everything(true)).found().assessments());
            Map<String, JsonObject> before = normalized(arm.emulator);

            drift.accept(arm.emulator);
            arm.emulator.requests().clear();
            long start = System.nanoTime();
            ReconcileResult result = reconciler.reconcile(config, ReconcileRequest.everything(false));
            long millis = (System.nanoTime() - start) / 1_000_000;

            Set<String> found = violations(result.found().assessments());
            for (String rule : rules) {
                assertTrue(found.stream().anyMatch(v -> v.startsWith(rule + " ")), rule + " found in " + found);
            }
            assertFalse(result.outcomes().isEmpty());
            for (WriteOutcome outcome : result.outcomes()) {
                assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
                assertTrue(outcome.requestId().isPresent(), "ARM's request id is reported");
            }
            assertEquals(baseline, violations(result.verified().assessments()), "the verified state is back to the baseline");
            assertTrue(result.verified().assessments().stream().noneMatch(a -> a.isViolation() && a.mode() == Mode.ROLLBACK));

            List<RequestLog.Entry> writes = arm.emulator.requests().entries().stream().filter(RequestLog.Entry::isWrite).toList();
            for (RequestLog.Entry write : writes) {
                assertTrue(write.path().split("/").length == 11, "a child write, never a whole VNet/NSG/SEP: " + write);
                assertTrue(write.ifMatch() || write.ifNoneMatch(), "conditional: " + write);
            }
            expectation.check(before, normalized(arm.emulator));
            RequestLog log = arm.emulator.requests();
            String calls = String.format("GET resource=%d list=%d operation-poll=%d, PUT/DELETE=%d", log.resourceGets(),
                    log.listGets(), log.count(e -> e.kind() == RequestLog.Kind.OPERATION), log.writes());

            arm.emulator.requests().clear();
            ReconcileResult again = reconciler.reconcile(config, ReconcileRequest.everything(false));
            assertTrue(again.outcomes().isEmpty(), "a second run writes nothing");
            assertEquals(0, arm.emulator.requests().writes());
            System.out.printf("rollback %-66s rounds=%d %s wall=%d ms%n", name, result.rounds(), calls, millis);
        }
    }

    /** The repository's drifted example (several drifts at once) ends with no violation of a rollback-mode rule. */
    @Test
    void theDriftedExampleIsRepairedAndStaysRepaired() throws Exception {
        GuardConfig exampleConfig = ConfigLoader.load(Path.of("examples/dlp-guard.json"), TODAY);
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(Path.of("examples/drifted"));
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
                long start = System.nanoTime();
                ReconcileResult result = reconciler.reconcile(exampleConfig, ReconcileRequest.everything(false));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(result.found().assessments().stream().anyMatch(a -> a.isViolation() && a.mode() == Mode.ROLLBACK));
                result.outcomes().forEach(o -> assertEquals(WriteOutcome.Result.APPLIED, o.result(), o.detail()));
                assertTrue(result.verified().assessments().stream().noneMatch(a -> a.isViolation() && a.mode() == Mode.ROLLBACK),
                        () -> violations(result.verified().assessments()).toString());
                ReconcileResult again = reconciler.reconcile(exampleConfig, ReconcileRequest.everything(false));
                assertTrue(again.outcomes().isEmpty());
                System.out.printf("rollback examples/drifted: writes=%d rounds=%d ARM calls=%d wall=%d ms%n", result.outcomes().size(),
                        result.rounds(), emulator.requests().entries().size(), millis);
            }
        }
    }

    static Set<String> violations(List<Assessment> assessments) {
        return assessments.stream().filter(Assessment::isViolation)
                .map(a -> a.finding().ruleId() + " " + a.finding().resourceId().key())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * The whole emulator state without what ARM recomputes on every write (etags, provisioning
     * states) and without what carries no meaning: member order, and the order of inline children
     * (a re-created route is listed last). Other arrays keep their order.
     */
    static Map<String, JsonObject> normalized(ArmEmulator emulator) {
        Map<String, JsonObject> out = new TreeMap<>();
        emulator.topLevelResources().forEach((id, json) -> out.put(id, (JsonObject) canonical(json)));
        return out;
    }

    private static JsonElement canonical(JsonElement e) {
        if (e.isJsonObject()) {
            JsonObject copy = new JsonObject();
            new TreeMap<>(e.getAsJsonObject().asMap()).forEach((key, value) -> {
                if (!key.equals("etag") && !key.equals("provisioningState")) {
                    copy.add(key, canonical(value));
                }
            });
            return copy;
        }
        if (e.isJsonArray()) {
            List<JsonElement> items = e.getAsJsonArray().asList().stream().map(AzureArmGatewayRollbackTest::canonical).toList();
            boolean children = !items.isEmpty() && items.stream().allMatch(x -> x.isJsonObject() && x.getAsJsonObject().has("id"));
            JsonArray copy = new JsonArray();
            (children ? items.stream().sorted(java.util.Comparator.comparing(x -> x.getAsJsonObject().get("id").getAsString()))
                    : items.stream()).forEach(copy::add);
            return copy;
        }
        return e;
    }

    static JsonObject props(JsonObject resource) {
        return resource.getAsJsonObject("properties");
    }

    static JsonObject definition(JsonObject policy, String name) {
        for (JsonElement d : props(policy).getAsJsonArray("serviceEndpointPolicyDefinitions")) {
            if (d.getAsJsonObject().get("name").getAsString().equals(name)) {
                return props(d.getAsJsonObject());
            }
        }
        throw new IllegalArgumentException("no definition " + name);
    }

    static void removeChild(JsonArray children, String name) {
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).getAsJsonObject().get("name").getAsString().equals(name)) {
                children.remove(i);
                return;
            }
        }
        throw new IllegalArgumentException("no child " + name);
    }

    static Map<String, JsonObject> without(Map<String, JsonObject> all, String id) {
        Map<String, JsonObject> copy = new LinkedHashMap<>(all);
        copy.remove(id);
        return copy;
    }

    /** The one child of {@code after} not in {@code before} (by name), after checking the other children are unchanged but for the one removed by the drift. */
    static JsonObject onlyNewChild(JsonObject before, JsonObject after, String collection) {
        Set<String> beforeNames = names(props(before).getAsJsonArray(collection));
        List<JsonObject> added = children(after, collection, c -> !beforeNames.contains(c.get("name").getAsString()));
        Set<String> afterNames = names(props(after).getAsJsonArray(collection));
        assertEquals(beforeNames.size(), afterNames.size(), "as many " + collection + " as before the drift");
        List<JsonObject> kept = children(before, collection, c -> afterNames.contains(c.get("name").getAsString()));
        List<JsonObject> keptAfter = children(after, collection, c -> beforeNames.contains(c.get("name").getAsString()));
        assertEquals(kept, keptAfter, "the other " + collection + " are unchanged");
        assertEquals(beforeNames.size() - 1, kept.size(), "exactly the drifted one is missing");
        JsonObject b = before.deepCopy();
        JsonObject a = after.deepCopy();
        props(b).remove(collection);
        props(a).remove(collection);
        assertEquals(b, a, "the parent's own properties are unchanged");
        assertEquals(1, added.size(), "one restored " + collection + ": " + added);
        return added.get(0);
    }

    private static Set<String> names(JsonArray array) {
        Set<String> names = new TreeSet<>();
        array.forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static List<JsonObject> children(JsonObject parent, String collection, Predicate<JsonObject> keep) {
        return props(parent).getAsJsonArray(collection).asList().stream().map(JsonElement::getAsJsonObject).filter(keep).toList();
    }
}
