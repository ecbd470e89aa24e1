package com.dlpguard.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

class Dlp015ApprovedOutboundOnlyTest {
    private final Rule rule = new Dlp015ApprovedOutboundOnly();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP015");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }
}
