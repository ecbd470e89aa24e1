package com.dlpguard.redteam;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.cli.Main;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.json.Json;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.RuleCatalog;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Plays a {@link Scenario} through the three entry points and judges each one:
 * <ul>
 *   <li>{@code check}: the world after the edit exported as a snapshot (what the guard cannot read
 *       left out), the CLI in-process with {@code --plan --format json};</li>
 *   <li>{@code replay}: the same snapshot and the events ARM raised;</li>
 *   <li>the Event Grid function over the live gateway and the HTTPS emulator, with the webhook
 *       receiving the alerts; then a second run (the events of the guard's own writes, and a
 *       sweep) must write nothing.</li>
 * </ul>
 * Every entry point is judged even when an earlier one failed, and the outcome of each is
 * printed ({@code [redteam] ...}) for the closing note.
 */
final class RedTeam {
    static final Instant START = Instant.parse("2026-11-24T09:20:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Path BASE_ESTATE = Path.of("examples/compliant");
    static final Path BASE_CONFIG = Path.of("src/test/resources/redteam/dlp-guard.json");
    static final Path WORK = Path.of("target/redteam");
    private static final long ALERT_WAIT_MILLIS = 3_000;

    /** One line per scenario, for the class summaries. */
    static final List<String> OUTCOMES = Collections.synchronizedList(new ArrayList<>());

    private RedTeam() {
    }

    /** Runs the scenario; throws an AssertionError naming every entry point that let the insider through. */
    static void play(Scenario s) {
        long started = System.nanoTime();
        Map<Scenario.Entry, String> verdicts = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        try (ArmEmulator arm = ArmEmulator.builder().inProgressPolls(0).synchronousWrites(true).start()) {
            arm.seed(BASE_ESTATE);
            Insider insider = new Insider(arm);
            s.before.forEach(b -> b.accept(insider));
            Path dir = WORK.resolve(s.name);
            Path config = writeConfig(s, dir);
            if (s.guardRunsFirst && s.entries.size() != 1) {
                throw new IllegalArgumentException(s.name + ": a guard running before the edit is a function-only scenario");
            }
            if (!s.guardRunsFirst) {
                s.edits.forEach(e -> e.accept(insider));
                requireTheEditOpensSomething(s, insider);
            }
            for (ResourceId scope : s.unreadable) {
                arm.faults().add("*", "(?i)" + Pattern.quote(scope.toString()) + "(/.*)?", Fault.forbidden(), Integer.MAX_VALUE);
            }
            Path snapshot = exportSnapshot(s, arm, dir);
            List<JsonObject> events = eventsAt(s, s.guardStarts.plus(s.elapsesBeforeEdit));
            Path eventFile = dir.resolve("events.json");
            JsonArray array = new JsonArray();
            events.forEach(array::add);
            write(eventFile, Json.prettyGson().toJson(array));

            for (Scenario.Entry entry : s.entries) {
                long entryStarted = System.nanoTime();
                try {
                    String detail = switch (entry) {
                        case CHECK -> check(s, snapshot, config);
                        case REPLAY -> replay(s, snapshot, config, eventFile);
                        case FUNCTION -> function(s, arm, insider, config);
                    };
                    verdicts.put(entry, "PASS" + (detail.isEmpty() ? "" : " (" + detail + ")") + millis(entryStarted));
                } catch (AssertionError | RuntimeException e) {
                    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                    verdicts.put(entry, "FAIL: " + first + millis(entryStarted));
                    failures.add(entry.name().toLowerCase(Locale.ROOT) + ": " + e.getMessage()
                            + (e instanceof RuntimeException ? " (" + e.getClass().getSimpleName() + ")" : ""));
                }
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        StringBuilder line = new StringBuilder("[redteam] " + s.name + ": ");
        verdicts.forEach((k, v) -> line.append(k.name().toLowerCase(Locale.ROOT)).append(' ').append(v).append(" | "));
        line.append(ms).append(" ms");
        System.out.println(line);
        OUTCOMES.add(line.toString());
        if (!failures.isEmpty()) {
            throw new AssertionError(s.name + " (" + s.tries + ") got past the guard:\n  " + String.join("\n  ", failures));
        }
    }

    private static String millis(long startedNanos) {
        return " [" + (System.nanoTime() - startedNanos) / 1_000_000 + " ms]";
    }

    /**
     * A scenario whose final state already holds right after the insider's edit would pass
     * whatever the guard does: when a rollback is expected, some final-state check must fail
     * before the guard has run.
     */
    private static void requireTheEditOpensSomething(Scenario s, Insider insider) {
        boolean rollbackExpected = s.findings.stream().anyMatch(Scenario.Expected::rollback);
        if (rollbackExpected && finalStateProblems(s, insider, 1, "before the guard").isEmpty()) {
            throw new IllegalStateException(s.name + ": every final-state check already holds after the insider's edit: "
                    + "the scenario cannot tell a rollback from nothing");
        }
    }

    static List<JsonObject> eventsAt(Scenario s, Instant when) {
        List<JsonObject> events = new ArrayList<>();
        for (Scenario.Raised r : s.events) {
            events.add(Insider.event(r.subject(), r.operation(), r.actor(), when));
        }
        return events;
    }

    // ---- inputs ------------------------------------------------------------------------------

    static boolean catalogHas(String ruleId) {
        return RuleCatalog.all().stream().map(Rule::id).anyMatch(ruleId::equals);
    }

    static Path writeConfig(Scenario s, Path dir) {
        JsonObject config;
        try {
            config = JsonParser.parseString(Files.readString(BASE_CONFIG)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // DLP014 (rule book 2) in rollback once the catalog has it; a config naming an unknown rule is rejected.
        if (catalogHas("DLP014")) {
            config.getAsJsonObject("rules").addProperty("DLP014", "rollback");
        }
        s.config.forEach(c -> c.accept(config));
        Path file = dir.resolve("dlp-guard.json");
        write(file, Json.prettyGson().toJson(config));
        return file;
    }

    /** The world as a Resource Manager export would show it to the guard: minus what it cannot read. */
    static Path exportSnapshot(Scenario s, ArmEmulator arm, Path dir) {
        JsonArray value = new JsonArray();
        for (Map.Entry<String, JsonObject> e : arm.topLevelResources().entrySet()) {
            if (s.unreadableScopeOf(e.getKey()).isEmpty()) {
                value.add(e.getValue());
            }
        }
        JsonObject envelope = new JsonObject();
        envelope.add("value", value);
        Path folder = dir.resolve("snapshot");
        write(folder.resolve("estate.json"), Json.prettyGson().toJson(envelope));
        return folder;
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- check -------------------------------------------------------------------------------

    record Cli(int exit, String out, String err) {
        JsonObject json() {
            try {
                return JsonParser.parseString(out).getAsJsonObject();
            } catch (RuntimeException e) {
                throw new AssertionError("not a JSON report (exit " + exit + "): " + err.strip());
            }
        }
    }

    static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(List.of(args), o, e);
        }
        return new Cli(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String check(Scenario s, Path snapshot, Path config) {
        Cli run = cli("check", "--snapshot", snapshot.toString(), "--config", config.toString(), "--format", "json", "--plan");
        JsonObject report = run.json();
        List<String> problems = new ArrayList<>(findingProblems(s, report));
        if (run.exit() != 1) {
            problems.add(0, "exit " + run.exit() + ", expected 1 (the insider's change must fail the check)");
        }
        problems.addAll(warningProblems(s, run));
        assertNone(problems);
        return "exit 1";
    }

    // ---- replay ------------------------------------------------------------------------------

    private static String replay(Scenario s, Path snapshot, Path config, Path events) {
        Cli run = cli("replay", "--event", events.toString(), "--snapshot", snapshot.toString(), "--config", config.toString(),
                "--format", "json", "--guard-identity", GuardUnderTest.GUARD_APP_ID, "--guard-identity", GuardUnderTest.GUARD_OBJECT_ID);
        JsonObject report = run.json();
        List<String> problems = new ArrayList<>();
        for (JsonElement e : Insider.array(report, "events")) {
            JsonObject ev = e.getAsJsonObject();
            if (!ev.get("accepted").getAsBoolean()) {
                problems.add("event " + ev.get("id").getAsString() + " ignored: " + ev.get("reason").getAsString());
            } else if (s.ownWrite && !(ev.has("ownWrite") && ev.get("ownWrite").getAsBoolean())) {
                problems.add("event " + ev.get("id").getAsString() + " accepted but not marked ownWrite");
            }
        }
        if (run.exit() != 1) {
            problems.add("exit " + run.exit() + ", expected 1");
        }
        problems.addAll(warningProblems(s, run));
        problems.addAll(findingProblems(s, report));
        if (!report.has("alerts")) {
            problems.add("the report has no 'alerts' list (rule book 5: replay lists the alerts the guard would send)");
        } else {
            for (Scenario.Alert want : s.alerts) {
                if (want.kind().equals("escalation")) {
                    continue; // a single delivery is no fight
                }
                boolean found = false;
                for (JsonElement a : report.getAsJsonArray("alerts")) {
                    JsonObject o = a.getAsJsonObject();
                    found |= matches(want, str(o, "kind"), str(o, "ruleId"), str(o, "resourceId"));
                }
                if (!found) {
                    problems.add("replay would not send " + want + "; it lists " + report.get("alerts"));
                }
            }
        }
        assertNone(problems);
        return "";
    }

    private static List<String> warningProblems(Scenario s, Cli run) {
        List<String> problems = new ArrayList<>();
        for (String fragment : s.cliWarnings) {
            if (!run.err().toLowerCase(Locale.ROOT).contains(fragment.toLowerCase(Locale.ROOT))) {
                problems.add("no warning about '" + fragment + "' on stderr: " + run.err().strip());
            }
        }
        return problems;
    }

    private static List<String> findingProblems(Scenario s, JsonObject report) {
        List<String> problems = new ArrayList<>();
        JsonArray findings = Insider.array(report, "findings");
        for (Scenario.Expected want : s.findings) {
            Optional<JsonObject> hit = Optional.empty();
            List<String> sameRule = new ArrayList<>();
            for (JsonElement f : findings) {
                JsonObject o = f.getAsJsonObject();
                if (!str(o, "ruleId").equals(want.ruleId())) {
                    continue;
                }
                if (sameResource(want.resource(), str(o, "resourceId"))) {
                    if (str(o, "status").equals(want.status())) {
                        hit = Optional.of(o);
                    }
                }
                sameRule.add(str(o, "status") + " on " + shortId(str(o, "resourceId")));
            }
            if (hit.isEmpty()) {
                problems.add(want.ruleId() + " " + want.status() + " on " + want.resource().name() + " not reported; "
                        + want.ruleId() + " says " + (sameRule.isEmpty() ? "nothing" : sameRule));
                continue;
            }
            if (hit.get().has("exempted") && hit.get().get("exempted").getAsBoolean()) {
                problems.add(want.ruleId() + " on " + want.resource().name() + " reported as exempted");
            }
            if (want.rollback()) {
                boolean planned = false;
                for (JsonElement w : Insider.array(report, "plan")) {
                    for (JsonElement id : Insider.array(w.getAsJsonObject(), "ruleIds")) {
                        planned |= id.getAsString().equals(want.ruleId());
                    }
                }
                if (!planned) {
                    problems.add(want.ruleId() + " is in rollback mode but the plan has no write for it: " + report.get("plan"));
                }
            }
        }
        return problems;
    }

    // ---- the Event Grid function -------------------------------------------------------------

    private static String function(Scenario s, ArmEmulator arm, Insider insider, Path config) {
        WebhookReceiver receiver = new WebhookReceiver();
        MutableClock clock = new MutableClock(s.guardStarts);
        GuardUnderTest guard;
        try {
            guard = GuardUnderTest.start(arm, config, receiver, clock, s.guardStartDay());
        } catch (GuardUnderTest.RefusedToStart e) {
            receiver.close();
            throw new AssertionError("the guard refused to start: " + e.getMessage());
        }
        try (receiver; guard) {
            try {
                return judgeFunction(s, insider, receiver, clock, guard);
            } finally {
                // For whoever reads a failure: what the guard decided and what reached ARM.
                List<String> trace = new ArrayList<>();
                trace.add("== decision log");
                trace.addAll(guard.decisions);
                trace.add("== function log");
                trace.addAll(guard.functionLog);
                trace.add("== ARM requests");
                arm.requests().entries().forEach(e -> trace.add(e.toString()));
                trace.add("== alerts received");
                receiver.alerts().forEach(a -> trace.add(Json.compactGson().toJson(a)));
                write(WORK.resolve(s.name).resolve("function-trace.txt"), String.join("\n", trace));
            }
        }
    }

    private static String judgeFunction(Scenario s, Insider insider, WebhookReceiver receiver, MutableClock clock,
                                        GuardUnderTest guard) {
        List<String> problems = new ArrayList<>();
        if (s.guardRunsFirst) {
            guard.sweep();
        }
        clock.advance(s.elapsesBeforeEdit);
        int writesBefore = guard.writes().size();
        long attackStarted = System.nanoTime();
        for (int round = 1; round <= s.repeats; round++) {
            if (round > 1) {
                clock.advance(s.repeatEvery);
            }
            if (s.guardRunsFirst || round > 1) {
                s.edits.forEach(e -> e.accept(insider));
            }
            for (JsonObject event : eventsAt(s, clock.instant())) {
                if (!guard.deliver(event)) {
                    problems.add("round " + round + ": the function threw on the insider's event: " + guard.functionLog);
                }
            }
            problems.addAll(finalStateProblems(s, insider, round, s.repeats == 1 ? "after the guard's reconcile"
                    : "after round " + round + " of " + s.repeats));
        }
        // One deadline for all expected alerts: delivery is asynchronous, but local and quick.
        long deadline = System.nanoTime() + ALERT_WAIT_MILLIS * 1_000_000L;
        for (Scenario.Alert want : s.alerts) {
            long left = Math.max(50, (deadline - System.nanoTime()) / 1_000_000L);
            Optional<JsonObject> got = receiver.await(a -> matchesWebhook(want, a), left);
            if (got.isEmpty()) {
                problems.add("no " + want + " alert reached the security team; they got "
                        + receiver.alerts().stream().map(RedTeam::describeWebhook).toList());
            } else if (want.kind().equals("escalation")) {
                problems.addAll(actorProblems(s, got.get()));
            }
        }
        List<RequestLog.Entry> firstWrites = List.copyOf(guard.writes().subList(writesBefore, guard.writes().size()));
        int writes = firstWrites.size();
        // Second run: ARM's events for the guard's own writes, then the timer sweep: level-triggered
        // and idempotent, so nothing more is written and the world stays as restored.
        long attackMillis = (System.nanoTime() - attackStarted) / 1_000_000;
        clock.advance(Duration.ofSeconds(20));
        for (JsonObject own : guard.ownWriteEvents(firstWrites)) {
            guard.deliver(own);
        }
        clock.advance(Duration.ofMinutes(1));
        guard.sweep();
        List<RequestLog.Entry> later = guard.writes().subList(writesBefore + writes, guard.writes().size());
        if (!later.isEmpty()) {
            problems.add("the second run wrote again: " + later);
        }
        if (problems.isEmpty()) {
            problems.addAll(finalStateProblems(s, insider, s.repeats, "after the second run"));
        }
        assertNone(problems);
        return writes + " write(s), " + receiver.alerts().size() + " alert(s), attack handled in " + attackMillis + " ms";
    }

    /** An escalation names every actor of the fight (webhook {@code event.actors}: upn, else app id). */
    static List<String> actorProblems(Scenario s, JsonObject escalation) {
        List<String> named = new ArrayList<>();
        for (JsonElement a : Insider.array(escalation.getAsJsonObject("event"), "actors")) {
            JsonObject actor = a.getAsJsonObject();
            named.add(str(actor, "upn").isEmpty() ? str(actor, "appId") : str(actor, "upn"));
        }
        List<String> problems = new ArrayList<>();
        for (Scenario.Raised r : s.events) {
            String who = r.actor().upn().orElse(r.actor().appId());
            if (!named.contains(who)) {
                problems.add("the escalation does not name " + who + ": event.actors = " + named);
            }
        }
        return problems;
    }

    static List<String> finalStateProblems(Scenario s, Insider insider, int round, String when) {
        List<String> problems = new ArrayList<>();
        for (Scenario.FinalState f : s.finalState) {
            if (!f.appliesAfter(round)) {
                continue;
            }
            boolean holds;
            try {
                holds = f.holds().test(insider);
            } catch (RuntimeException | AssertionError e) {
                holds = false;
            }
            if (!holds) {
                problems.add(when + ", not true: " + f.description());
            }
        }
        return problems;
    }

    static boolean matchesWebhook(Scenario.Alert want, JsonObject body) {
        JsonObject finding = body.getAsJsonObject("finding");
        return matches(want, str(body, "kind"), str(finding, "ruleId"), str(finding, "resourceId"));
    }

    static String describeWebhook(JsonObject body) {
        JsonObject finding = body.getAsJsonObject("finding");
        return str(body, "kind") + " " + str(finding, "ruleId") + " on " + shortId(str(finding, "resourceId"))
                + " (" + str(body, "action") + ")";
    }

    private static boolean matches(Scenario.Alert want, String kind, String ruleId, String resourceId) {
        return want.kind().equals(kind) && want.ruleId().equals(ruleId) && sameResource(want.resource(), resourceId);
    }

    static boolean sameResource(ResourceId want, String got) {
        return ResourceId.tryParse(got).map(want::equals).orElse(false);
    }

    static String str(JsonObject o, String key) {
        return o != null && o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : "";
    }

    static String shortId(String id) {
        return ResourceId.tryParse(id).map(r -> r.type().substring(r.type().lastIndexOf('/') + 1) + "/" + r.name()).orElse(id);
    }

    private static void assertNone(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n    ", problems));
        }
    }
}
