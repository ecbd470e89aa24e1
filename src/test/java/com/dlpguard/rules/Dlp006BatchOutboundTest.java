package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DLP006 fixtures: outbound 443 to BatchNodeManagement.<region> in the NSG case. */
class Dlp006BatchOutboundTest {
    private final Dlp006BatchOutbound rule = new Dlp006BatchOutbound();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP006");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void remedyAddsTheNamedAllowRuleJustAheadOfTheBlocker() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP006/fail_deny_all_blocks_batch"));
        assertEquals(List.of(new Remedy.AddOutboundAllowRule(
                        NSG,
                        "dlp-guard-dlp006-batch-outbound", "BatchNodeManagement.westeurope", "*", Optional.of(4000))),
                findings.get(0).remedies());
        assertEquals(NSG, findings.get(0).resourceId());
    }

    private static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Network/"
                    + "networkSecurityGroups/compute-nsg");
}
