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

/** DLP008 fixtures: outbound TCP 443 to AzureMachineLearning in the NSG case. */
class Dlp008AzureMlOutboundTest {
    private final Dlp008AzureMlOutbound rule = new Dlp008AzureMlOutbound();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP008");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void remedyAddsTheNamedAllowRuleJustAheadOfTheBlocker() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP008/fail_regional_tag_does_not_cover_global"));
        assertEquals(List.of(new Remedy.AddOutboundAllowRule(
                        NSG,
                        "dlp-guard-dlp008-azureml-outbound", "AzureMachineLearning", "Tcp", Optional.of(4000))),
                findings.get(0).remedies());
        assertEquals(NSG, findings.get(0).resourceId());
    }

    private static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Network/"
                    + "networkSecurityGroups/compute-nsg");
}
