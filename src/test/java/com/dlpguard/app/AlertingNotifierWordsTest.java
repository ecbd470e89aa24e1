package com.dlpguard.app;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Issue 17 #7: the outcome in an alert is a sentence, not "applied: PUT /subscriptions/… succeeded". */
class AlertingNotifierWordsTest {
    private static final ResourceId DEFINITION = ResourceId.parse("/subscriptions/00000000-1111-2222-3333-444444444444"
            + "/resourceGroups/ml-network/providers/Microsoft.Network/serviceEndpointPolicies/aml-dlp"
            + "/serviceEndpointPolicyDefinitions/storage");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            APPLIED             |                      | PUT /subscriptions/x succeeded                         | Azure confirmed the change to storage.
            DRY_RUN             |                      | dry run: not sent                                      | Nothing was sent to Azure: the guard runs in dry-run mode.
            PRECONDITION_FAILED |                      | ARM refused the write: storage changed (412)           | Nothing was changed: storage was modified again before the guard could write; it re-checks from a fresh read.
            FAILED              | AuthorizationFailed  | ARM refused the write: the client has no permission.   | Azure refused the change to storage (AuthorizationFailed): ARM refused the write: the client has no permission.
            """)
    void outcomes_read_as_sentences(WriteOutcome.Result result, String code, String detail, String expected) {
        PlannedWrite write = new PlannedWrite(List.of("DLP005"), "remove-storage-entries", DEFINITION,
                new ArmRequest("PUT", DEFINITION + "?api-version=2025-03-01",
                        Optional.empty(), Optional.of("{}")),
                "remove the unapproved account", "properties.serviceResources", "[]", "[]");
        String sentence = AlertingNotifier.outcomeSentence(new WriteOutcome(write, result, Optional.ofNullable(code), detail,
                Optional.empty()));
        assertEquals(expected, sentence);
        assertFalse(sentence.startsWith(result.wireName() + ":"), sentence);
    }
}
