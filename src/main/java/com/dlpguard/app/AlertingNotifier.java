package com.dlpguard.app;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.Actor;
import com.dlpguard.alerts.AlertContext;
import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AuditRecord;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventContext;
import com.dlpguard.reconcile.ChangeActor;
import com.dlpguard.reconcile.Escalation;
import com.dlpguard.reconcile.FindingNotice;
import com.dlpguard.reconcile.GuardAction;
import com.dlpguard.reconcile.Notifier;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.RuleCatalog;
import com.dlpguard.rules.Status;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Connects the guard's decisions to the alert dispatcher (dedupe, "resolved") and writes one
 * audit line per executed write. Never throws: alerting must not undo or block a rollback.
 */
public final class AlertingNotifier implements Notifier {
    private static final Map<String, String> TITLES = RuleCatalog.all().stream()
            .collect(Collectors.toUnmodifiableMap(Rule::id, Rule::title));

    private final AlertDispatcher dispatcher;
    private final Clock clock;
    private final Consumer<String> auditLog;

    public AlertingNotifier(AlertDispatcher dispatcher, Clock clock, Consumer<String> auditLog) {
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.auditLog = auditLog;
    }

    @Override
    public void notify(List<FindingNotice> notices, List<WriteOutcome> outcomes, EventContext context) {
        Instant now = clock.instant();
        AlertContext alertContext = alertContext(context);
        for (WriteOutcome outcome : outcomes) {
            try {
                auditLog.accept(AuditRecord.of(outcome, alertContext, now).toJsonLine());
            } catch (RuntimeException e) {
                auditLog.accept("{\"kind\":\"dlp-guard.audit\",\"error\":\"audit record could not be rendered: "
                        + e.getClass().getSimpleName() + "\"}");
            }
        }
        for (FindingNotice notice : notices) {
            try {
                dispatch(notice, alertContext, now);
            } catch (RuntimeException e) {
                auditLog.accept("{\"kind\":\"dlp-guard.alert\",\"error\":\"alert not dispatched: "
                        + e.getClass().getSimpleName() + "\"}");
            }
        }
    }

    private void dispatch(FindingNotice notice, AlertContext context, Instant now) {
        Finding finding = notice.assessment().finding();
        String title = TITLES.getOrDefault(finding.ruleId(), finding.ruleId());
        if (finding.status() == Status.PASS) {
            dispatcher.onPass(finding, title, context, now);
            return;
        }
        if (notice.action() == GuardAction.UNVERIFIABLE) {
            dispatcher.onUnknown(finding, title, context, now);
            return;
        }
        Optional<ActionTaken> action = switch (notice.action()) {
            case AUDIT_ONLY -> Optional.of(ActionTaken.AUDIT_ONLY);
            case ALERT_ONLY -> Optional.of(ActionTaken.ALERT_ONLY);
            case WOULD_ROLL_BACK -> Optional.of(ActionTaken.WOULD_ROLL_BACK_DRY_RUN);
            case ROLLED_BACK -> Optional.of(ActionTaken.ROLLED_BACK);
            case ROLLBACK_FAILED -> Optional.of(ActionTaken.ROLLBACK_FAILED);
            // Deferred by the fight backoff: still open right now, and people must know it.
            case RESTORE_DEFERRED -> Optional.of(ActionTaken.ROLLBACK_FAILED);
            // Exempted: accepted risk. Handled elsewhere: the instance that wrote alerts.
            // Escalated: the escalation below is the alert.
            case EXEMPTED, HANDLED_ELSEWHERE, NONE, ESCALATED_FIGHT, UNVERIFIABLE -> Optional.empty();
        };
        if (finding.status() == Status.VIOLATION && notice.escalation().isPresent()) {
            escalate(notice, title, context, now);
        }
        if (action.isEmpty() || finding.status() != Status.VIOLATION) {
            return;
        }
        String detail = notice.outcome().map(AlertingNotifier::outcomeSentence).orElse(action.get().explanation());
        if (notice.action() == GuardAction.RESTORE_DEFERRED) {
            detail = "The resource is being fought over: the restore is deferred by the guard's backoff"
                    + notice.retryAt().map(t -> " until " + t).orElse("") + " and will follow; the setting is open until then.";
        }
        if (notice.stateUnavailable()) {
            detail = (detail + " The shared guard state was unavailable: this was decided from this instance's memory.").strip();
        }
        dispatcher.onViolation(finding, title, context, action.get(), detail, now);
    }

    /**
     * What happened to the write, as a sentence for the card and the webhook's {@code outcome.detail}
     * (the card puts it after the action's own explanation, so it does not repeat it). The
     * technical detail (method, full ARM path) stays in the audit line; only a refusal keeps
     * ARM's words, because they say why.
     */
    public static String outcomeSentence(WriteOutcome outcome) {
        String name = outcome.write().target().name();
        return switch (outcome.result()) {
            case APPLIED -> "Azure confirmed the change to " + name + ".";
            case DRY_RUN -> "Nothing was sent to Azure: the guard runs in dry-run mode.";
            case PRECONDITION_FAILED -> "Nothing was changed: " + name + " was modified again before the guard could write;"
                    + " it re-checks from a fresh read.";
            case FAILED -> "Azure refused the change to " + name
                    + outcome.errorCode().map(code -> " (" + code + ")").orElse("") + ": " + outcome.detail().replaceAll("\\.$", "") + ".";
        };
    }

    private void escalate(FindingNotice notice, String title, AlertContext context, Instant now) {
        Escalation fight = notice.escalation().orElseThrow();
        List<Actor> actors = fight.actors().stream().map(AlertingNotifier::actor).toList();
        String detail = fight.rollbacks() + " rollbacks within the fight window. "
                + (fight.keepsRestoring()
                ? "Critical rule: the guard keeps restoring (at most once per backoff interval, 30 s doubling to 5 min); find who keeps changing it."
                : "The guard stopped rolling back this resource until the window passes: a human must decide.");
        if (notice.stateUnavailable()) {
            detail = detail + " The shared guard state was unavailable: the count is this instance's only.";
        }
        dispatcher.onEscalation(notice.assessment().finding(), title, context, actors, detail, now);
    }

    static Actor actor(ChangeActor a) {
        return new Actor(a.upn(), a.appId(), a.clientIp());
    }

    static AlertContext alertContext(EventContext c) {
        Actor actor = new Actor(c.actorUpn(), c.actorAppId(), c.clientIp());
        return new AlertContext(actor, c.correlationId(), c.eventId());
    }
}
