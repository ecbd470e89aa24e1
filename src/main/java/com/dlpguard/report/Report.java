package com.dlpguard.report;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventDecision;
import com.dlpguard.plan.Plan;
import com.dlpguard.rules.Evaluation;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run decided: the evaluation, the plan (with {@code --plan}, in replay and when
 * applying), the events (replay, Event Grid), the outcomes of executed writes (apply), the alerts
 * the guard would send (replay).
 */
public record Report(Evaluation evaluation, Optional<Plan> plan, Optional<List<EventDecision>> events,
                     Optional<List<WriteOutcome>> outcomes, Optional<List<AlertLine>> alerts) {
    public Report {
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(plan, "plan");
        events = events.map(List::copyOf);
        outcomes = outcomes.map(List::copyOf);
        alerts = alerts.map(List::copyOf);
    }

    public Report(Evaluation evaluation, Optional<Plan> plan, Optional<List<EventDecision>> events,
                  Optional<List<WriteOutcome>> outcomes) {
        this(evaluation, plan, events, outcomes, Optional.empty());
    }

    public static Report of(Evaluation evaluation) {
        return new Report(evaluation, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Report withAlerts(List<AlertLine> a) {
        return new Report(evaluation, plan, events, outcomes, Optional.of(a));
    }

    public Report withPlan(Plan p) {
        return new Report(evaluation, Optional.of(p), events, outcomes, alerts);
    }

    public Report withEvents(List<EventDecision> e) {
        return new Report(evaluation, plan, Optional.of(e), outcomes, alerts);
    }

    public Report withOutcomes(List<WriteOutcome> o) {
        return new Report(evaluation, plan, events, Optional.of(o), alerts);
    }
}
