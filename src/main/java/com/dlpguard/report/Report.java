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
 * applying), the events (replay, Event Grid), the outcomes of executed writes (apply).
 */
public record Report(Evaluation evaluation, Optional<Plan> plan, Optional<List<EventDecision>> events,
                     Optional<List<WriteOutcome>> outcomes) {
    public Report {
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(plan, "plan");
        events = events.map(List::copyOf);
        outcomes = outcomes.map(List::copyOf);
    }

    public static Report of(Evaluation evaluation) {
        return new Report(evaluation, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Report withPlan(Plan p) {
        return new Report(evaluation, Optional.of(p), events, outcomes);
    }

    public Report withEvents(List<EventDecision> e) {
        return new Report(evaluation, plan, Optional.of(e), outcomes);
    }

    public Report withOutcomes(List<WriteOutcome> o) {
        return new Report(evaluation, plan, events, Optional.of(o));
    }
}
