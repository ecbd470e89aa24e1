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

class Dlp004DefaultStorageListedTest {
    private final Rule rule = new Dlp004DefaultStorageListed();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP004");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }
    private static final ResourceId ANALYTICS = ResourceId.parse(RG + "/providers/Microsoft.Storage/storageAccounts/analytics");

    @Test
    void describesItself() {
        assertEquals("DLP004", rule.id());
        assertEquals(Severity.HIGH, rule.severity());
    }

    @Test
    void missingDefaultIsAddedToTheExistingStorageDefinition() {
        Finding f = single(rule, config(), estate().with(policy(SEP,
                definition(SEP, "approved", "Microsoft.Storage", ANALYTICS.toString()))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(new Remedy.AddStorageAccount(SEP, "approved", STORE)), f.remedies());
    }

    @Test
    void aliasOnlyPolicyGetsANewStorageDefinition() {
        Finding f = single(rule, config(), estate().with(policy(SEP,
                definition(SEP, "ml", "Global", "/services/Azure/MachineLearning"))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertTrue(f.message().contains("alias-only"), f.message());
        assertEquals(List.of(new Remedy.AddStorageAccount(SEP, "dlp-guard-storage", STORE)), f.remedies());
    }

    @Test
    void aliasOnlyPolicyIsAViolationEvenWhenTheDefaultIsUnknownButNothingIsWritten() {
        Finding f = single(rule, config(Optional.empty(), Optional.empty(), false, List.of()),
                estate().with(policy(SEP, definition(SEP, "ml", "Global", "/services/Azure/MachineLearning"))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertTrue(f.remedies().isEmpty());
    }

    @Test
    void defaultComesFromTheWorkspaceWhenNotConfigured() {
        var estate = estate().with(goodPolicy()).with(workspace(Optional.of(STORE))).build();
        Finding f = single(rule, config(Optional.empty(), Optional.of(WS), false, List.of()), estate);
        assertEquals(Status.PASS, f.status());
    }

    @Test
    void unreadableWorkspaceMakesTheDefaultUnknown() {
        var estate = estate().with(goodPolicy()).failed(WS, "403 AuthorizationFailed").build();
        Finding f = single(rule, config(Optional.empty(), Optional.of(WS), false, List.of()), estate);
        assertEquals(Status.UNKNOWN, f.status());
        assertTrue(f.message().contains("403"), f.message());
    }

    @Test
    void privateEndpointDefaultNeedsOnlySomeStorageEntry() {
        Finding f = single(rule, config(Optional.of(STORE), Optional.of(WS), true, List.of(ANALYTICS)),
                estate().with(policy(SEP, definition(SEP, "approved", "Microsoft.Storage", ANALYTICS.toString()))).build());
        assertEquals(Status.PASS, f.status());
    }

    @Test
    void defaultCoveredOnlyByAnUnapprovedScopeIsStillAdded() {
        Finding f = single(rule, config(), estate().with(policy(SEP,
                definition(SEP, "approved", "Microsoft.Storage", RG))).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(new Remedy.AddStorageAccount(SEP, "approved", STORE)), f.remedies());
    }

    @Test
    void unreadablePolicyIsUnknown() {
        Finding f = single(rule, config(), estate().failed(SEP, "500").build());
        assertEquals(Status.UNKNOWN, f.status());
    }
}
