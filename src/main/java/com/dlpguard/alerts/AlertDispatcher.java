package com.dlpguard.alerts;

import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Status;
import com.dlpguard.state.FallbackGuardStateStore;
import com.dlpguard.state.GuardStateStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Decides whether a finding is news and hands it to every sink.
 *
 * <p>De-duplication: an alert is sent when {@link GuardStateStore#claimAlert} grants its key
 * (workspace, rule, resource) with its {@linkplain AlertMessage#stateFingerprint() fingerprint}
 * (kind, action, offending values): the same standing violation seen by every sweep, or a
 * redelivered event, alerts once per window; a new offending value, a new action (a failed
 * rollback after a dry run) or a recurrence after a fix alerts at once. A fix — the guard's own
 * rollback or a human's — resets the claim, so the next identical violation is news again.
 *
 * <p>"Resolved": the last status of every finding key is kept with
 * {@link GuardStateStore#swapFindingStatus}; a pass whose previous status was {@code violation}
 * (standing, not fixed by the guard) sends one {@link AlertKind#RESOLVED}. The swap is atomic,
 * so two instances seeing the same recovery send one message. {@code unknown} leaves the status
 * as it was: "can't tell" says nothing about recovery.
 *
 * <p>The store is used through {@link FallbackGuardStateStore} (the given one when it already is
 * one): when the shared store is down the decision is made in this instance's memory and the
 * alert says so ({@link AlertMessage#stateUnavailable()}): better a possible duplicate than a
 * lost alert. Sinks never throw and never block; this class never throws because of a sink or
 * the store.
 */
public final class AlertDispatcher {
    private static final Logger LOG = Logger.getLogger(AlertDispatcher.class.getName());

    /** How long a finding's last status is remembered; every evaluation refreshes it. */
    public static final Duration STATUS_TTL = Duration.ofDays(30);

    static final String VIOLATION = "violation";
    static final String REMEDIATED = "remediated";
    static final String AUDIT = "audit";
    static final String PASS = "pass";
    static final String ESCALATION_FINGERPRINT = "fight";
    /** Held by a slot whose alert was not delivered: no alert's fingerprint, so the next one is claimable. */
    static final String NOT_DELIVERED = "not-delivered";

    /** What {@link #onViolation} / {@link #onPass} did, for the caller's log and for tests. */
    public enum Decision {
        SENT, DEDUPLICATED, RESOLVED_SENT, NOT_ALERTED
    }

    private final FallbackGuardStateStore store;
    private final List<AlertSink> sinks;
    private final Duration window;

    public AlertDispatcher(GuardStateStore store, List<AlertSink> sinks, Duration dedupeWindow) {
        Objects.requireNonNull(store, "store");
        this.store = store instanceof FallbackGuardStateStore f ? f : new FallbackGuardStateStore(store);
        this.sinks = List.copyOf(sinks);
        this.window = Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        if (dedupeWindow.isNegative()) {
            throw new IllegalArgumentException("the de-duplication window cannot be negative");
        }
    }

    /** A violation and what the guard did about it ({@link ActionTaken#AUDIT_ONLY}: recorded, never sent). */
    public Decision onViolation(Finding finding, String ruleTitle, AlertContext context, ActionTaken action,
                                String outcomeDetail, Instant now) {
        AlertMessage alert = AlertMessage.violation(finding, ruleTitle, context, action, outcomeDetail, now);
        String status = action == ActionTaken.ROLLED_BACK ? REMEDIATED : action == ActionTaken.AUDIT_ONLY ? AUDIT : VIOLATION;
        store.swapFindingStatus(alert.alertKey(), status, now, STATUS_TTL);
        if (action == ActionTaken.AUDIT_ONLY) {
            return Decision.NOT_ALERTED;
        }
        boolean claimed = store.claimAlert(alert.alertKey(), alert.stateFingerprint(), now, window);
        if (!claimed) {
            LOG.fine(() -> "alert " + TeamsSink.describe(alert) + " de-duplicated (same state within " + window + ")");
            return Decision.DEDUPLICATED;
        }
        deliver(flagged(alert), alert.alertKey());
        if (REMEDIATED.equals(status)) {
            // Fixed: the next identical violation is news again.
            store.claimAlert(alert.alertKey(), REMEDIATED, now, window);
        }
        return Decision.SENT;
    }

    /** A finding that passes: sends "resolved" when a standing violation was fixed by someone else. */
    public Decision onPass(Finding finding, String ruleTitle, AlertContext context, Instant now) {
        if (finding.status() != Status.PASS) {
            throw new IllegalArgumentException("onPass needs a passing finding, not " + finding.status().wireName());
        }
        AlertMessage resolved = AlertMessage.resolved(finding, ruleTitle, context, now);
        String previous = store.swapFindingStatus(resolved.alertKey(), PASS, now, STATUS_TTL).orElse(PASS);
        if (!VIOLATION.equals(previous)) {
            return Decision.NOT_ALERTED;
        }
        // The violation is over: the next one, even with the same values, is news.
        store.claimAlert(resolved.alertKey(), PASS, now, window);
        deliver(flagged(resolved), resolved.alertKey());
        return Decision.RESOLVED_SENT;
    }

    /**
     * A gap found by the self-check ({@link AlertKind#GUARD_HEALTH}). De-duplicated like a
     * violation: the same gap is repeated once per window while it lasts (every sweep, with the
     * default schedule), because a guard that cannot enforce must keep saying so.
     */
    public Decision onGuardHealth(AlertMessage alert, Instant now) {
        if (alert.kind() != AlertKind.GUARD_HEALTH) {
            throw new IllegalArgumentException("onGuardHealth needs a guard-health message, not " + alert.kind().wireName());
        }
        if (!store.claimAlert(alert.alertKey(), alert.stateFingerprint(), now, window)) {
            return Decision.DEDUPLICATED;
        }
        deliver(flagged(alert), alert.alertKey());
        return Decision.SENT;
    }

    private AlertMessage flagged(AlertMessage alert) {
        if (!store.isDegraded()) {
            return alert;
        }
        LOG.warning(() -> "state store unavailable: alert " + TeamsSink.describe(alert)
                + " was de-duplicated in this instance's memory only");
        return alert.withStateUnavailable();
    }

    /**
     * A fight over one resource (rule book 2.3): one escalation per rule and resource within the
     * window, naming every actor, whatever values each round used (an insider varying the rogue
     * account must not turn one fight into many alerts, nor one alert into none). Its
     * de-duplication slot is its own, so the violation alerts of the same finding do not absorb it.
     */
    public Decision onEscalation(Finding finding, String ruleTitle, AlertContext context, List<Actor> actors,
                                 String outcomeDetail, Instant now) {
        AlertMessage alert = AlertMessage.escalation(finding, ruleTitle, context, actors, outcomeDetail, now);
        String key = alert.alertKey() + "|escalation";
        if (!store.claimAlert(key, ESCALATION_FINGERPRINT, now, window)) {
            LOG.fine(() -> "escalation " + TeamsSink.describe(alert) + " de-duplicated (one per fight within " + window + ")");
            return Decision.DEDUPLICATED;
        }
        deliver(flagged(alert), key);
        return Decision.SENT;
    }

    /**
     * A finding the guard could not decide, of a rule in alert or rollback mode (the caller
     * decides that): an {@link AlertKind#UNVERIFIABLE} alert, de-duplicated like a violation
     * (same key, its own fingerprint: a read that keeps failing alerts once per window). The
     * finding's last status is left as it was: "can't tell" says nothing about recovery.
     */
    public Decision onUnknown(Finding unknown, String ruleTitle, AlertContext context, Instant now) {
        AlertMessage alert = AlertMessage.unverifiable(unknown, ruleTitle, context, now);
        if (!store.claimAlert(alert.alertKey(), alert.stateFingerprint(), now, window)) {
            LOG.fine(() -> "alert " + TeamsSink.describe(alert) + " de-duplicated (same state within " + window + ")");
            return Decision.DEDUPLICATED;
        }
        deliver(flagged(alert), alert.alertKey());
        return Decision.SENT;
    }

    /** Any finding: violations need {@link #onViolation} (they carry an action); unknown changes nothing. */
    public Decision onFinding(Finding finding, String ruleTitle, AlertContext context, ActionTaken actionIfViolation,
                              String outcomeDetail, Instant now) {
        switch (finding.status()) {
            case VIOLATION:
                return onViolation(finding, ruleTitle, context, actionIfViolation, outcomeDetail, now);
            case PASS:
                return onPass(finding, ruleTitle, context, now);
            default:
                return Decision.NOT_ALERTED;
        }
    }

    /**
     * Hands the alert to every sink. When any sink could not queue or send it (rule book 2.3), the
     * alert gives up its de-duplication slot ({@code slotKey}), so the next evaluation of the same
     * state alerts again instead of an hour of silence: a receiver an insider can make fail
     * (flooding the queue, a throttled webhook) must not buy them a quiet window. The slot is
     * released by claiming it with a value no alert carries; should a newer alert have claimed it
     * meanwhile, that one may repeat: a possible duplicate, never a lost alert.
     */
    private void deliver(AlertMessage alert, String slotKey) {
        for (AlertSink sink : sinks) {
            try {
                sink.offer(alert).whenComplete((delivered, error) -> {
                    if (error != null || !Boolean.TRUE.equals(delivered)) {
                        release(alert, slotKey, sink.name());
                    }
                });
            } catch (RuntimeException e) {
                // The contract says sinks never throw; a broken one must still not reach the rollback path.
                LOG.warning(() -> "sink '" + sink.name() + "' failed on alert " + TeamsSink.describe(alert) + ": "
                        + HttpAlertSender.describe(e));
                release(alert, slotKey, sink.name());
            }
        }
    }

    private void release(AlertMessage alert, String slotKey, String sink) {
        try {
            store.claimAlert(slotKey, NOT_DELIVERED, alert.timestamp(), window);
            LOG.warning(() -> "alert " + TeamsSink.describe(alert) + " not delivered by sink '" + sink
                    + "': its de-duplication slot is released, the next evaluation alerts again");
        } catch (RuntimeException e) {
            LOG.warning(() -> "alert " + TeamsSink.describe(alert) + ": slot not released (" + e.getClass().getSimpleName() + ")");
        }
    }

}
