package com.dlpguard.hardening;

import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.GuardStateStores;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.dlpguard.state.StateSettings;
import com.dlpguard.state.StateUnavailableException;
import com.dlpguard.state.TableGuardStateStore;
import com.dlpguard.testsupport.AzuriteTable;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two guard instances (separate Guard objects, one shared state store: in memory, or Table
 * Storage on Azurite through two clients as two Function instances would have) on the same drift
 * at the same instant (threads released by a latch), with a person editing the same resources at
 * that instant too. Each round ends with exactly one effective fix, the person's change kept, and
 * the estate compliant. Duplicated and out-of-order deliveries never make a second write.
 */
class RaceTest {
    static long seed;
    static Figures figures;
    static AlertReceiver receiver;
    private static SuiteRun run;

    @BeforeAll
    static void setUp() {
        run = SuiteRun.start("RaceTest", 1234L);
        seed = run.seed;
        figures = run.figures;
        receiver = run.receiver;
    }

    @AfterAll
    static void tearDown() {
        run.finish();
    }

    /** One instance's door to the shared ARM, remembering what it applied. */
    static final class InstanceGateway implements ArmGateway {
        final InMemoryArmGateway arm;
        final List<PlannedWrite> applied = Collections.synchronizedList(new ArrayList<>());
        final List<WriteOutcome> outcomes = Collections.synchronizedList(new ArrayList<>());

        InstanceGateway(InMemoryArmGateway arm) {
            this.arm = arm;
        }

        @Override
        public Estate read(ReadScope scope) throws ArmException {
            return arm.read(scope);
        }

        @Override
        public WriteOutcome execute(PlannedWrite write) {
            WriteOutcome o = arm.execute(write);
            outcomes.add(o);
            if (o.result() == WriteOutcome.Result.APPLIED) {
                applied.add(write);
            }
            return o;
        }
    }

    interface Stores {
        GuardStateStore next() throws StateUnavailableException;
    }

    static Stores stores(String kind) {
        if (kind.equals("memory")) {
            InMemoryGuardStateStore shared = new InMemoryGuardStateStore();
            return () -> shared;
        }
        AzuriteTable azurite = AzuriteTable.shared();
        String table = "race" + ProcessHandle.current().pid() + "x" + System.nanoTime() % 100000;
        Map<String, String> settings = Map.of(StateSettings.CONNECTION_STRING, azurite.connectionString(), StateSettings.TABLE, table);
        return () -> {
            TableGuardStateStore.connect(StateSettings.from(settings)).createTableIfMissing();
            // As production wires it: Table Storage behind the in-memory fallback, one client per instance.
            return GuardStateStores.fromSettings(settings);
        };
    }

    static List<ParsedEvent> parse(JsonObject event) throws Exception {
        return EventPayloadParser.parse(event.toString());
    }

    static boolean compliant(InMemoryArmGateway arm, GuardConfig config) throws ArmException {
        Estate estate = arm.read(ChaosTest.everything(config));
        List<Assessment> violations = RuleEngine.withCatalog().evaluate(config, estate, Rig.TODAY).assessments().stream()
                .filter(Assessment::isViolation).toList();
        return violations.isEmpty();
    }

    @ParameterizedTest(name = "state in {0}")
    @ValueSource(strings = {"memory", "table"})
    void twoInstancesOnOneDriftMakeOneFixAndKeepTheConcurrentHumanChange(String kind) throws Exception {
        int rounds = Hardening.scale(kind.equals("memory") ? 40 : 15, 200);
        Random rnd = new Random(seed ^ kind.hashCode());
        GuardConfig config = ConfigLoader.load(Rig.CONFIG, Rig.TODAY);
        Stores stores = stores(kind);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> problems = new ArrayList<>();
        AtomicInteger deferred = new AtomicInteger();
        try {
            for (int round = 0; round < rounds; round++) {
                MutableClock clock = new MutableClock(Rig.START.plus(Duration.ofDays(round)));
                InMemoryArmGateway real = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
                InMemoryArmGateway expected = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
                Humans humans = new Humans(new Random(rnd.nextLong()), real, expected, clock);
                InstanceGateway a = new InstanceGateway(real);
                InstanceGateway b = new InstanceGateway(real);
                Map<String, String> env = Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false);
                Rig ra = new Rig(env, a, stores.next(), clock);
                Rig rb = new Rig(env, b, stores.next(), clock);
                Humans.Edit drift = humans.drift(java.util.Optional.empty());
                JsonObject event = drift.events().get(0);
                JsonObject other = humans.event(ResourceId.parse(event.get("subject").getAsString()),
                        event.getAsJsonObject("data").get("operationName").getAsString(), true, Humans.HUMAN_APP);
                boolean sameDelivery = rnd.nextBoolean();
                figures.eventsPlayed.addAndGet(2);
                CountDownLatch start = new CountDownLatch(1);
                List<Humans.Edit> human = Collections.synchronizedList(new ArrayList<>());
                List<Future<?>> running = new ArrayList<>();
                running.add(pool.submit(() -> {
                    start.await();
                    return ra.guard.handle(parse(event));
                }));
                running.add(pool.submit(() -> {
                    start.await();
                    return rb.guard.handle(parse(sameDelivery ? event : other));
                }));
                running.add(pool.submit(() -> {
                    start.await();
                    human.add(humans.benign(java.util.Optional.of(
                            List.of(Humans.SEP, Humans.NSG, Humans.VNET).get(Math.floorMod(event.hashCode(), 3)))));
                    return null;
                }));
                start.countDown();
                for (Future<?> f : running) {
                    try {
                        f.get(60, TimeUnit.SECONDS);
                    } catch (java.util.concurrent.ExecutionException e) {
                        figures.crash(kind + " round " + round + ": " + e.getCause());
                    }
                }
                int writes = a.applied.size() + b.applied.size();
                figures.writesMade.addAndGet(writes);
                // The person's change raised its own event; the drift may need it if the change
                // was a whole-resource PUT from a read made before the guard's fix.
                clock.advance(Duration.ofMinutes(1));
                for (Humans.Edit h : human) {
                    for (JsonObject e : h.events()) {
                        figures.eventsPlayed.incrementAndGet();
                        ra.guard.handle(parse(e));
                    }
                }
                boolean ok = compliant(real, config);
                int afterFollowUp = a.applied.size() + b.applied.size();
                if (!ok) {
                    problems.add(kind + " round " + round + " " + drift.name() + ": not compliant after both instances and the follow-up");
                }
                if (writes < 1) {
                    problems.add(kind + " round " + round + " " + drift.name() + ": nobody fixed the drift");
                }
                long fixesOfTheDrift = java.util.stream.Stream.concat(a.applied.stream(), b.applied.stream()).limit(writes)
                        .map(w -> w.target().key() + "|" + w.action()).distinct().count();
                if (fixesOfTheDrift != writes) {
                    problems.add(kind + " round " + round + " " + drift.name() + ": the same fix was applied twice: "
                            + java.util.stream.Stream.concat(a.applied.stream(), b.applied.stream()).map(w -> w.action() + " " + w.target().name()).toList());
                }
                for (ResourceId id : List.of(Humans.VNET, Humans.SEP, Humans.NSG, Humans.BATCH_NSG, Humans.JUMPBOX_NSG)) {
                    Map<String, String> want = Families.flattenByContent(expected.resource(id));
                    Map<String, String> got = Families.flattenByContent(real.resource(id));
                    Set<String> diff = Families.changed(want, got);
                    if (!diff.isEmpty()) {
                        problems.add(kind + " round " + round + " " + drift.name() + " with " + human.get(0).name()
                                + ": the final state lost or changed " + diff);
                    }
                }
                deferred.addAndGet((int) java.util.stream.Stream.concat(ra.decisions.stream(), rb.decisions.stream())
                        .filter(l -> l.contains("handled-elsewhere") || l.contains("duplicate delivery")).count());
                if (afterFollowUp < writes) {
                    problems.add("impossible");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("[hardening] RaceTest " + kind + ": " + rounds + " rounds, " + deferred.get()
                + " decisions deferred to the other instance or dropped as duplicates");
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest(name = "state in {0}")
    @ValueSource(strings = {"memory", "table"})
    void duplicatedAndOutOfOrderDeliveriesDoNotActTwice(String kind) throws Exception {
        Stores stores = stores(kind);
        MutableClock clock = new MutableClock(Rig.START);
        InMemoryArmGateway real = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        InMemoryArmGateway expected = InMemoryArmGateway.fromResources(ChaosTest.seedDocuments());
        Humans humans = new Humans(new Random(seed), real, expected, clock);
        InstanceGateway a = new InstanceGateway(real);
        InstanceGateway b = new InstanceGateway(real);
        Map<String, String> env = Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false);
        Rig ra = new Rig(env, a, stores.next(), clock);
        Rig rb = new Rig(env, b, stores.next(), clock);

        // An older change (the policy written at t0), then the alias deleted at t1.
        JsonObject older = humans.event(Humans.SEP, "Microsoft.Network/serviceEndpointPolicies/write", true, Humans.HUMAN_APP);
        clock.advance(Duration.ofSeconds(40));
        // Drift on the SEP: the alias deleted or an unapproved account added; either takes one write.
        Humans.Edit aliasDeleted = humans.drift(java.util.Optional.of(Humans.SEP));
        JsonObject newer = aliasDeleted.events().get(0);
        clock.advance(Duration.ofSeconds(20));

        ra.guard.handle(parse(newer));
        int afterFirst = a.applied.size();
        assertEquals(1, afterFirst, "the drift is fixed once: " + a.outcomes);
        assertTrue(compliant(real, ConfigLoader.load(Rig.CONFIG, Rig.TODAY)));
        int reads = real.readCount();

        ra.guard.handle(parse(newer));                 // redelivered to the same instance
        rb.guard.handle(parse(newer));                 // redelivered to another instance
        rb.guard.handle(parse(older));                 // an older event arriving late
        ra.guard.handle(parse(older));
        JsonObject own = humans.event(a.applied.get(0).target(), "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
                true, Rig.GUARD_APP_ID);
        rb.guard.handle(parse(own));                   // the guard's own write, seen by the other instance
        figures.eventsPlayed.addAndGet(6);
        figures.writesMade.addAndGet(a.applied.size() + b.applied.size());
        assertEquals(1, a.applied.size() + b.applied.size(), "nothing acted twice: " + a.outcomes + " " + b.outcomes);
        assertEquals(0, a.outcomes.size() + b.outcomes.size() - 1, "no second write was even attempted");
        assertTrue(rb.decisions.stream().anyMatch(l -> l.contains("duplicate delivery")), rb.decisions.toString());
        assertTrue(rb.decisions.stream().anyMatch(l -> l.contains("own identity")), rb.decisions.toString());
        assertTrue(real.readCount() - reads <= 2, "a duplicate costs no read; a late event at most one: " + (real.readCount() - reads));
    }
}
