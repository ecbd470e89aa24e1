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

/** DLP014 fixtures: routes follow the declared egress path (NSG case: no public space to an appliance). */
class Dlp014DeclaredEgressPathTest {
    private final Rule rule = new Dlp014DeclaredEgressPath();
    private static final List<String> STORAGE = List.of("Microsoft.Storage");

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP014");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItselfAsCritical() {
        assertEquals("DLP014", rule.id());
        assertEquals(Severity.CRITICAL, rule.severity());
        assertTrue(RuleCatalog.ids().contains("DLP014"));
    }

    @Test
    void nsgCaseDeletesEveryOffendingRouteAndNamesIt() {
        List<Finding> findings = evaluate(rule, config(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("low", "0.0.0.0/1", "VirtualAppliance"), route("high", "128.0.0.0/1", "VirtualAppliance"),
                        route("vnet", "10.0.0.0/8", "VirtualAppliance"))).build());
        assertEquals(2, findings.size(), findings.toString());
        assertEquals(List.of(RT.child("routes", "low"), RT.child("routes", "high")),
                findings.stream().map(Finding::resourceId).toList());
        assertEquals(List.of(new Remedy.DeleteRoute(RT.child("routes", "low"))), findings.get(0).remedies());
        assertTrue(findings.stream().allMatch(f -> f.status() == Status.VIOLATION));
    }

    @Test
    void firewallCaseCreatesTheMissingDefaultRouteUnderTheGuardsName() {
        List<Finding> findings = evaluate(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("aml", "AzureMachineLearning", "Internet"))).build());
        Finding f = findings.stream().filter(x -> x.status() == Status.VIOLATION).findFirst().orElseThrow();
        assertEquals(RT, f.resourceId());
        assertEquals(List.of(new Remedy.RouteToAppliance(RT.child("routes", "dlp-guard-default-to-firewall"), "0.0.0.0/0",
                FIREWALL_IP)), f.remedies());
    }

    @Test
    void firewallCaseLeavesTheControlPlaneRoutesToDlp012() {
        List<Finding> findings = evaluate(rule, firewallConfig(), estate().with(subnet(STORAGE, List.of(SEP), Optional.of(RT)))
                .with(routeTable(route("fw", "0.0.0.0/0", "VirtualAppliance"), route("aml", "AzureMachineLearning", "VirtualAppliance"))).build());
        // route(...) puts appliances at 10.0.2.4, the declared firewall; the aml route is DLP012's to rewrite.
        assertEquals(List.of(Status.PASS), findings.stream().map(Finding::status).toList(), findings.toString());
    }
}
