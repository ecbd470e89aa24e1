package com.dlpguard.cli;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.alerts.AlertSink;
import com.dlpguard.app.AlertingNotifier;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.EventDecision;
import com.dlpguard.events.EventPayloadException;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.plan.Plan;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.report.AlertLine;
import com.dlpguard.report.Report;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code replay}: an Event Grid / CloudEvents payload through the same parser, router and guard
 * the function runs, against a snapshot, always in dry-run: it shows what the function would
 * decide, and the alerts it would send, and never writes.
 */
final class ReplayCommand {
    private static final Set<String> VALUED = Set.of("event", "snapshot", "config", "format", "guard-identity");
    private static final Set<String> FLAGS = Set.of("verbose");

    /** Any window longer than one delivery: within it, one alert per finding and state. */
    private static final java.time.Duration REPLAY_DEDUPE_WINDOW = java.time.Duration.ofHours(1);

    private ReplayCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        CliArgs a = CliArgs.parse(args, VALUED, FLAGS);
        OutputFormat format = OutputFormat.parse(a.single("format").orElse("text"), false);
        String eventFile = a.required("event");
        Path eventPath = Inputs.existing(eventFile, "event file");
        String snapshot = a.required("snapshot");
        Clock clock = Clock.systemUTC();
        GuardConfig config = Inputs.config(a.required("config"), java.time.LocalDate.now(clock));
        Inputs.warn(config, err);
        List<ParsedEvent> events;
        try {
            if (Files.isDirectory(eventPath)) {
                throw new UsageException(eventFile + ": is a directory, expected an event file");
            }
            events = EventPayloadParser.parse(Files.readAllBytes(eventPath));
        } catch (IOException e) {
            throw new UsageException(eventFile + ": cannot read: " + e.getClass().getSimpleName());
        } catch (EventPayloadException e) {
            throw new UsageException(eventFile + ": " + e.getMessage());
        }
        InMemoryArmGateway gateway = Inputs.snapshot(snapshot);
        Set<String> identities = new LinkedHashSet<>(a.all("guard-identity"));
        // The guard's own alert path (modes, exemptions, de-duplication), its sink a list: what this
        // delivery would send, each alert once.
        List<AlertMessage> wouldSend = new ArrayList<>();
        AlertSink capture = new AlertSink() {
            @Override
            public String name() {
                return "replay";
            }

            @Override
            public void send(AlertMessage alert) {
                wouldSend.add(alert);
            }
        };
        InMemoryGuardStateStore state = new InMemoryGuardStateStore();
        AlertingNotifier notifier = new AlertingNotifier(new AlertDispatcher(state, List.of(capture), REPLAY_DEDUPE_WINDOW),
                clock, line -> { });
        Guard guard = new Guard(config, new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), clock),
                state, notifier, clock,
                GuardPolicy.defaults().withDryRun(true).withGuardIdentities(identities),
                a.flag("verbose") ? err::println : line -> { });
        Guard.Outcome outcome;
        try {
            guard.warmUp();
            outcome = guard.handle(events);
        } catch (ArmException e) {
            throw new UsageException(snapshot + ": " + e.getMessage());
        }
        List<EventDecision> decisions = outcome.decisions();
        Evaluation found = outcome.result().map(r -> r.found()).orElse(new Evaluation(List.of()));
        Plan plan = outcome.result().map(r -> r.plan()).orElse(Plan.EMPTY);
        Report report = Report.of(found).withPlan(plan).withEvents(decisions).withAlerts(wouldSend.stream()
                .map(m -> new AlertLine(m.kind().wireName(), m.ruleId(), m.resourceId(), m.action().map(ActionTaken::wireName)))
                .toList());
        Output.print(report, format, a.flag("verbose"), out);
        if (decisions.stream().noneMatch(EventDecision::accepted)) {
            return Main.OK;
        }
        return found.failsCheck() ? Main.VIOLATIONS : Main.OK;
    }
}
