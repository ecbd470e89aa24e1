package com.dlpguard.alerts;

import com.dlpguard.app.AlertingNotifier;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Findings and alerts shaped like the guard's real ones (DLP005: a rogue storage account in the SEP). */
final class AlertFixtures {
    static final String SUB = "00000000-1111-2222-3333-444444444444";
    static final ResourceId SEP = ResourceId.parse("/subscriptions/" + SUB
            + "/resourceGroups/ml-network/providers/Microsoft.Network/serviceEndpointPolicies/aml-dlp");
    static final ResourceId DEFINITION = SEP.child("serviceEndpointPolicyDefinitions", "storage");
    static final String ROGUE = "/subscriptions/99999999-8888-7777-6666-555555555555/resourceGroups/attacker"
            + "/providers/Microsoft.Storage/storageAccounts/exfilstore";
    static final String TITLE = "Only approved storage accounts in the service endpoint policy";
    static final String REMEDIATION = "Remove the storage account from the policy definition, or add it to "
            + "allowedStorageAccounts if it was approved.";
    static final Instant NOW = Instant.parse("2025-11-03T09:41:27Z");
    static final AlertContext EVENT = AlertContext.of(
            Actor.of("mallory@contoso.com", "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "203.0.113.77"),
            "a3c1f7d2-5b6e-4f80-9a1b-2c3d4e5f6a7b", "4db48cba-50a2-455a-93b4-de41a3b5b7f6");

    /** Everything a hostile resource name or message could try in a card. */
    static final String HOSTILE = "**urgent** _x_ [click here](https://evil.example/login) ![img](https://evil.example/p.png)"
            + " # Heading `code` > quote\n- list\r\n+ item\u2028{{DATE(2017-02-14T06:00:00Z, SHORT)}} {{TIME(x)}}"
            + " <b>html</b> &amp; | ~strike~ \\backslash 1. one \u202Eevil\u202C";

    private AlertFixtures() {
    }

    static Finding violation(List<String> offending) {
        return new Finding("DLP005", Severity.CRITICAL, Status.VIOLATION, SEP, "contoso-ml", Optional.empty(),
                "The service endpoint policy allows a storage account that is not approved: exfilstore "
                        + "(definition storage).",
                REMEDIATION, offending, List.of(new Remedy.RemoveStorageEntries(DEFINITION, offending)));
    }

    static Finding violation() {
        return violation(List.of(ROGUE));
    }

    static Finding pass() {
        return new Finding("DLP005", Severity.CRITICAL, Status.PASS, SEP, "contoso-ml", Optional.empty(),
                "Every storage entry is approved.", REMEDIATION, List.of(), List.of());
    }

    static Finding unknown() {
        return new Finding("DLP005", Severity.CRITICAL, Status.UNKNOWN, SEP, "contoso-ml", Optional.empty(),
                "The policy could not be read.", REMEDIATION, List.of(), List.of());
    }

    static AlertMessage rolledBack() {
        return AlertMessage.violation(violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK,
                AlertingNotifier.outcomeSentence(write(WriteOutcome.Result.APPLIED, null, "PUT succeeded")), NOW);
    }

    static AlertMessage wouldRollBack() {
        return AlertMessage.violation(violation(), TITLE, EVENT, ActionTaken.WOULD_ROLL_BACK_DRY_RUN,
                AlertingNotifier.outcomeSentence(write(WriteOutcome.Result.DRY_RUN, null, "dry run: not sent")), NOW);
    }

    static AlertMessage rollbackFailed() {
        return AlertMessage.violation(violation(), TITLE, EVENT, ActionTaken.ROLLBACK_FAILED,
                AlertingNotifier.outcomeSentence(write(WriteOutcome.Result.FAILED, "AuthorizationFailed",
                        "ARM refused the write: The client 'dlp-guard-mi' does not have authorization to perform action "
                                + "'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write'.")), NOW);
    }

    /** The outcome of the write that restores DLP005 (AlertingNotifier words it as the product does). */
    static WriteOutcome write(WriteOutcome.Result result, String errorCode, String detail) {
        return new WriteOutcome(AuditRecordTest.applied().write(), result, Optional.ofNullable(errorCode), detail, Optional.empty());
    }

    static AlertMessage alertOnly() {
        return AlertMessage.violation(violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY,
                ActionTaken.ALERT_ONLY.explanation(), NOW);
    }

    static final List<Actor> FIGHTERS = List.of(EVENT.actor(),
            Actor.of(null, "8a1f6c2e-3d4b-4e5f-9a8b-7c6d5e4f3a2b", "198.51.100.23"),
            Actor.of("trudy@contoso.com", null, null));

    static AlertMessage escalation() {
        return AlertMessage.escalation(violation(), TITLE, EVENT, FIGHTERS,
                "Rolled back 4 times within 1 hour by 3 identities; the guard keeps restoring this critical setting.", NOW);
    }

    static AlertMessage unverifiable() {
        Finding unknown = new Finding("DLP005", Severity.CRITICAL, Status.UNKNOWN, SEP, "contoso-ml", Optional.empty(),
                "The policy could not be read: ARM answered 403 AuthorizationFailed for the guard's identity.",
                REMEDIATION, List.of(), List.of());
        return AlertMessage.unverifiable(unknown, TITLE, EVENT, NOW);
    }

    /** Shaped like the self-check's own permission gap (health.SelfCheck), for the guard itself (no workspace). */
    static AlertMessage guardHealth() {
        ResourceId scope = ResourceId.parse("/subscriptions/" + SUB + "/resourceGroups/ml-network");
        String action = "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write";
        return AlertMessage.guardHealth(com.dlpguard.health.HealthCheck.PERMISSIONS,
                "The guard's identity holds every action it may need", scope,
                "the identity lacks 1 action(s) in resource group ml-network: " + action
                        + "; writes needing them fail (LinkedAuthorizationFailed / AuthorizationFailed)",
                List.of(action),
                "Redeploy infra/ (role.bicep, then main.bicep) so the DLP Guard role holds these actions and is assigned at "
                        + "this resource group; a resource another group holds needs the role (or the listed joins) there too.",
                "", NOW);
    }

    static AlertMessage resolved() {
        return AlertMessage.resolved(pass(), TITLE, AlertContext.of(Actor.of("alice@contoso.com", null, "203.0.113.10"),
                "5f0c2b1a-9e8d-4c7b-a6f5-e4d3c2b1a098", "0e1d2c3b-4a59-4867-9786-a5b4c3d2e1f0"), NOW);
    }

    /** As big as an alert gets: 150 values of 1,000 characters, a 300-character correlation id, long texts. */
    static AlertMessage oversize() {
        List<String> values = java.util.stream.IntStream.range(0, 150)
                .mapToObj(i -> ROGUE + i + "/" + "x".repeat(1_000)).toList();
        String longId = "c0ffee00".repeat(38).substring(0, 300); // no break opportunity at all
        AlertContext context = AlertContext.of(Actor.of("mallory@contoso.com", "04b07795-8ddb-461a-bbee-02f9e1bf7b46",
                "203.0.113.77"), longId, "4db48cba-50a2-455a-93b4-de41a3b5b7f6");
        Finding finding = new Finding("DLP005", Severity.CRITICAL, Status.VIOLATION, SEP, "contoso-ml", Optional.empty(),
                "The service endpoint policy allows storage accounts that are not approved. ".repeat(20), REMEDIATION,
                values, List.of());
        return AlertMessage.violation(finding, TITLE, context, ActionTaken.ALERT_ONLY, ActionTaken.ALERT_ONLY.explanation(), NOW);
    }

    /** Every card kind the guard sends, by the file name the render tool and docs/alerts/cards use. */
    static java.util.Map<String, AlertMessage> everyKind() {
        java.util.Map<String, AlertMessage> kinds = new java.util.LinkedHashMap<>();
        kinds.put("violation-rolled-back", rolledBack());
        kinds.put("violation-would-roll-back", wouldRollBack());
        kinds.put("violation-rollback-failed", rollbackFailed());
        kinds.put("violation-alert-only", alertOnly());
        kinds.put("escalation", escalation());
        kinds.put("unverifiable", unverifiable());
        kinds.put("guard-health", guardHealth());
        kinds.put("resolved", resolved());
        kinds.put("state-store-down", rolledBack().withStateUnavailable());
        kinds.put("hostile", hostile());
        kinds.put("oversize", oversize());
        return kinds;
    }

    /** Every user-controlled field hostile. */
    static AlertMessage hostile() {
        ResourceId resource = ResourceId.parse("/subscriptions/" + SUB + "/resourceGroups/rg/providers/Microsoft.Network"
                + "/serviceEndpointPolicies/" + "*evil*_[x](https:%2F%2Fevil.example)#!`{{DATE(x)}}`<i>");
        Finding finding = new Finding("DLP005", Severity.CRITICAL, Status.VIOLATION, resource, HOSTILE, Optional.empty(),
                HOSTILE, HOSTILE, List.of(HOSTILE, "[a](b)"), List.of());
        AlertContext context = AlertContext.of(Actor.of(HOSTILE, HOSTILE, HOSTILE), HOSTILE, HOSTILE);
        return AlertMessage.violation(finding, HOSTILE, context, ActionTaken.ALERT_ONLY, HOSTILE, NOW);
    }
}
