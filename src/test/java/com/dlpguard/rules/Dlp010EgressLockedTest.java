package com.dlpguard.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

/** DLP010 fixtures: egress to Internet and other regions' Storage denied, unless a firewall route exists. */
class Dlp010EgressLockedTest {
    private final Dlp010EgressLocked rule = new Dlp010EgressLocked();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP010");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }
}
