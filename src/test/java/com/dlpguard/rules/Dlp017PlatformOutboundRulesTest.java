package com.dlpguard.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

class Dlp017PlatformOutboundRulesTest {
    private final Rule rule = new Dlp017PlatformOutboundRules();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP017");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }
}
