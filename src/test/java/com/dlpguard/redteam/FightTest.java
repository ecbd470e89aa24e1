package com.dlpguard.redteam;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.functions.MutableClock;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

import static com.dlpguard.redteam.Insider.ROGUE_ACCOUNT;
import static com.dlpguard.redteam.Insider.SEP;
import static com.dlpguard.redteam.Insider.STORAGE_DEF;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fight (issue 12): the insider re-adds their account to the SEP (DLP005, critical, rollback)
 * ten times over five simulated minutes, from two identities (their user, their automation
 * principal). Event Grid delivers each event a few seconds later, and redelivers on its retry
 * schedule when the function throws; the timer sweep runs every 6 h. After every step the world
 * is inspected: the figure is the longest time the path (the account in the policy) stayed open.
 *
 * <p>The guard owes (rule book 2.3): it never gives up on a critical rule (at most one restore per
 * backoff interval, 30 s doubling to 5 min), and one escalation alert naming every actor.
 */
class FightTest {
    static final int ROUNDS = 10;
    static final Duration EVERY = Duration.ofSeconds(30);
    static final Duration LATENCY = Duration.ofSeconds(2);
    /** Event Grid's documented retry schedule for a failed delivery. */
    static final long[] RETRY_SECONDS = {10, 30, 60, 300, 600, 1800, 3600};
    /** The longest backoff interval, plus Event Grid's delivery latency and one retry step of slack. */
    static final Duration OPEN_BOUND = Duration.ofMinutes(5).plusSeconds(30);

    private record Step(Instant at, long seq, String kind, Optional<JsonObject> event, int attempt) {
    }

    @Test
    @DisplayName("attrition_fight-ten-repeats-in-five-minutes")
    void fight() throws Exception {
        long wall = System.nanoTime();
        Scenario s = Scenario.named("attrition_fight-ten-repeats-in-five-minutes", Scenario.Threat.ATTRITION);
        List<String> problems = new ArrayList<>();
        Duration longest = Duration.ZERO;
        List<String> windows = new ArrayList<>();
        int rollbacks = 0;
        int writes;
        long escalations;
        java.util.Map<String, Integer> throwsByType = new java.util.TreeMap<>();
        List<String> actorsNamed = List.of();
        try (ArmEmulator arm = ArmEmulator.builder().inProgressPolls(0).synchronousWrites(true).start();
             WebhookReceiver receiver = new WebhookReceiver()) {
            arm.seed(RedTeam.BASE_ESTATE);
            Insider insider = new Insider(arm);
            Path config = RedTeam.writeConfig(s, RedTeam.WORK.resolve(s.name));
            MutableClock clock = new MutableClock(RedTeam.START);
            try (GuardUnderTest guard = GuardUnderTest.start(arm, config, receiver, clock, RedTeam.TODAY)) {
                PriorityQueue<Step> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
                        ? Long.compare(a.seq(), b.seq()) : a.at().compareTo(b.at()));
                long seq = 0;
                for (int k = 0; k < ROUNDS; k++) {
                    queue.add(new Step(RedTeam.START.plus(EVERY.multipliedBy(k)), seq++, "insider", Optional.empty(), k));
                }
                Instant nextSweep = Instant.parse("2026-11-24T12:00:00Z");
                queue.add(new Step(nextSweep, seq++, "sweep", Optional.empty(), 0));
                Instant lastAction = RedTeam.START.plus(EVERY.multipliedBy(ROUNDS - 1));
                Optional<Instant> openSince = Optional.empty();
                int writesBefore = guard.writes().size();
                while (!queue.isEmpty()) {
                    Step step = queue.poll();
                    boolean settled = openSince.isEmpty() && step.at().isAfter(lastAction.plus(Duration.ofMinutes(15)));
                    if (settled && step.kind().equals("sweep")) {
                        break;
                    }
                    if (step.at().isAfter(clock.instant())) {
                        clock.advance(Duration.between(clock.instant(), step.at()));
                    }
                    switch (step.kind()) {
                        case "insider" -> {
                            Insider.Actor actor = step.attempt() % 2 == 0 ? Insider.Actor.MALLORY : Insider.Actor.MALLORY_AUTOMATION;
                            insider.edit(STORAGE_DEF, p -> {
                                var list = p.getAsJsonArray("serviceResources");
                                if (!list.toString().contains("mallorypersonal")) {
                                    list.add(ROGUE_ACCOUNT);
                                }
                            });
                            JsonObject event = Insider.event(STORAGE_DEF.toString(), Insider.writeOf(STORAGE_DEF), actor, clock.instant());
                            queue.add(new Step(clock.instant().plus(LATENCY), seq++, "deliver", Optional.of(event), 0));
                        }
                        case "deliver" -> {
                            if (!guard.deliver(step.event().orElseThrow())) {
                                // Redelivery is how a deferred critical restore comes back; anything else thrown is a crash.
                                String last = guard.functionLog.stream().filter(l -> l.startsWith("threw: ")).reduce((a, b) -> b).orElse("?");
                                throwsByType.merge(last.replaceAll("^threw: ([^:]+).*", "$1"), 1, Integer::sum);
                                long wait = RETRY_SECONDS[Math.min(step.attempt(), RETRY_SECONDS.length - 1)];
                                queue.add(new Step(clock.instant().plusSeconds(wait), seq++, "deliver", step.event(), step.attempt() + 1));
                            }
                        }
                        default -> {
                            guard.sweep();
                            queue.add(new Step(step.at().plus(Duration.ofHours(6)), seq++, "sweep", Optional.empty(), 0));
                        }
                    }
                    boolean open = insider.storageEntries(SEP).contains(ROGUE_ACCOUNT);
                    if (open && openSince.isEmpty()) {
                        openSince = Optional.of(clock.instant());
                    } else if (!open && openSince.isPresent()) {
                        Duration window = Duration.between(openSince.get(), clock.instant());
                        longest = window.compareTo(longest) > 0 ? window : longest;
                        windows.add(human(window));
                        rollbacks++;
                        openSince = Optional.empty();
                    }
                    if (clock.instant().isAfter(RedTeam.START.plus(Duration.ofHours(7)))) {
                        break; // the sweep after next has had its chance
                    }
                }
                if (openSince.isPresent()) {
                    Duration window = Duration.between(openSince.get(), clock.instant());
                    longest = window.compareTo(longest) > 0 ? window : longest;
                    problems.add("the path was still open at the end of the simulation (" + human(window) + ")");
                }
                writes = guard.writes().size() - writesBefore;
                escalations = receiver.alerts().stream().filter(a -> RedTeam.str(a, "kind").equals("escalation")).count();
                Optional<JsonObject> escalation = receiver.await(a -> RedTeam.str(a, "kind").equals("escalation")
                        && RedTeam.str(a.getAsJsonObject("finding"), "ruleId").equals("DLP005"), 3_000);
                if (escalation.isEmpty()) {
                    problems.add("no escalation alert for DLP005; the security team got "
                            + receiver.alerts().stream().map(RedTeam::describeWebhook).toList());
                } else {
                    List<String> named = new ArrayList<>();
                    for (JsonElement a : Insider.array(escalation.get().getAsJsonObject("event"), "actors")) {
                        JsonObject actor = a.getAsJsonObject();
                        named.add(RedTeam.str(actor, "upn").isEmpty() ? RedTeam.str(actor, "appId") : RedTeam.str(actor, "upn"));
                    }
                    actorsNamed = named;
                    if (!named.contains("mallory@contoso.com") || !named.contains(Insider.Actor.MALLORY_AUTOMATION.appId())) {
                        problems.add("the escalation does not name every actor of the fight: event.actors = " + named);
                    }
                }
            }
        }
        throwsByType.keySet().stream().filter(t -> !t.endsWith("RedeliveryRequested") && !t.endsWith("IllegalStateException"))
                .forEach(t -> problems.add("the function crashed with " + t));
        if (longest.compareTo(OPEN_BOUND) > 0) {
            problems.add(0, "the path stayed open " + human(longest) + " (bound " + human(OPEN_BOUND)
                    + ": the longest backoff interval plus delivery)");
        }
        // Rule book 2.3: one escalation per fight (a page per restore would be noise the insider can hide in).
        if (escalations > 1) {
            problems.add(escalations + " escalation alerts for one fight (rule book 2.3: one)");
        }
        // Never give up, but never hammer either: at most one restore per 30 s over the fight.
        long maxWrites = Duration.ofMinutes(5).plus(OPEN_BOUND).toSeconds() / 30 + 1;
        if (writes > maxWrites) {
            problems.add("the guard wrote " + writes + " times (more than one restore per 30 s: " + maxWrites + ")");
        }
        String line = "[redteam] " + s.name + ": longest open window " + human(longest) + " (simulated), "
                + rollbacks + " restore(s) observed (open windows " + windows + "), " + writes + " write(s), " + escalations + " escalation(s) naming " + actorsNamed + ", redeliveries asked " + throwsByType
                + (problems.isEmpty() ? " | PASS" : " | FAIL: " + problems.get(0)) + " | "
                + (System.nanoTime() - wall) / 1_000_000 + " ms";
        System.out.println(line);
        RedTeam.OUTCOMES.add(line);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
