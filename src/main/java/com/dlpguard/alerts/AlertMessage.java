package com.dlpguard.alerts;

import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One alert as a value, independent of where it goes: every sink renders the same facts.
 * Strings here are raw (user-controlled where they come from Azure or the event); renderers
 * escape them for their format. {@code action} is empty only for {@link AlertKind#RESOLVED}.
 * {@code stateUnavailable}: the shared state store was down, so de-duplication fell back to
 * this instance's memory and the alert says it may repeat.
 * {@code actors}: for an escalation, every actor of the changes the guard fought (an insider
 * repeating a change through several identities is named under each); empty for other kinds.
 */
public record AlertMessage(AlertKind kind,
                           String ruleId,
                           String ruleTitle,
                           Severity severity,
                           ResourceId resourceId,
                           String message,
                           List<String> offendingValues,
                           AlertContext context,
                           Optional<ActionTaken> action,
                           String outcomeDetail,
                           String remediation,
                           String workspace,
                           Instant timestamp,
                           boolean stateUnavailable,
                           List<Actor> actors) {

    /** The outcome of every unverifiable alert (the card does not repeat it after the action's explanation). */
    public static final String UNVERIFIABLE_OUTCOME = "Nothing was written: the guard never writes on a verdict it cannot show.";

    public AlertMessage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(ruleTitle, "ruleTitle");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(resourceId, "resourceId");
        Objects.requireNonNull(message, "message");
        offendingValues = List.copyOf(offendingValues);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcomeDetail, "outcomeDetail");
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(timestamp, "timestamp");
        actors = List.copyOf(actors);
        if ((kind == AlertKind.RESOLVED) != action.isEmpty()) {
            throw new IllegalArgumentException("a resolved message has no action, every other message has one");
        }
        if (kind == AlertKind.ESCALATION && action.get() != ActionTaken.ESCALATED_FIGHT
                || kind != AlertKind.ESCALATION && action.isPresent() && action.get() == ActionTaken.ESCALATED_FIGHT) {
            throw new IllegalArgumentException("an escalation, and only an escalation, has the action escalated-fight");
        }
        if ((kind == AlertKind.UNVERIFIABLE) != action.filter(a -> a == ActionTaken.COULD_NOT_VERIFY).isPresent()) {
            throw new IllegalArgumentException("an unverifiable message, and only one, has the action could-not-verify");
        }
        if ((kind == AlertKind.GUARD_HEALTH) != action.filter(a -> a == ActionTaken.CANNOT_ENFORCE).isPresent()) {
            throw new IllegalArgumentException("a guard-health message, and only one, has the action cannot-enforce");
        }
        if (kind != AlertKind.ESCALATION && !actors.isEmpty()) {
            throw new IllegalArgumentException("only an escalation lists the actors of a fight");
        }
    }

    /**
     * A violation (or an escalation, when {@code action} is {@link ActionTaken#ESCALATED_FIGHT}).
     * {@code ruleTitle} comes from the rule: findings carry the id only.
     */
    public static AlertMessage violation(Finding finding, String ruleTitle, AlertContext context,
                                         ActionTaken action, String outcomeDetail, Instant timestamp) {
        if (finding.status() != Status.VIOLATION) {
            throw new IllegalArgumentException("a violation alert needs a violation finding, not " + finding.status().wireName());
        }
        AlertKind kind = action == ActionTaken.ESCALATED_FIGHT ? AlertKind.ESCALATION : AlertKind.VIOLATION;
        return new AlertMessage(kind, finding.ruleId(), ruleTitle, finding.severity(), finding.resourceId(),
                finding.message(), finding.offendingValues(), context, Optional.of(action), outcomeDetail,
                finding.remediation(), finding.workspace(), timestamp, false,
                kind == AlertKind.ESCALATION ? List.of(context.actor()) : List.of());
    }

    /**
     * Repeated fights over one resource: names every actor of the changes the guard rolled back
     * within the fight window (the triggering event's actor first when known). {@code outcomeDetail}
     * says whether the guard keeps restoring (critical rules) or stopped (others).
     */
    public static AlertMessage escalation(Finding finding, String ruleTitle, AlertContext context, List<Actor> actors,
                                          String outcomeDetail, Instant timestamp) {
        if (finding.status() != Status.VIOLATION) {
            throw new IllegalArgumentException("an escalation needs a violation finding, not " + finding.status().wireName());
        }
        if (actors.isEmpty()) {
            throw new IllegalArgumentException("an escalation names the actors of the fight (Actor.unknown() when none is known)");
        }
        return new AlertMessage(AlertKind.ESCALATION, finding.ruleId(), ruleTitle, finding.severity(), finding.resourceId(),
                finding.message(), finding.offendingValues(), context, Optional.of(ActionTaken.ESCALATED_FIGHT),
                outcomeDetail, finding.remediation(), finding.workspace(), timestamp, false, actors);
    }

    /**
     * A finding the guard could not decide (rule book 2: "unknown is never silent"): the message
     * names what could not be read and why (403, not found, throttled).
     */
    public static AlertMessage unverifiable(Finding unknown, String ruleTitle, AlertContext context, Instant timestamp) {
        if (unknown.status() != Status.UNKNOWN) {
            throw new IllegalArgumentException("an unverifiable alert needs an unknown finding, not " + unknown.status().wireName());
        }
        return new AlertMessage(AlertKind.UNVERIFIABLE, unknown.ruleId(), ruleTitle, unknown.severity(), unknown.resourceId(),
                unknown.message(), unknown.offendingValues(), context, Optional.of(ActionTaken.COULD_NOT_VERIFY),
                UNVERIFIABLE_OUTCOME, unknown.remediation(),
                unknown.workspace(), timestamp, false, List.of());
    }

    /**
     * A gap found by the guard's self-check ({@code doctor}, every sweep): a missing permission,
     * a broken Event Grid subscription, an unreadable configured resource. {@code checkId} takes
     * the place of a rule id (e.g. {@code HEALTH-PERMISSIONS}); {@code resourceId} is the scope
     * checked; {@code workspace} the configured workspace it concerns, or empty for the guard itself.
     */
    public static AlertMessage guardHealth(String checkId, String checkTitle, ResourceId resourceId, String message,
                                           List<String> missing, String remediation, String workspace, Instant timestamp) {
        return new AlertMessage(AlertKind.GUARD_HEALTH, checkId, checkTitle, Severity.CRITICAL, resourceId, message,
                missing, AlertContext.none(), Optional.of(ActionTaken.CANNOT_ENFORCE),
                "The guard may be unable to roll back or to see changes until this is fixed.", remediation,
                workspace, timestamp, false, List.of());
    }

    /** A violation that a human fixed: the rule passes again. */
    public static AlertMessage resolved(Finding passing, String ruleTitle, AlertContext context, Instant timestamp) {
        if (passing.status() != Status.PASS) {
            throw new IllegalArgumentException("a resolved alert needs a passing finding, not " + passing.status().wireName());
        }
        return new AlertMessage(AlertKind.RESOLVED, passing.ruleId(), ruleTitle, passing.severity(), passing.resourceId(),
                passing.message(), List.of(), context, Optional.empty(),
                "The rule passes again; the change was not made by DLP Guard.", passing.remediation(),
                passing.workspace(), timestamp, false, List.of());
    }

    public AlertMessage withStateUnavailable() {
        return new AlertMessage(kind, ruleId, ruleTitle, severity, resourceId, message, offendingValues, context, action,
                outcomeDetail, remediation, workspace, timestamp, true, actors);
    }

    /** Identifies the finding across alerts: the same rule on the same resource of the same workspace. */
    public String alertKey() {
        return alertKey(workspace, ruleId, resourceId);
    }

    static String alertKey(String workspace, String ruleId, ResourceId resourceId) {
        return workspace + "|" + ruleId + "|" + resourceId.key();
    }

    /**
     * What the alert says about the state, for de-duplication: the same fingerprint within the
     * window is the same news. The message text is left out on purpose (a rule may reword it);
     * offending values are sorted because their order carries no meaning.
     */
    public String stateFingerprint() {
        return sha256Hex(kind.wireName() + "|" + action.map(ActionTaken::wireName).orElse("") + "|"
                + String.join("\n", new TreeSet<>(offendingValues)));
    }

    /** Stable per alert (a retried delivery carries the same id), for receivers that de-duplicate. */
    public String alertId() {
        return sha256Hex(alertKey() + "|" + stateFingerprint() + "|" + timestamp).substring(0, 32);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
