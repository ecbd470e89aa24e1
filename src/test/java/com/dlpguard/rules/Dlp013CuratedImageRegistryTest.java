package com.dlpguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static com.dlpguard.rules.PolicyTestData.*;
import static org.junit.jupiter.api.Assertions.*;

class Dlp013CuratedImageRegistryTest {
    private final Rule rule = new Dlp013CuratedImageRegistry();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP013");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItself() {
        assertEquals("DLP013", rule.id());
        assertEquals(Severity.MEDIUM, rule.severity());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "viennaglobal.azurecr.io/azureml/base:latest        | viennaglobal.azurecr.io",
            "VIENNAGLOBAL.azurecr.io/azureml/base@sha256:abc    | viennaglobal.azurecr.io",
            "https://viennaglobal.azurecr.io/azureml/base:1     | viennaglobal.azurecr.io",
            "viennaglobal.azurecr.io:443/azureml/base:1         | viennaglobal.azurecr.io",
            "viennaglobal.azurecr.io./azureml/base:1            | viennaglobal.azurecr.io",
            "notviennaglobal.azurecr.io.evil/azureml/base:1     | notviennaglobal.azurecr.io.evil",
            "contoso.azurecr.io/viennaglobal.azurecr.io/base:1  | contoso.azurecr.io",
            "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04 | mcr.microsoft.com",
            "localhost/base:1                                   | localhost",
            "library/python:3.11                                | -",
            "python:3.11                                        | -",
    })
    void registryHostFollowsDockerReferenceRules(String image, String host) {
        assertEquals(Optional.ofNullable(host), Dlp013CuratedImageRegistry.registryHost(image));
    }

    @Test
    void oneFindingPerEnvironmentVersion() {
        var estate = estate().with(workspace(Optional.of(STORE)))
                .with(environment("legacy", "7", Optional.of("viennaglobal.azurecr.io/azureml/base:1")))
                .with(environment("modern", "2", Optional.of("mcr.microsoft.com/azureml/base:1")))
                .with(environment("custom", "1", Optional.empty())).build();
        List<Finding> findings = evaluate(rule, config(), estate);
        assertEquals(3, findings.size());
        Finding legacy = findings.stream().filter(f -> f.resourceId().toString().contains("/legacy/")).findFirst().orElseThrow();
        assertEquals(Status.VIOLATION, legacy.status());
        assertTrue(legacy.remedies().isEmpty(), "DLP013 is alert only");
        assertEquals(2, findings.stream().filter(f -> f.status() == Status.PASS).count());
    }

    @Test
    void noEnvironmentsPassesOnTheWorkspace() {
        Finding f = single(rule, config(), estate().with(workspace(Optional.of(STORE))).build());
        assertEquals(Status.PASS, f.status());
        assertEquals(WS, f.resourceId());
    }

    @Test
    void unreadableWorkspaceIsUnknown() {
        Finding f = single(rule, config(), estate().failed(WS, "403 AuthorizationFailed").build());
        assertEquals(Status.UNKNOWN, f.status());
        assertEquals(WS, f.resourceId());
    }

    @Test
    void unreadableEnvironmentIsUnknownNextToTheOthers() {
        var estate = estate().with(environment("modern", "2", Optional.of("mcr.microsoft.com/azureml/base:1")))
                .failed(WS.child("environments", "legacy"), "500 InternalServerError").build();
        List<Finding> findings = evaluate(rule, config(), estate);
        assertEquals(List.of(Status.UNKNOWN, Status.PASS), findings.stream().map(Finding::status).toList());
    }

    @Test
    void workspaceIdIsFoundByNameWhenNotConfigured() {
        var estate = estate().with(environment("legacy", "7", Optional.of("viennaglobal.azurecr.io/azureml/base:1"))).build();
        Finding f = single(rule, config(Optional.of(STORE), Optional.empty(), false, List.of()), estate);
        assertEquals(Status.VIOLATION, f.status());
    }

    @Test
    void withoutAnyWayToIdentifyTheWorkspaceNothingIsEvaluated() {
        assertEquals(List.of(), evaluate(rule, config(Optional.of(STORE), Optional.empty(), false, List.of()), estate().build()));
    }
}
