package com.dlpguard.hardening;

import com.dlpguard.functions.TestExecutionContext;
import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.functions.DlpGuardSweep;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chaos suite against the real thing: the live {@link AzureArmGateway} (azure-resourcemanager,
 * azure-core's pipeline and retry policy, the JDK HTTP client) over HTTPS to the ARM emulator,
 * whose fault queue answers 429 with Retry-After, 5xx, drops connections, answers slowly, ends
 * long-running operations Failed and lets a concurrent edit land just before a write (412). People
 * edit the emulator out of band meanwhile; Event Grid delivers late, twice or never. The bearer
 * token the emulator demands is one of the suites' secrets: no log may show it.
 */
class EmulatorChaosTest {
    static final String FAMILIES = "(?i)/subscriptions/[^/]+/resourceGroups/ml-network-rg/providers/Microsoft.Network/"
            + "(virtualNetworks/ml-vnet|serviceEndpointPolicies/aml-dlp|networkSecurityGroups/compute-nsg)(/.*)?";
    static long seed;
    static Figures figures;
    static AlertReceiver receiver;
    private static SuiteRun run;

    @BeforeAll
    static void setUp() {
        run = SuiteRun.start("EmulatorChaosTest", 2026L);
        seed = run.seed;
        figures = run.figures;
        receiver = run.receiver;
    }

    @AfterAll
    static void tearDown() {
        run.finish();
    }

    /** A drift landing just before a write (the emulator applies it to the resource's GET view). */
    static Consumer<JsonObject> driftOf(ResourceId family) {
        if (family.equals(Humans.SEP)) {
            return view -> {
                JsonArray kept = new JsonArray();
                for (JsonElement d : view.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")) {
                    if (!d.toString().contains("/services/Azure/MachineLearning")) {
                        kept.add(d);
                    }
                }
                view.getAsJsonObject("properties").add("serviceEndpointPolicyDefinitions", kept);
            };
        }
        if (family.equals(Humans.NSG)) {
            return view -> view.getAsJsonObject("properties").getAsJsonArray("securityRules").add(JsonParser.parseString("""
                    {"name":"racing-batch-inbound","properties":{"protocol":"Tcp","sourcePortRange":"*",
                     "destinationPortRange":"29876-29877","sourceAddressPrefix":"BatchNodeManagement",
                     "destinationAddressPrefix":"*","access":"Allow","priority":299,"direction":"Inbound"}}"""));
        }
        return view -> {
            for (JsonElement s : view.getAsJsonObject("properties").getAsJsonArray("subnets")) {
                if (s.getAsJsonObject().get("name").getAsString().equals("compute")) {
                    s.getAsJsonObject().getAsJsonObject("properties").remove("serviceEndpointPolicies");
                }
            }
        };
    }

    static void queueFault(ArmEmulator emulator, Random rnd, Humans humans, EventGridSim grid) {
        boolean write = rnd.nextInt(3) == 0;
        String method = write ? (rnd.nextInt(4) == 0 ? "DELETE" : "PUT") : "GET";
        Fault fault = switch (rnd.nextInt(write ? 8 : 6)) {
            case 0 -> Fault.throttled(rnd.nextInt(10) == 0 ? 1 : 0);
            case 1 -> Fault.anotherOperation(0);
            case 2 -> Fault.serverError();
            case 3 -> Fault.unavailable(0);
            case 4 -> Fault.dropConnection();
            case 5 -> Fault.slow(Duration.ofMillis(50 + rnd.nextInt(150)));
            case 6 -> Fault.operationFails("InternalServerError", "The operation failed.");
            default -> {
                ResourceId family = List.of(Humans.VNET, Humans.SEP, Humans.NSG).get(rnd.nextInt(3));
                ResourceId subject = family.equals(Humans.VNET) ? Humans.SUBNET : family;
                grid.publish(humans.event(subject, subject.type() + "/write", true, Humans.HUMAN_APP));
                yield Fault.concurrentEdit(family.toString(), driftOf(family));
            }
        };
        emulator.faults().add(method, FAMILIES, fault, rnd.nextInt(5) == 0 ? 2 : 1);
    }

    @Test
    void theLiveGatewayConvergesUnderEmulatedFaults() throws Exception {
        // Every write waits for one long-running-operation poll (the emulator answers Retry-After: 1,
        // which the SDK's poller honours in real time): the default run is short, the soak long.
        int steps = Hardening.scale(20, 500);
        Random rnd = new Random(seed);
        MutableClock clock = new MutableClock(Rig.START);
        GuardConfig config = ConfigLoader.load(Rig.CONFIG, Rig.TODAY);
        try (ArmEmulator emulator = ArmEmulator.builder().token(Secrets.BEARER_TOKEN).inProgressPolls(0).start()) {
            emulator.seed(Rig.EXAMPLES.resolve("compliant"));
            emulator.seed(Path.of("src/test/resources/hardening/chaos-extra.json"));
            InMemoryArmGateway expected = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
            EventGridSim grid = new EventGridSim(new Random(seed * 31 + 1), clock, figures);
            Humans humans = new Humans(new Random(seed * 17 + 3), World.of(emulator), World.of(expected), clock);
            Map<String, String> env = Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false);
            AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()),
                            Optional.empty(), Optional.empty()))
                    .withRetries(3, Duration.ofMillis(20), Duration.ofSeconds(1))
                    .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
            Map<String, Integer> edits = new TreeMap<>();
            try (AzureArmGateway live = AzureArmGateway.create(settings,
                    ArmCredentials.bearerTokenFromEnvironment("DLP_GUARD_ARM_TOKEN", env::get),
                    Optional.of(emulator.clientSslContext()), line -> { })) {
                CheckingGateway gateway = new CheckingGateway(live, id -> emulator.resource(id.toString()), figures,
                        Set.of(Humans.SUBNET), Set.of(Humans.SEP, Humans.NSG),
                        write -> grid.publish(humans.event(write.target(),
                                write.target().type() + (write.request().method().equals("DELETE") ? "/delete" : "/write"),
                                !write.request().method().equals("DELETE"), Rig.GUARD_APP_ID)),
                        new Random(seed * 7 + 5));
                gateway.staleReads = Optional.of(family -> {
                    Humans.Edit e = humans.drift(Optional.of(family));
                    edits.merge("after-read " + e.name(), 1, Integer::sum);
                    e.events().forEach(grid::publish);
                });
                gateway.staleReadRate = 0.04;
                Rig rig = new Rig(env, gateway, new InMemoryGuardStateStore(), clock).install();
                DlpGuardSweep sweep = new DlpGuardSweep();

                for (int step = 1; step <= steps; step++) {
                    clock.advance(Duration.ofSeconds(10 + rnd.nextInt(80)));
                    Humans.Edit e = humans.any();
                    edits.merge(e.name(), 1, Integer::sum);
                    e.events().forEach(grid::publish);
                    if (rnd.nextInt(100) < 45) {
                        queueFault(emulator, rnd, humans, grid);
                    }
                    grid.deliverDue();
                    if (step % 40 == 0) {
                        try {
                            sweep.run("timer", new TestExecutionContext("DlpGuardSweep"));
                        } catch (Throwable t) {
                            figures.crash("sweep at step " + step + ": " + t);
                        }
                    }
                }
                grid.drain();
                List<String> imprecise = new ArrayList<>();
                try {
                    imprecise.addAll(ChaosTest.unreported(rig.guard.sweep()));
                } catch (ArmException e) {
                    assertTrue(e.isTransient(), "a sweep fails only transiently under these faults: " + e.getMessage());
                }
                grid.drain();

                emulator.faults().clear();
                gateway.staleReads = Optional.empty();
                grid.lossy = false;
                clock.advance(Duration.ofMinutes(15));
                grid.drain();
                Guard.Outcome last = rig.guard.sweep();
                imprecise.addAll(ChaosTest.unreported(last));
                grid.drain();

                Estate finalState = live.read(ChaosTest.everything(config));
                List<String> violations = RuleEngine.withCatalog().evaluate(config, finalState, Rig.TODAY).assessments().stream()
                        .filter(Assessment::isViolation)
                        .map(a -> a.finding().ruleId() + " " + a.finding().resourceId() + ": " + a.finding().message()).toList();
                List<String> differences = new ArrayList<>();
                for (ResourceId id : List.of(Humans.VNET, Humans.SEP, Humans.NSG, Humans.ROGUE_SEP, Humans.JUMPBOX_NSG, Humans.BATCH_NSG)) {
                    Map<String, String> want = Families.flattenByContent(expected.resource(id));
                    Map<String, String> got = Families.flattenByContent(emulator.resource(id.toString()));
                    for (String path : Families.changed(want, got)) {
                        differences.add(id.name() + " " + path + ": expected " + want.get(path) + ", got " + got.get(path));
                    }
                }
                List<RequestLog.Entry> log = emulator.requests().entries();
                long faults = log.stream().filter(r -> r.fault().isPresent()).count();
                figures.faultsInjected.addAndGet(faults);
                List<String> unconditional = log.stream().filter(RequestLog.Entry::isWrite)
                        .filter(r -> !r.ifMatch() && !r.ifNoneMatch()).map(Object::toString).toList();
                unconditional.forEach(w -> figures.badWrite("a write reached ARM without If-Match / If-None-Match: " + w));
                long unauthorized = log.stream().filter(r -> !r.authorized()).count();
                long handledElsewhere = rig.decisions.stream().filter(l -> l.contains("\"action\":\"handled-elsewhere\"")).count();
                Map<String, Integer> byFault = new TreeMap<>();
                log.stream().filter(r -> r.fault().isPresent()).forEach(r -> byFault.merge(r.method() + " " + r.fault().get(), 1, Integer::sum));
                Map<String, Integer> outcomes = new TreeMap<>();
                gateway.outcomes.forEach(o -> outcomes.merge(o, 1, Integer::sum));

                System.out.println("[hardening] EmulatorChaosTest: " + steps + " steps, edits " + edits);
                System.out.println("[hardening] EmulatorChaosTest: " + log.size() + " HTTPS requests (" + log.stream()
                        .filter(RequestLog.Entry::isWrite).count() + " writes), faults fired " + byFault + "; write outcomes "
                        + outcomes + "; deliveries " + figures.eventsPlayed.get() + " (duplicated " + grid.duplicated.get()
                        + ", dropped " + grid.dropped.get() + ", redelivered " + grid.redelivered.get() + ")");
                assertEquals(0, unauthorized, "every request carried the bearer token");
                assertTrue(differences.isEmpty(), "the final state differs from the expected one:\n" + String.join("\n", differences));
                assertTrue(violations.isEmpty(), "violations left after the final sweep:\n" + String.join("\n", violations));
                assertTrue(imprecise.isEmpty(), "violations the guard neither fixed nor reported:\n" + String.join("\n", imprecise));
                assertEquals(0, handledElsewhere, "one guard instance never defers to 'another instance'");
                assertTrue(faults > steps / 6, "faults fired: " + faults);
            }
        }
    }
}
