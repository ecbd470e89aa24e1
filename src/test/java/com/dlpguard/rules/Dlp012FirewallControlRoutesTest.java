package com.dlpguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static com.dlpguard.rules.PolicyTestData.*;
import static org.junit.jupiter.api.Assertions.*;

class Dlp012FirewallControlRoutesTest {
    private final Rule rule = new Dlp012FirewallControlRoutes();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP012");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }
    private static final List<String> STORAGE = List.of("Microsoft.Storage");

    @Test
    void describesItself() {
        assertEquals("DLP012", rule.id());
        assertEquals(Severity.MEDIUM, rule.severity());
    }

    @Test
    void missingRoutesAreRecreatedUnderTheGuardsNames() {
        Finding f = single(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualAppliance"))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(SUBNET, f.resourceId());
        assertEquals(List.of(new Remedy.AddRoute(RT, "dlp-guard-azureml", "AzureMachineLearning"),
                new Remedy.AddRoute(RT, "dlp-guard-batch-westeurope", "BatchNodeManagement.westeurope")), f.remedies());
    }

    @Test
    void aMisdirectedRouteIsRewrittenInPlace() {
        Finding f = single(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualAppliance"), route("aml", "AzureMachineLearning", "VirtualAppliance"),
                        route("batch", "BatchNodeManagement.westeurope", "Internet"))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(new Remedy.AddRoute(RT, "aml", "AzureMachineLearning")), f.remedies());
    }

    @Test
    void anotherRegionsBatchTagDoesNotCount() {
        Finding f = single(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualAppliance"), route("aml", "AzureMachineLearning", "Internet"),
                        route("batch", "BatchNodeManagement.northeurope", "Internet"))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of("BatchNodeManagement.westeurope"), f.offendingValues());
    }

    @Test
    void aDefaultRouteToAnApplianceDoesNotMakeTheFirewallCase() {
        // Rule book v2: the case is declared; a route of an insider's choosing does not switch it.
        Finding f = single(rule, config(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualAppliance"))).build());
        assertEquals(Status.PASS, f.status());
        assertTrue(f.message().contains("not applicable: the workspace declares the NSG case"), f.message());
    }

    @Test
    void firewallCaseWithoutRouteTableIsAViolationWithoutRemedy() {
        Finding f = single(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.empty())).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(), f.remedies());
    }

    @Test
    void nsgCasePassesAsNotApplicable() {
        Finding f = single(rule, config(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualNetworkGateway"))).build());
        assertEquals(Status.PASS, f.status());
        assertTrue(f.message().startsWith("not applicable"), f.message());
    }

    @Test
    void unreadableRouteTableIsUnknown() {
        Finding f = single(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .failed(RT, "403 AuthorizationFailed").build());
        assertEquals(Status.UNKNOWN, f.status());
        assertTrue(f.message().contains("403"), f.message());
    }
}
