package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DLP009 fixtures: no custom inbound Allow rule from a BatchNodeManagement tag. */
class Dlp009NoBatchInboundTest {
    private final Dlp009NoBatchInbound rule = new Dlp009NoBatchInbound();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP009");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void remedyDeletesExactlyTheOffendingRule() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP009/fail_regional_tag_in_plural_sources"));
        ResourceId offending = NSG.child("securityRules", "allow-control-plane-in");
        assertEquals(1, findings.size());
        assertEquals(offending, findings.get(0).resourceId());
        assertEquals(List.of(new Remedy.DeleteSecurityRule(offending)), findings.get(0).remedies());
    }

    @Test
    void anNsgSharedByTwoProtectedSubnetsIsReportedOnce() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP009/fail_shared_nsg_reported_once"));
        assertEquals(List.of("allow-batch-inbound"), findings.stream().map(f -> f.resourceId().name()).toList());
    }

    private static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Network/"
                    + "networkSecurityGroups/compute-nsg");
}
