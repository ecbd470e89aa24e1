package com.dlpguard.rules;

import com.dlpguard.config.Mode;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The CLI's verdict (rule book 5): violations, and unknowns of critical or high rules, fail the check. */
class EvaluationTest {
    private static final ResourceId SUBNET = ResourceId.parse(
            "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/compute");

    @ParameterizedTest(name = "{0} {1} in {2}: fails = {3}")
    @CsvSource({
            "UNKNOWN, CRITICAL, ALERT, true",
            "UNKNOWN, HIGH, AUDIT, true",
            "UNKNOWN, MEDIUM, ROLLBACK, false",
            "UNKNOWN, LOW, ALERT, false",
            "VIOLATION, MEDIUM, AUDIT, true",
            "PASS, CRITICAL, ROLLBACK, false",
    })
    void failsCheck(Status status, Severity severity, Mode mode, boolean fails) {
        Finding finding = new Finding("DLP000", severity, status, SUBNET, "ws", Optional.of(SUBNET), "m", "r",
                List.of(), List.of());
        Evaluation evaluation = new Evaluation(List.of(new Assessment(finding, mode, Optional.empty())));
        assertEquals(fails, evaluation.failsCheck());
        assertEquals(status == Status.VIOLATION, evaluation.hasCountingViolations(), "unknowns are not violations");
    }
}
