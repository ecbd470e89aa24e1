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

/** DLP011 fixtures: the protected subnet has its (configured) NSG attached in the NSG case. */
class Dlp011NsgAttachedTest {
    private final Dlp011NsgAttached rule = new Dlp011NsgAttached();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP011");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void remedyAttachesTheConfiguredNsgToTheSubnet() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP011/fail_other_nsg_attached"));
        ResourceId subnet = ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/"
                + "resourceGroups/ml-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute");
        assertEquals(subnet, findings.get(0).resourceId());
        assertEquals(List.of(new Remedy.AttachNetworkSecurityGroup(subnet, NSG)),
                findings.get(0).remedies());
    }

    private static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Network/"
                    + "networkSecurityGroups/compute-nsg");
}
