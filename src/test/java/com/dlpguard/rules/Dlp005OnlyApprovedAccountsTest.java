package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;
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

class Dlp005OnlyApprovedAccountsTest {
    private final Rule rule = new Dlp005OnlyApprovedAccounts();

    static Stream<Arguments> cases() {
        return RuleFixtures.cases("DLP005");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixture(Path caseDir) {
        RuleFixtures.assertCase(rule, caseDir);
    }

    @Test
    void describesItself() {
        assertEquals("DLP005", rule.id());
        assertEquals(Severity.CRITICAL, rule.severity());
    }

    @Test
    void rogueEntriesAreRemovedPerDefinitionAndADefinitionLeftEmptyIsDeleted() {
        String sub = "/subscriptions/00000000-0000-0000-0000-000000000001";
        var policy = policy(SEP, definition(SEP, "ml", "Global", "/services/Azure/MachineLearning"),
                definition(SEP, "storage-allow", "Microsoft.Storage", STORE.toString(), EVIL.toString()),
                definition(SEP, "team", "Microsoft.Storage", sub));
        Finding f = single(rule, config(), estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                .with(policy).build());
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(SEP, f.resourceId());
        assertTrue(f.message().contains("SEP aml-dlp definition storage-allow lists unapproved account " + EVIL), f.message());
        assertEquals(List.of(EVIL.toString(), sub), f.offendingValues());
        assertEquals(List.of(
                new Remedy.RemoveStorageEntries(SEP.child("serviceEndpointPolicyDefinitions", "storage-allow"), List.of(EVIL.toString())),
                // "team" holds only the rogue scope and storage-allow keeps the approved default account (attack #3).
                new Remedy.DeleteStorageDefinition(SEP.child("serviceEndpointPolicyDefinitions", "team"))), f.remedies());
    }

    @Test
    void anotherAttachedPolicyWithARogueAccountIsDetached() {
        var other = policy(OTHER_SEP, definition(OTHER_SEP, "open", "Microsoft.Storage", EVIL.toString()));
        List<Finding> findings = evaluate(rule, config(), estate()
                .with(subnet(List.of("Microsoft.Storage"), List.of(SEP, OTHER_SEP), Optional.empty()))
                .with(goodPolicy()).with(other).build());
        assertEquals(2, findings.size());
        assertEquals(Status.PASS, findings.get(0).status());
        Finding f = findings.get(1);
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(OTHER_SEP, f.resourceId());
        assertEquals(Optional.of(SUBNET), f.subnetId());
        assertEquals(List.of(new Remedy.DetachServiceEndpointPolicy(SUBNET, OTHER_SEP)), f.remedies());
    }

    @Test
    void anotherAttachedPolicyThatCouldNotBeReadIsAViolationAndDetached() {
        // Rule book v2 (attack #1): a policy the guard cannot read cannot be shown safe.
        List<Finding> findings = evaluate(rule, config(), estate()
                .with(subnet(List.of("Microsoft.Storage"), List.of(SEP, OTHER_SEP), Optional.empty()))
                .with(goodPolicy()).failed(OTHER_SEP, "403 AuthorizationFailed").build());
        assertEquals(List.of(Status.PASS, Status.VIOLATION), findings.stream().map(Finding::status).toList());
        Finding f = findings.get(1);
        assertEquals(OTHER_SEP, f.resourceId());
        assertTrue(f.message().contains("403 AuthorizationFailed"), f.message());
        assertEquals(List.of(new Remedy.DetachServiceEndpointPolicy(SUBNET, OTHER_SEP)), f.remedies());
    }

    @Test
    void anAttachedPolicyWithOnlyApprovedEntriesIsStillAViolationUnlessListed() {
        var other = policy(OTHER_SEP, definition(OTHER_SEP, "open", "Microsoft.Storage", STORE.toString()));
        var estate = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP, OTHER_SEP), Optional.empty()))
                .with(goodPolicy()).with(other).build();
        assertEquals(List.of(Status.PASS, Status.VIOLATION),
                evaluate(rule, config(), estate).stream().map(Finding::status).toList());
        WorkspaceConfig c = config();
        WorkspaceConfig listed = new WorkspaceConfig(c.name(), c.region(), c.workspaceId(), c.subnets(),
                c.serviceEndpointPolicy(), c.networkSecurityGroup(), c.defaultStorageAccount(),
                c.defaultStorageHasPrivateEndpoint(), c.allowedStorageAccounts(), c.allowBatchInbound(), c.egress(),
                List.of(OTHER_SEP));
        assertEquals(List.of(Status.PASS, Status.PASS), evaluate(rule, listed, estate).stream().map(Finding::status).toList());
    }

    @Test
    void theOnlyStorageDefinitionHoldingARogueAccountIsResetToTheDefaultAccount() {
        ResourceId definition = SEP.child("serviceEndpointPolicyDefinitions", "s");
        var estate = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                .with(policy(SEP, definition(SEP, "ml", "Global", "/services/Azure/MachineLearning"),
                        definition(SEP, "s", "Microsoft.Storage", EVIL.toString()))).build();
        Finding f = single(rule, config(), estate);
        assertEquals(List.of(new Remedy.RemoveStorageEntries(definition, List.of(EVIL.toString())),
                new Remedy.AddStorageAccount(SEP, "s", STORE)), f.remedies());
        // Without a known default account nothing can replace the entry: the planner refuses to empty it.
        Finding unknownDefault = single(rule, config(Optional.empty(), Optional.empty(), false, List.of()),
                estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                        .with(policy(SEP, definition(SEP, "s", "Microsoft.Storage", RG))).build());
        assertEquals(List.of(new Remedy.RemoveStorageEntries(definition, List.of(RG))), unknownDefault.remedies());
    }

    @Test
    void serviceIsComparedCaseInsensitively() {
        var estate = estate().with(subnet(List.of("microsoft.storage"), List.of(SEP), Optional.empty()))
                .with(policy(SEP, definition(SEP, "s", "MICROSOFT.STORAGE", STORE.toString(), EVIL.toString()))).build();
        Finding f = single(rule, config(), estate);
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(EVIL.toString()), f.offendingValues());
    }

    @Test
    void unreadableProtectedSubnetHidesItsPoliciesSoItIsUnknown() {
        List<Finding> findings = evaluate(rule, config(), estate().with(goodPolicy()).failed(SUBNET, "500").build());
        assertEquals(List.of(Status.UNKNOWN, Status.PASS), findings.stream().map(Finding::status).toList());
        assertEquals(SUBNET, findings.get(0).resourceId());
    }

    @Test
    void resourceGroupScopeIsAViolationUnlessListedItself() {
        ResourceId rg = ResourceId.parse(RG);
        var policy = policy(SEP, definition(SEP, "storage-allow", "Microsoft.Storage", STORE.toString(), RG));
        var estate = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty())).with(policy).build();
        assertEquals(Status.VIOLATION, single(rule, config(), estate).status());
        assertEquals(Status.PASS, single(rule, config(Optional.of(STORE), Optional.of(WS), false, List.of(rg)), estate).status());
    }

    @Test
    void whileTheDefaultIsUnknownAnUnlistedAccountCannotBeJudgedButAScopeCan() {
        var config = config(Optional.empty(), Optional.empty(), false, List.of());
        var accountOnly = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                .with(policy(SEP, definition(SEP, "s", "Microsoft.Storage", STORE.toString()))).build();
        assertEquals(Status.UNKNOWN, single(rule, config, accountOnly).status());
        var withScope = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                .with(policy(SEP, definition(SEP, "s", "Microsoft.Storage", STORE.toString(), RG))).build();
        Finding f = single(rule, config, withScope);
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of(RG), f.offendingValues());
    }

    @Test
    void anEntryThatIsNotAResourceIdIsUnapproved() {
        var estate = estate().with(subnet(List.of("Microsoft.Storage"), List.of(SEP), Optional.empty()))
                .with(policy(SEP, definition(SEP, "s", "Microsoft.Storage", STORE.toString(), "evilstore"))).build();
        Finding f = single(rule, config(), estate);
        assertEquals(Status.VIOLATION, f.status());
        assertEquals(List.of("evilstore"), f.offendingValues());
    }
}
