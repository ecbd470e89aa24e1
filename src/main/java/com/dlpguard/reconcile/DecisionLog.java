package com.dlpguard.reconcile;

import com.dlpguard.config.Exemption;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.config.Mode;
import com.dlpguard.events.EventContext;
import com.dlpguard.events.EventDecision;
import com.dlpguard.json.Json;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Status;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where a reconcile's decisions are put into words, in one place: one {@link FindingNotice} per
 * finding (what the guard did about it, for the alerts) and the JSON lines of the decision log
 * (one per event, one per finding).
 */
final class DecisionLog {
    private final Consumer<String> sink;

    DecisionLog(Consumer<String> sink) {
        this.sink = sink;
    }

    /** The notices of one reconcile, given what the arbiter vetoed. */
    static List<FindingNotice> notices(ReconcileResult result, WriteArbiter.Round round, EventContext context,
                                       boolean degraded) {
        List<FindingNotice> notices = new ArrayList<>();
        for (Assessment a : result.found().assessments()) {
            Optional<WriteOutcome> outcome = result.outcomes().stream()
                    .filter(o -> o.write().ruleIds().contains(a.finding().ruleId())
                            && a.finding().remedies().stream().anyMatch(r -> r.target().equals(o.write().target())))
                    .reduce((first, second) -> second);
            Optional<Escalation> fight = Optional.empty();
            Optional<java.time.Instant> retryAt = Optional.empty();
            for (var remedy : a.finding().remedies()) {
                fight = fight.or(() -> round.escalation(a.finding().ruleId(), remedy.target()));
                retryAt = retryAt.or(() -> round.retryAt(a.finding().ruleId(), remedy.target()));
            }
            notices.add(new FindingNotice(a, action(a, outcome, result, round), outcome, context, degraded, fight, retryAt));
        }
        return notices;
    }

    static GuardAction action(Assessment a, Optional<WriteOutcome> outcome, ReconcileResult result, WriteArbiter.Round round) {
        if (a.finding().status() == Status.UNKNOWN) {
            // Audit records only; an exemption is accepted risk (the insider cannot write the config).
            return a.mode() == Mode.AUDIT || a.exemption().isPresent() ? GuardAction.NONE : GuardAction.UNVERIFIABLE;
        }
        if (a.finding().status() != Status.VIOLATION) {
            return GuardAction.NONE;
        }
        if (a.exemption().isPresent()) {
            return GuardAction.EXEMPTED;
        }
        if (a.mode() == Mode.AUDIT) {
            return GuardAction.AUDIT_ONLY;
        }
        if (a.mode() == Mode.ALERT || a.finding().remedies().isEmpty()) {
            return GuardAction.ALERT_ONLY;
        }
        for (var remedy : a.finding().remedies()) {
            Optional<GuardAction> veto = round.veto(a.finding().ruleId(), remedy.target());
            if (veto.isPresent()) {
                return veto.get();
            }
        }
        if (outcome.isPresent() && outcome.get().result() == WriteOutcome.Result.DRY_RUN) {
            return GuardAction.WOULD_ROLL_BACK;
        }
        return stillViolated(a, result) ? GuardAction.ROLLBACK_FAILED : GuardAction.ROLLED_BACK;
    }

    private static boolean stillViolated(Assessment a, ReconcileResult result) {
        return result.verified().assessments().stream().anyMatch(v -> v.isViolation()
                && v.finding().ruleId().equals(a.finding().ruleId())
                && v.finding().resourceId().equals(a.finding().resourceId()));
    }

    /**
     * An exemption whose date passed: it lapsed, so its findings count (and alert, and roll back)
     * again. Logged once per instance, on the first reconcile after the date, because a time bomb
     * that silently changes what the guard does is exactly what rule book 3 forbids.
     */
    void lapsedExemption(Exemption e) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.config");
        line.addProperty("warning", "exemption-lapsed");
        line.addProperty("rule", e.ruleId());
        line.addProperty("resource", e.resourceId().toString());
        line.addProperty("until", e.until().toString());
        line.addProperty("message", e.lapsedMessage());
        sink.accept(Json.COMPACT.toJson(line));
    }

    void event(EventDecision d) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.event");
        line.addProperty("eventId", d.eventId());
        d.context().correlationId().ifPresent(v -> line.addProperty("correlationId", v));
        d.context().actor().ifPresent(v -> line.addProperty("actor", v));
        d.context().operationName().ifPresent(v -> line.addProperty("operation", v));
        d.context().subject().ifPresent(v -> line.addProperty("subject", v));
        line.addProperty("accepted", d.accepted());
        line.addProperty("reason", d.reason());
        line.addProperty("scopes", d.scopes().size());
        if (d.ownWrite()) {
            line.addProperty("ownWrite", true);
        }
        sink.accept(Json.COMPACT.toJson(line));
    }

    void notice(FindingNotice n) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.decision");
        n.context().correlationId().ifPresent(v -> line.addProperty("correlationId", v));
        n.context().actor().ifPresent(v -> line.addProperty("actor", v));
        line.addProperty("workspace", n.assessment().finding().workspace());
        n.assessment().finding().subnetId().ifPresent(s -> line.addProperty("scope", s.toString()));
        line.addProperty("rule", n.assessment().finding().ruleId());
        line.addProperty("resource", n.assessment().finding().resourceId().toString());
        line.addProperty("verdict", n.assessment().finding().status().wireName());
        line.addProperty("mode", n.assessment().mode().wireName());
        line.addProperty("action", n.action().wireName());
        n.outcome().ifPresent(o -> line.addProperty("outcome", o.result().wireName()));
        n.retryAt().ifPresent(t -> line.addProperty("retryAt", t.toString()));
        n.escalation().ifPresent(e -> {
            line.addProperty("fightRollbacks", e.rollbacks());
            line.addProperty("fightKeepsRestoring", e.keepsRestoring());
        });
        if (n.stateUnavailable()) {
            line.addProperty("stateUnavailable", true);
        }
        sink.accept(Json.COMPACT.toJson(line));
    }
}
