package com.dlpguard.alerts;

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
                "Removed 1 entry from definition storage; re-read: the rule passes.", NOW);
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
