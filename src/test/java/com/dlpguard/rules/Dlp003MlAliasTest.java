package com.dlpguard.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static com.dlpguard.rules.PolicyTestData.*;
import static org.junit.jupiter.api.Assertions.*;

class Dlp003MlAliasTest {
    private final Rule rule = new Dlp003MlAlias();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP003");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItself() {
        assertEquals("DLP003", rule.id());
        assertEquals(Severity.CRITICAL, rule.severity());
    }

    @Test
    void missingGlobalDefinitionIsRestoredUnderTheGuardsName() {
        Finding f = single(rule, config(), estate().with(policy(SEP, definition(SEP, "storage-allow", "Microsoft.Storage", STORE.toString()))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(SEP, f.resourceId());
        assertEquals(List.of(new Remedy.RestoreMlAlias(SEP, "dlp-guard-ml-alias", "/services/Azure/MachineLearning")), f.remedies());
    }

    @Test
    void aliasRemovedFromAGlobalDefinitionIsRestoredUnderThatDefinitionsName() {
        Finding f = single(rule, config(), estate().with(policy(SEP,
                definition(SEP, "managed-services", "Global", "/services/Azure/DataFactory"),
                definition(SEP, "storage-allow", "Microsoft.Storage", STORE.toString()))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(new Remedy.RestoreMlAlias(SEP, "managed-services", "/services/Azure/MachineLearning")), f.remedies());
        assertEquals(List.of("/services/Azure/DataFactory"), f.offendingValues());
    }

    @Test
    void aliasComparesCaseInsensitivelyAndIgnoresATrailingSlash() {
        Finding f = single(rule, config(), estate().with(policy(SEP,
                definition(SEP, "ml", "global", "/Services/AZURE/machinelearning/"))).build());
        assertEquals(Status.PASS, f.status());
    }

    @Test
    void parentAliasPassesWithAWarning() {
        Finding f = single(rule, config(), estate().with(policy(SEP, definition(SEP, "ml", "Global", "/services/Azure"))).build());
        assertEquals(Status.PASS, f.status());
        assertTrue(f.message().contains("broader than needed"), f.message());
    }

    @Test
    void aSiblingAliasIsNotTheParent() {
        Finding f = single(rule, config(), estate().with(policy(SEP, definition(SEP, "ml", "Global", "/services/Azure/Batch"))).build());
        assertEquals(Status.VIOLATION, f.status());
    }

    @Test
    void unreadablePolicyIsUnknown() {
        Finding f = single(rule, config(), estate().failed(SEP, "403 AuthorizationFailed").build());
        assertEquals(Status.UNKNOWN, f.status());
        assertEquals(SEP, f.resourceId());
        assertTrue(f.message().contains("could not be read"), f.message());
    }
}
