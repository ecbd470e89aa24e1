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
                           boolean stateUnavailable) {

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
        if ((kind == AlertKind.RESOLVED) != action.isEmpty()) {
            throw new IllegalArgumentException("a resolved message has no action, every other message has one");
        }
        if (kind == AlertKind.ESCALATION && action.get() != ActionTaken.ESCALATED_FIGHT
                || kind == AlertKind.VIOLATION && action.get() == ActionTaken.ESCALATED_FIGHT) {
            throw new IllegalArgumentException("an escalation, and only an escalation, has the action escalated-fight");
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
                finding.remediation(), finding.workspace(), timestamp, false);
    }

    /** A violation that a human fixed: the rule passes again. */
    public static AlertMessage resolved(Finding passing, String ruleTitle, AlertContext context, Instant timestamp) {
        if (passing.status() != Status.PASS) {
            throw new IllegalArgumentException("a resolved alert needs a passing finding, not " + passing.status().wireName());
        }
        return new AlertMessage(AlertKind.RESOLVED, passing.ruleId(), ruleTitle, passing.severity(), passing.resourceId(),
                passing.message(), List.of(), context, Optional.empty(),
                "The rule passes again; the change was not made by DLP Guard.", passing.remediation(),
                passing.workspace(), timestamp, false);
    }

    public AlertMessage withStateUnavailable() {
        return new AlertMessage(kind, ruleId, ruleTitle, severity, resourceId, message, offendingValues, context, action,
                outcomeDetail, remediation, workspace, timestamp, true);
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
