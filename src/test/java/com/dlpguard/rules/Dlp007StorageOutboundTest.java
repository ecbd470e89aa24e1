package com.dlpguard.rules;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.SnapshotLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DLP007 fixtures: outbound TCP 443 to Storage.<region> in the NSG case. */
class Dlp007StorageOutboundTest {
    private final Dlp007StorageOutbound rule = new Dlp007StorageOutbound();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP007");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void remedyAddsTheNamedAllowRuleJustAheadOfTheBlocker() {
        List<Finding> findings = RuleFixtures.evaluate(rule, RuleFixtures.ROOT.resolve("DLP007/fail_allow_shadowed_by_earlier_deny"));
        assertEquals(List.of(new Remedy.AddOutboundAllowRule(
                        NSG,
                        "dlp-guard-dlp007-storage-outbound", "Storage.westeurope", "Tcp", Optional.of(115))),
                findings.get(0).remedies());
        assertEquals(NSG, findings.get(0).resourceId());
    }

    @Test
    void anNsgTheReaderCouldNotReadIsUnknownWithTheReason() throws Exception {
        Path caseDir = RuleFixtures.ROOT.resolve("DLP007/unknown_nsg_missing_from_snapshot");
        Estate estate = SnapshotLoader.load(caseDir.resolve("snapshot.json"));
        Estate unreadable = estate.merge(new Estate(Map.of(), Map.of(),
                Map.of(), Map.of(), Map.of(), Map.of(), Map.of(),
                Map.of(NSG, "403 AuthorizationFailed")));
        WorkspaceConfig workspace = ConfigLoader
                .load(RuleFixtures.DEFAULT_CONFIG, RuleFixtures.TODAY).workspaces().get(0);

        List<Finding> findings = rule.evaluate(new RuleContext(workspace, unreadable));

        assertEquals(List.of(Status.UNKNOWN), findings.stream().map(Finding::status).toList());
        assertEquals("NSG " + NSG + " could not be read: 403 AuthorizationFailed", findings.get(0).message());
        assertEquals(NSG, findings.get(0).resourceId());
    }

    private static final ResourceId NSG = ResourceId.parse(
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/Microsoft.Network/"
                    + "networkSecurityGroups/compute-nsg");
}
