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

class Dlp001StorageServiceEndpointTest {
    private final Rule rule = new Dlp001StorageServiceEndpoint();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP001");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItself() {
        assertEquals("DLP001", rule.id());
        assertEquals(Severity.HIGH, rule.severity());
        assertFalse(rule.remediation().isBlank());
    }

    @Test
    void missingEndpointAsksForMicrosoftStorageOnTheSubnet() {
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.KeyVault"), List.of(SEP), Optional.empty())).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(SUBNET, f.resourceId());
        assertEquals(Optional.of(SUBNET), f.subnetId());
        assertEquals(List.of(new Remedy.AddServiceEndpoint(SUBNET, "Microsoft.Storage")), f.remedies());
    }

    @Test
    void globalEndpointAloneIsAViolationWithoutAWriteArmWouldRefuse() {
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.Storage.Global"), List.of(SEP), Optional.empty())).build());
        assertEquals(Status.VIOLATION, f.status());
        assertTrue(f.message().contains("Microsoft.Storage.Global"), f.message());
        assertEquals(List.of("Microsoft.Storage.Global"), f.offendingValues());
        assertTrue(f.remedies().isEmpty());
    }

    @Test
    void unreadableSubnetIsUnknown() {
        Finding f = single(rule, config(), estate().failed(SUBNET, "403 AuthorizationFailed").build());
        assertEquals(Status.UNKNOWN, f.status());
        assertTrue(f.message().contains("403 AuthorizationFailed"), f.message());
    }

    @Test
    void unreadableVnetMakesItsSubnetUnknown() {
        Finding f = single(rule, config(), estate().failed(VNET, "500 InternalServerError").build());
        assertEquals(Status.UNKNOWN, f.status());
        assertTrue(f.message().contains("ml-vnet") && f.message().contains("500"), f.message());
    }
}
