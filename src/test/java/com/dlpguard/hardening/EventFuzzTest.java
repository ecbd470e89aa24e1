package com.dlpguard.hardening;

import com.dlpguard.functions.TestExecutionContext;
import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.cli.Main;
import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event fuzzing: at least 10,000 deliveries mutated from the real payloads, through the Event Grid
 * function (an installed guard over the in-memory ARM seeded with examples/compliant) and through
 * {@code replay}. Nothing escapes but the deliberate transient-ARM rethrow (the in-memory ARM has
 * no transient failures, so nothing at all); every delivery is either ignored as a whole with a
 * reason, or yields one decision line per event, each with a reason; a valid event among mutated
 * ones is still handled (the alias it reports deleted is restored); no write happens without drift.
 */
class EventFuzzTest {
    static final ResourceId SEP = ResourceId.parse(EventMutator.SEP);
    static long seed;
    static Figures figures;
    static AlertReceiver receiver;
    private static SuiteRun run;
    static final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        run = SuiteRun.start("EventFuzzTest", 20261124L);
        seed = run.seed;
        figures = run.figures;
        receiver = run.receiver;
    }

    @AfterAll
    static void tearDown() {
        run.finish();
    }

    static void problem(String what) {
        synchronized (problems) {
            if (problems.size() < 40) {
                problems.add(what);
            }
        }
    }

    static void removeAlias(InMemoryArmGateway arm) {
        arm.resource(SEP).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .forEach(d -> {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        arm.deleteExternally(ResourceId.parse(d.getAsJsonObject().get("id").getAsString()));
                    }
                });
    }

    static boolean listsAlias(InMemoryArmGateway arm) {
        return arm.resource(SEP).map(p -> p.getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .toString().contains("/services/Azure/MachineLearning")).orElse(false);
    }

    /** The top-level elements of a delivery the product accepted as JSON (1 for an object). */
    static Optional<List<JsonElement>> elements(byte[] bytes) {
        try {
            JsonReader reader = new JsonReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
            reader.setStrictness(Strictness.LENIENT);
            reader.setNestingLimit(1_000_000);
            JsonElement root = JsonParser.parseReader(reader);
            List<JsonElement> out = new ArrayList<>();
            if (root.isJsonArray()) {
                root.getAsJsonArray().forEach(out::add);
            } else {
                out.add(root);
            }
            return Optional.of(out);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    static String shortId(String id) {
        return id.length() <= 200 ? id : id.substring(0, 200) + "…";
    }

    @Test
    void theEventGridFunctionSurvivesEveryMutatedDelivery() throws Exception {
        int n = Hardening.scale(10_000, 60_000);
        Random rnd = new Random(seed);
        EventMutator mutator = new EventMutator(rnd);
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Rig.EXAMPLES.resolve("compliant"));
        MutableClock clock = new MutableClock(Rig.START);
        Rig rig = new Rig(Secrets.environment(receiver.base(), Rig.CONFIG.toString(), false), arm,
                new InMemoryGuardStateStore(), clock).install();
        DlpGuardEventGrid function = new DlpGuardEventGrid();
        Watchdog watchdog = new Watchdog(Duration.ofSeconds(20));
        int sentinels = 0;
        int ignoredDeliveries = 0;
        java.util.Map<String, long[]> timing = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1 + rnd.nextInt(30)));
            EventMutator.Payload p = mutator.next(i, clock.instant().toString());
            figures.payloadsFuzzed.incrementAndGet();
            if (p.sentinelId().isPresent()) {
                // Past the fight window of the previous restore: this drift must be rolled back.
                clock.advance(Duration.ofMinutes(5));
                removeAlias(arm);
                sentinels++;
            }
            int writesBefore = arm.writeCount();
            int linesBefore = rig.decisionCount();
            TestExecutionContext ctx = new TestExecutionContext("DlpGuardEventGrid");
            long started = System.nanoTime();
            try {
                watchdog.call(p.describe(), () -> {
                    function.run(p.text(), ctx);
                    return null;
                });
            } catch (Watchdog.Hang h) {
                figures.crash(h.getMessage());
                break; // the guard is stuck in that thread: nothing after this is meaningful
            } catch (Throwable t) {
                figures.crash(p.describe() + ": " + t.getClass().getName() + ": " + Hardening.shorten(t.getMessage(), 200));
                continue;
            }
            long[] t = timing.computeIfAbsent(p.kind(), k -> new long[2]);
            t[0]++;
            t[1] += System.nanoTime() - started;
            List<String> lines = rig.decisionsFrom(linesBefore).stream().filter(l -> l.contains("\"kind\":\"dlp-guard.event\"")).toList();
            boolean ignoredWhole = ctx.lines.stream().anyMatch(l -> l.contains("dlp-guard: ignored delivery: ") && l.length() > 40);
            if (ignoredWhole) {
                ignoredDeliveries++;
                if (!lines.isEmpty()) {
                    problem(p.describe() + ": ignored as a whole yet " + lines.size() + " event decisions were logged");
                }
            } else {
                checkDecisions(p, lines);
            }
            List<ArmRequest> writes = arm.requests().subList(writesBefore, arm.writeCount());
            figures.writesMade.addAndGet(writes.size());
            if (p.sentinelId().isEmpty()) {
                writes.forEach(w -> figures.badWrite(p.describe() + ": write without drift: " + w.method() + " " + w.url()));
            } else {
                writes.stream().filter(w -> !ResourceId.parse(w.url().substring(0, w.url().indexOf('?'))).isWithin(SEP))
                        .forEach(w -> figures.badWrite(p.describe() + ": write outside the drifted policy: " + w.url()));
                if (!listsAlias(arm)) {
                    problem(p.describe() + ": the sentinel's drift (alias deleted) was not rolled back; decisions " + lines);
                    arm.putExternally(aliasDefinition());
                }
            }
        }
        watchdog.close();
        timing.forEach((kind, t) -> System.out.println("[hardening] EventFuzzTest function: " + kind + " x" + t[0] + " "
                + (t[1] / 1_000_000) + " ms"));
        System.out.println("[hardening] EventFuzzTest function: " + n + " deliveries, " + sentinels + " with a sentinel, "
                + ignoredDeliveries + " ignored as a whole, " + rig.decisionCount() + " decision lines, "
                + receiver.teamsPosts.get() + " Teams / " + receiver.webhookPosts.get() + " webhook alerts received");
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n" + String.join("\n", problems));
        assertTrue(sentinels > n / 20, "enough sentinels were played: " + sentinels);
    }

    /** One decision line per element, each with a reason; the sentinel accepted. */
    static void checkDecisions(EventMutator.Payload p, List<String> lines) {
        Optional<List<JsonElement>> elements = elements(p.bytes());
        if (elements.isEmpty()) {
            problem(p.describe() + ": accepted by the function but not JSON to a lenient reader");
            return;
        }
        if (lines.size() != elements.get().size()) {
            problem(p.describe() + ": " + elements.get().size() + " event(s) but " + lines.size() + " decision line(s)");
            return;
        }
        List<JsonObject> decisions = lines.stream().map(l -> JsonParser.parseString(l).getAsJsonObject()).toList();
        for (JsonObject d : decisions) {
            if (!d.has("eventId") || !d.has("accepted") || !d.has("reason") || d.get("reason").getAsString().isBlank()) {
                problem(p.describe() + ": decision without id, verdict or reason: " + Hardening.shorten(d.toString(), 300));
            }
        }
        // An event with a duplicate "id" key is malformed; which of its ids names it is arbitrary.
        boolean duplicateId = decisions.stream().anyMatch(d -> d.get("reason").getAsString().contains("duplicate key 'id'"));
        for (JsonElement e : elements.get()) {
            if (!duplicateId && e.isJsonObject() && e.getAsJsonObject().has("id") && e.getAsJsonObject().get("id").isJsonPrimitive()
                    && e.getAsJsonObject().get("id").getAsJsonPrimitive().isString()
                    && !e.getAsJsonObject().get("id").getAsString().isBlank()) {
                String id = shortId(e.getAsJsonObject().get("id").getAsString());
                if (decisions.stream().noneMatch(d -> d.get("eventId").getAsString().equals(id))) {
                    problem(p.describe() + ": no decision names event id " + Hardening.shorten(id, 80));
                }
            }
        }
        p.sentinelId().ifPresent(id -> {
            if (decisions.stream().noneMatch(d -> d.get("eventId").getAsString().equals(id) && d.get("accepted").getAsBoolean())) {
                problem(p.describe() + ": the valid sentinel " + id + " was not accepted: " + lines);
            }
        });
    }

    static JsonObject aliasDefinition() {
        JsonObject def = JsonParser.parseString("""
                {"name":"ml-alias","type":"Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions",
                 "properties":{"service":"Global","serviceResources":["/services/Azure/MachineLearning"]}}""").getAsJsonObject();
        def.addProperty("id", EventMutator.SEP + "/serviceEndpointPolicyDefinitions/ml-alias");
        return def;
    }

    @Test
    void replayListsEveryEventOrRejectsTheFileInOneLine() throws Exception {
        int n = Hardening.scale(1_500, 12_000);
        Random rnd = new Random(seed ^ 0x5EEDL);
        EventMutator mutator = new EventMutator(rnd);
        Path dir = Files.createTempDirectory("hardening-replay-");
        Path drifted = Rig.EXAMPLES.resolve("drifted");
        int rejected = 0;
        Watchdog watchdog = new Watchdog(Duration.ofSeconds(30));
        for (int i = 0; i < n; i++) {
            EventMutator.Payload p = mutator.next(i, "2026-11-24T09:30:00Z");
            figures.payloadsFuzzed.incrementAndGet();
            Path file = dir.resolve("event-" + i + ".json");
            Files.write(file, p.bytes());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            boolean json = rnd.nextInt(4) > 0;
            int exit;
            try {
                exit = watchdog.call("replay " + p.describe(), () -> Main.run(List.of("replay", "--event", file.toString(),
                                "--snapshot", drifted.toString(), "--config", Rig.CONFIG.toString(), "--format", json ? "json" : "text",
                                "--guard-identity", Rig.GUARD_APP_ID),
                        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
            } catch (Watchdog.Hang h) {
                figures.crash(h.getMessage());
                break;
            } catch (Throwable t) {
                figures.crash("replay " + p.describe() + ": " + t.getClass().getName());
                continue;
            } finally {
                Files.deleteIfExists(file);
            }
            String stdout = out.toString(StandardCharsets.UTF_8);
            String stderr = err.toString(StandardCharsets.UTF_8);
            Secrets.scan("replay stdout", stdout);
            Secrets.scan("replay stderr", stderr);
            if (stderr.contains("internal error") || stderr.contains("\tat ") || stdout.contains("\tat ")) {
                figures.crash("replay " + p.describe() + ": " + Hardening.shorten(stderr, 300));
                continue;
            }
            if (exit == 2) {
                rejected++;
                String line = stderr.strip();
                if (line.isEmpty() || line.contains("\n") || !line.contains(file.getFileName().toString())) {
                    problem("replay " + p.describe() + ": exit 2 needs one stderr line naming the file, got: "
                            + Hardening.shorten(stderr, 300));
                }
                continue;
            }
            if (exit != 0 && exit != 1) {
                problem("replay " + p.describe() + ": exit " + exit);
                continue;
            }
            if (!stderr.isBlank()) {
                problem("replay " + p.describe() + ": exit " + exit + " with stderr " + Hardening.shorten(stderr, 200));
            }
            if (!json) {
                continue;
            }
            JsonObject report = JsonParser.parseString(stdout).getAsJsonObject();
            JsonArray events = report.getAsJsonArray("events");
            Optional<List<JsonElement>> elements = elements(p.bytes());
            if (elements.isEmpty() || events == null || events.size() != elements.get().size()) {
                problem("replay " + p.describe() + ": " + elements.map(List::size).orElse(-1) + " event(s), report lists "
                        + (events == null ? "no events" : events.size()));
                continue;
            }
            boolean anyAccepted = false;
            for (JsonElement e : events) {
                JsonObject o = e.getAsJsonObject();
                if (!o.has("accepted") || !o.has("reason") || o.get("reason").getAsString().isBlank()) {
                    problem("replay " + p.describe() + ": event without verdict or reason " + Hardening.shorten(o.toString(), 200));
                }
                anyAccepted |= o.get("accepted").getAsBoolean();
            }
            // examples/drifted violates rollback rules on the protected subnet: anything accepted finds them.
            if (exit != (anyAccepted ? 1 : 0)) {
                problem("replay " + p.describe() + ": exit " + exit + " but accepted=" + anyAccepted);
            }
            p.sentinelId().ifPresent(id -> {
                boolean handled = false;
                for (JsonElement e : events) {
                    handled |= e.getAsJsonObject().get("id").getAsString().equals(id) && e.getAsJsonObject().get("accepted").getAsBoolean();
                }
                if (!handled) {
                    problem("replay " + p.describe() + ": the valid sentinel " + id + " was not accepted");
                }
            });
        }
        watchdog.close();
        System.out.println("[hardening] EventFuzzTest replay: " + n + " files, " + rejected + " rejected with exit 2");
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n" + String.join("\n", problems));
    }
}
