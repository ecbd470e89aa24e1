package com.dlpguard.redteam;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One attack, named by what it tries: the estate before (the compliant example plus whatever the
 * insider prepared earlier), the insider's edit and the events ARM raises for it, and what the
 * guard owes (rule book 1.1): the violation found, rolled back where the mode says so (the final
 * state of the world), and alerted.
 */
final class Scenario {

    enum Threat {
        PLACEMENT("placement"), MIMICRY("mimicry"), MODE_SWITCHING("mode-switch"), ATTRITION("attrition"),
        BORROWED_IDENTITY("borrowed-identity");

        final String prefix;

        Threat(String prefix) {
            this.prefix = prefix;
        }
    }

    /** The three ways in: the CLI's offline check, the CLI's replay of the event, the Event Grid function. */
    enum Entry { CHECK, REPLAY, FUNCTION }

    /** A finding the guard must report: rule, verdict ({@code violation} / {@code unknown}), the resource it names. */
    record Expected(String ruleId, String status, ResourceId resource, boolean rollback) {
    }

    /** An alert the security team must receive (webhook kind and finding) or that replay must list. */
    record Alert(String kind, String ruleId, ResourceId resource) {
        @Override
        public String toString() {
            return kind + " " + ruleId + " on " + resource.name();
        }
    }

    /** What the world must look like once the guard is done. */
    record FinalState(String description, Predicate<Insider> holds, int onlyAfterRound) {
        boolean appliesAfter(int round) {
            return onlyAfterRound == 0 || onlyAfterRound == round;
        }
    }

    /** One event ARM raises for the insider's edit. */
    record Raised(String subject, String operation, Insider.Actor actor) {
    }

    final String name;
    final Threat threat;
    String tries = "";
    final List<Consumer<Insider>> before = new ArrayList<>();
    final List<Consumer<Insider>> edits = new ArrayList<>();
    final List<Raised> events = new ArrayList<>();
    final List<ResourceId> unreadable = new ArrayList<>();
    final List<Consumer<JsonObject>> config = new ArrayList<>();
    final List<Expected> findings = new ArrayList<>();
    final List<Alert> alerts = new ArrayList<>();
    final List<FinalState> finalState = new ArrayList<>();
    Set<Entry> entries = EnumSet.allOf(Entry.class);
    Instant guardStarts = RedTeam.START;
    Duration elapsesBeforeEdit = Duration.ZERO;
    boolean guardRunsFirst;
    int repeats = 1;
    Duration repeatEvery = Duration.ZERO;
    final List<String> cliWarnings = new ArrayList<>();
    boolean ownWrite;

    private Scenario(String name, Threat threat) {
        if (!name.startsWith(threat.prefix + "_")) {
            throw new IllegalArgumentException(name + ": a scenario's name starts with its threat class " + threat.prefix);
        }
        this.name = name;
        this.threat = threat;
    }

    static Scenario named(String name, Threat threat) {
        return new Scenario(name, threat);
    }

    Scenario tries(String what) {
        this.tries = what;
        return this;
    }

    /** State the insider prepared earlier (no event reaches the guard for it, or it was compliant). */
    Scenario before(Consumer<Insider> prepared) {
        before.add(prepared);
        return this;
    }

    Scenario edit(Consumer<Insider> edit) {
        edits.add(edit);
        return this;
    }

    Scenario event(ResourceId subject, String operation) {
        return event(subject.toString(), operation, Insider.Actor.MALLORY);
    }

    Scenario event(String subject, String operation, Insider.Actor actor) {
        events.add(new Raised(subject, operation, actor));
        return this;
    }

    Scenario writeEvent(ResourceId subject) {
        return event(subject, Insider.writeOf(subject));
    }

    /** The guard's identity gets 403 on everything under {@code scope} (a resource group or resource). */
    Scenario unreadable(ResourceId scope) {
        unreadable.add(scope);
        return this;
    }

    Scenario config(Consumer<JsonObject> change) {
        config.add(change);
        return this;
    }

    Scenario violation(String ruleId, ResourceId resource) {
        findings.add(new Expected(ruleId, "violation", resource, false));
        return alert("violation", ruleId, resource);
    }

    /** A violation of a rule in rollback mode: planned (check --plan, replay) and undone (function). */
    Scenario rolledBack(String ruleId, ResourceId resource) {
        findings.add(new Expected(ruleId, "violation", resource, true));
        return alert("violation", ruleId, resource);
    }

    /** Cannot decide: never silent (CLI exit 1 for critical/high, an unverifiable alert in the guard). */
    Scenario unverifiable(String ruleId, ResourceId resource) {
        findings.add(new Expected(ruleId, "unknown", resource, false));
        return alert("unverifiable", ruleId, resource);
    }

    Scenario alert(String kind, String ruleId, ResourceId resource) {
        alerts.add(new Alert(kind, ruleId, resource));
        return this;
    }

    Scenario finalState(String description, Predicate<Insider> holds) {
        finalState.add(new FinalState(description, holds, 0));
        return this;
    }

    /** A state that must hold after round {@code round} of a {@link #repeated} attack only. */
    Scenario stateAfterRound(int round, String description, Predicate<Insider> holds) {
        finalState.add(new FinalState(description, holds, round));
        return this;
    }

    Scenario only(Entry first, Entry... rest) {
        entries = EnumSet.of(first, rest);
        return this;
    }

    /** The guard (cold start) is wired at {@code when}: its settings are read on that day, its clock starts there. */
    Scenario guardStartsAt(Instant when) {
        guardStarts = Objects.requireNonNull(when);
        return this;
    }

    LocalDate guardStartDay() {
        return LocalDate.ofInstant(guardStarts, ZoneOffset.UTC);
    }

    /**
     * Function only: the guard is already running (one sweep) before the insider acts, then
     * {@code d} of simulated time passes, then the edit and its events.
     */
    Scenario guardRunsFirstThenWaits(Duration d) {
        guardRunsFirst = true;
        elapsesBeforeEdit = d;
        return this;
    }

    /** Function only: the insider applies the same edit {@code times} times, {@code every} apart (attrition). */
    Scenario repeated(int times, Duration every) {
        repeats = times;
        repeatEvery = every;
        return this;
    }

    /** The CLI must warn on stderr with a line containing {@code fragment} (case-insensitive). */
    Scenario cliWarns(String fragment) {
        cliWarnings.add(fragment);
        return this;
    }

    Scenario expectOwnWrite() {
        ownWrite = true;
        return this;
    }

    Optional<ResourceId> unreadableScopeOf(String id) {
        ResourceId parsed = ResourceId.parse(id);
        return unreadable.stream().filter(u -> parsed.equals(u) || parsed.isWithin(u)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
