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

import static com.dlpguard.rules.PolicyTestData.*;
import static org.junit.jupiter.api.Assertions.*;

class Dlp002PolicyAttachedTest {
    private final Rule rule = new Dlp002PolicyAttached();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP002");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItself() {
        assertEquals("DLP002", rule.id());
        assertEquals(Severity.CRITICAL, rule.severity());
    }

    @Test
    void attachedUnderOtherCasingPasses() {
        ResourceId lower = ResourceId.parse(SEP.toString().toLowerCase());
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.Storage"), List.of(lower), Optional.empty()))
                .with(goodPolicy()).build());
        assertEquals(Status.PASS, f.status());
    }

    @Test
    void detachedPolicyIsReattached() {
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.Storage"), List.of(OTHER_SEP), Optional.empty()))
                .with(goodPolicy()).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(OTHER_SEP.toString()), f.offendingValues());
        assertEquals(List.of(new Remedy.AttachServiceEndpointPolicy(SUBNET, SEP)), f.remedies());
    }

    @Test
    void policyThatCouldNotBeReadIsNotReattachedBlindly() {
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.Storage"), List.of(), Optional.empty()))
                .failed(SEP, "429 TooManyRequests").build());
        assertEquals(Status.VIOLATION, f.status());
        assertTrue(f.remedies().isEmpty());
        assertTrue(f.message().contains("429"), f.message());
    }

    @Test
    void unreadableSubnetIsUnknown() {
        Finding f = single(rule, config(), estate().failed(SUBNET, "403").with(goodPolicy()).build());
        assertEquals(Status.UNKNOWN, f.status());
        assertTrue(f.remedies().isEmpty());
    }
}
