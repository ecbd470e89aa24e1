package com.dlpguard.reconcile;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.rules.Status;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one reconcile path against the in-memory ARM with every rule in rollback. Assertions are on
 * the state of the world after the run (what a fresh read-only evaluation finds), not on the calls
 * made, except where the contract is about the calls (If-Match, nothing written).
 */
class ReconcilerTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:20:00Z"), ZoneOffset.UTC);
    static final String NET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final ResourceId VNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = VNET.child("subnets", "compute");
    static final ResourceId JUMPBOX = VNET.child("subnets", "jumpbox");
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");
    static final ResourceId BATCH_INBOUND = NSG.child("securityRules", "allow-batch-inbound");
    static final ResourceId SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/aml-dlp");
    static final ResourceId STORAGE_DEF = SEP.child("serviceEndpointPolicyDefinitions", "storage-allow");
    static final String EVIL = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/personal-rg/providers/Microsoft.Storage/storageAccounts/mallorypersonal";
    /** The rules with an automatic fix; DLP010 and DLP013 only ever alert. */
    static final Set<String> WITH_ROLLBACK = Set.of("DLP001", "DLP002", "DLP003", "DLP004", "DLP005", "DLP006", "DLP007",
            "DLP008", "DLP009", "DLP011", "DLP012");

    /** examples/dlp-guard.json with every rule in rollback (plus optional exemptions). */
    static GuardConfig allRollback(String exemptionsJson) throws Exception {
        JsonObject config = JsonParser.parseString(Files.readString(Path.of("examples/dlp-guard.json"))).getAsJsonObject();
        JsonObject rules = new JsonObject();
        rules.addProperty("default", "rollback");
        config.add("rules", rules);
        config.add("exemptions", JsonParser.parseString(exemptionsJson));
        return ConfigLoader.parse(config.toString().getBytes(StandardCharsets.UTF_8), "all-rollback.json", TODAY);
    }

    static GuardConfig allRollback() throws Exception {
        return allRollback("[]");
    }

    static InMemoryArmGateway estate(String name) throws SnapshotException {
        return InMemoryArmGateway.fromSnapshot(Path.of("examples").resolve(name));
    }

    static Reconciler reconciler(ArmGateway gateway) {
        return new Reconciler(gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
    }

    /** What a fresh read-only evaluation of the world finds now: rule → statuses. */
    static Map<String, Set<Status>> verdicts(InMemoryArmGateway arm, GuardConfig config) throws ArmException {
        Map<String, Set<Status>> out = new TreeMap<>();
        for (Assessment a : reconciler(arm).reconcile(config, ReconcileRequest.everything(true)).found().assessments()) {
            out.computeIfAbsent(a.finding().ruleId(), k -> new TreeSet<>()).add(a.finding().status());
        }
        return out;
    }

    static Set<String> violated(InMemoryArmGateway arm, GuardConfig config) throws ArmException {
        return verdicts(arm, config).entrySet().stream().filter(e -> e.getValue().contains(Status.VIOLATION))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    }

    static JsonArray storageEntries(InMemoryArmGateway arm) {
        return arm.resource(STORAGE_DEF).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceResources");
    }

    static JsonObject withoutEtag(JsonObject resource) {
        JsonObject copy = resource.deepCopy();
        copy.remove("etag");
        return copy;
    }

    /** Priming a cold instance (GuardRuntime) must never touch Azure: no read, no write, the drift left in place. */
    @Test
    void primingReadsAndWritesNothing() throws Exception {
        InMemoryArmGateway arm = estate("drifted");
        GuardConfig config = allRollback();
        reconciler(arm).prime(config);
        assertEquals(0, arm.readCount());
        assertEquals(List.of(), arm.requests());
        assertTrue(!violated(arm, config).isEmpty(), "the drift is still there for the first real reconcile");
    }

    @Test
    void theDriftedEstatePassesEveryRuleWithARollbackAfterOneReconcile() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        JsonObject jumpboxBefore = arm.resource(JUMPBOX).orElseThrow();
        assertEquals(Set.of("DLP001", "DLP003", "DLP005", "DLP009", "DLP010"), violated(arm, config));

        ReconcileResult result = reconciler(arm).reconcile(config, ReconcileRequest.everything(false));

        assertTrue(result.outcomes().stream().allMatch(o -> o.result() == WriteOutcome.Result.APPLIED), result.outcomes().toString());
        Map<String, Set<Status>> after = verdicts(arm, config);
        for (String rule : WITH_ROLLBACK) {
            assertEquals(Set.of(Status.PASS), after.get(rule), rule + " after the reconcile: " + after);
        }
        assertEquals(Set.of("DLP010"), violated(arm, config), "egress stays an alert for a human");
        assertTrue(result.verified().assessments().stream().filter(Assessment::isViolation)
                .allMatch(a -> a.finding().ruleId().equals("DLP010")), "the result's own verification agrees");

        // What the drift did not touch is as it was.
        assertTrue(arm.resource(BATCH_INBOUND).isEmpty());
        assertTrue(arm.resource(NSG.child("securityRules", "allow-internet-https")).isPresent(), "alert-only: not deleted");
        assertEquals(withoutEtag(jumpboxBefore), withoutEtag(arm.resource(JUMPBOX).orElseThrow()), "the sibling subnet is untouched");
        JsonArray entries = storageEntries(arm);
        assertEquals(1, entries.size());
        assertTrue(entries.get(0).getAsString().endsWith("/contosomlstore"));
    }

    @Test
    void aSecondReconcileWritesNothing() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        int writes = arm.writeCount();
        ReconcileResult second = reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        assertEquals(writes, arm.writeCount());
        assertTrue(second.outcomes().isEmpty());
        assertTrue(second.plan().isEmpty(), second.plan().toString());
        assertEquals(1, second.rounds());
    }

    /**
     * Every family drifts at once, several times within one family: the SEP (alias and account),
     * the NSG (two batch inbound rules added, two required allow rules deleted), the VNet (endpoint and
     * policy removed from the subnet). Each write after the first in a family needs the etag the
     * previous one produced.
     */
    @Test
    void severalFixesToOneFamilyAreWrittenOneAfterAnotherEachWithAFreshEtag() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("compliant");
        arm.deleteExternally(SEP.child("serviceEndpointPolicyDefinitions", "ml-alias"));
        JsonObject def = arm.resource(STORAGE_DEF).orElseThrow();
        def.getAsJsonObject("properties").getAsJsonArray("serviceResources").add(EVIL);
        arm.putExternally(def);
        arm.deleteExternally(NSG.child("securityRules", "allow-storage-outbound"));
        arm.deleteExternally(NSG.child("securityRules", "allow-batch-outbound"));
        arm.putExternally(batchInboundRule());
        JsonObject second = batchInboundRule();
        second.addProperty("id", NSG.child("securityRules", "allow-batch-inbound-2").toString());
        second.addProperty("name", "allow-batch-inbound-2");
        second.getAsJsonObject("properties").addProperty("priority", 210);
        arm.putExternally(second);
        JsonObject subnet = arm.resource(SUBNET).orElseThrow();
        subnet.getAsJsonObject("properties").add("serviceEndpoints", new JsonArray());
        subnet.getAsJsonObject("properties").add("serviceEndpointPolicies", new JsonArray());
        arm.putExternally(subnet);
        assertEquals(Set.of("DLP001", "DLP002", "DLP003", "DLP005", "DLP006", "DLP007", "DLP009"), violated(arm, config));

        ReconcileResult result = reconciler(arm).reconcile(config, ReconcileRequest.everything(false));

        assertEquals(Set.of(), violated(arm, config), "every family restored");
        assertTrue(result.outcomes().stream().allMatch(o -> o.result() == WriteOutcome.Result.APPLIED),
                "no write was refused for a stale etag: " + result.outcomes());
        assertTrue(result.rounds() <= Reconciler.MAX_ROUNDS, "rounds " + result.rounds());
        Map<String, Long> writesByFamily = arm.requests().stream()
                .collect(Collectors.groupingBy(ReconcilerTest::family, TreeMap::new, Collectors.counting()));
        assertEquals(4L, writesByFamily.get(NSG.key()), "two deletes and two new allow rules: " + arm.requests());
        assertEquals(2L, writesByFamily.get(SEP.key()), "the alias and the account: " + arm.requests());
        assertEquals(1L, writesByFamily.get(VNET.key()), "one subnet PUT carries DLP001 and DLP002: " + arm.requests());
        // Within a family every write carried a different etag: each came from a fresh read. (A new
        // child has no etag of its own: the Reconciler pins its create to the family etag it read.)
        assertTrue(arm.requests().stream().allMatch(r -> r.ifMatch().isPresent()), "every write is conditional: " + arm.requests());
        Map<String, List<String>> etagsByFamily = arm.requests().stream().filter(r -> r.ifMatch().isPresent())
                .collect(Collectors.groupingBy(ReconcilerTest::family, TreeMap::new,
                        Collectors.mapping(r -> r.ifMatch().get(), Collectors.toList())));
        assertEquals(4, etagsByFamily.get(NSG.key()).size(), etagsByFamily.toString());
        etagsByFamily.forEach((family, etags) -> assertEquals(etags.size(), new TreeSet<>(etags).size(),
                family + " reused an etag: " + etags));
        assertTrue(arm.resource(NSG.child("securityRules", "deny-internet-outbound")).isPresent());
        assertEquals(1, storageEntries(arm).size());
    }

    static String family(ArmRequest r) {
        String path = r.url().substring(0, r.url().indexOf('?'));
        ResourceId id = ResourceId.parse(path);
        while (id.parent().isPresent() && id.parent().get().isProviderResource()) {
            id = id.parent().get();
        }
        return id.key();
    }

    static JsonObject batchInboundRule() {
        JsonObject rule = JsonParser.parseString("""
                {"name":"allow-batch-inbound","type":"Microsoft.Network/networkSecurityGroups/securityRules",
                 "properties":{"protocol":"Tcp","sourcePortRange":"*","destinationPortRange":"29876-29877",
                 "sourceAddressPrefix":"BatchNodeManagement.westeurope","destinationAddressPrefix":"*","access":"Allow",
                 "priority":200,"direction":"Inbound"}}""").getAsJsonObject();
        rule.addProperty("id", BATCH_INBOUND.toString());
        return rule;
    }

    /**
     * A human edits the definition between the guard's read and its write: the stale write is
     * refused (If-Match), the next round re-reads, and the human's edit survives the fix.
     */
    @Test
    void aConcurrentHumanEditIsNeverOverwritten() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        boolean[] raced = {false};
        ArmGateway racing = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                return arm.read(scope);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) throws ArmException {
                if (!raced[0] && write.target().equals(STORAGE_DEF)) {
                    raced[0] = true;
                    JsonObject edited = arm.resource(STORAGE_DEF).orElseThrow();
                    edited.getAsJsonObject("properties").addProperty("description", "edited by a human just now");
                    try {
                        arm.putExternally(edited);
                    } catch (SnapshotException e) {
                        throw new AssertionError(e);
                    }
                }
                return arm.execute(write);
            }
        };
        ReconcileResult result = reconciler(racing).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(raced[0]);
        assertTrue(result.outcomes().stream().anyMatch(o -> o.result() == WriteOutcome.Result.PRECONDITION_FAILED),
                "the stale write was refused: " + result.outcomes());
        JsonObject def = arm.resource(STORAGE_DEF).orElseThrow();
        assertEquals("edited by a human just now", def.getAsJsonObject("properties").get("description").getAsString());
        assertFalse(def.toString().contains("mallorypersonal"), "and the account is still removed, from a fresh read");
        assertEquals(Set.of("DLP010"), violated(arm, config));
    }

    @Test
    void anUnreadableSubnetMeansUnknownAndNoWriteAtAll() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        arm.denyReads(VNET, "AuthorizationFailed");
        ReconcileResult result = reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(result.found().assessments().stream().anyMatch(a -> a.finding().status() == Status.UNKNOWN));
        assertTrue(result.found().assessments().stream()
                .filter(a -> a.finding().subnetId().isPresent() && !a.finding().ruleId().equals("DLP009"))
                .noneMatch(Assessment::isRollbackCandidate), "nothing about the unread subnet is rolled back");
        assertTrue(arm.requests().stream().noneMatch(r -> r.url().contains("/virtualNetworks/")), "the VNet family is never written");
    }

    @Test
    void anUnreadableNsgIsNeverWrittenWhileTheRestIsRestored() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        arm.denyReads(NSG, "AuthorizationFailed");
        reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(arm.resource(BATCH_INBOUND).isPresent(), "unknown never writes");
        assertTrue(arm.requests().stream().noneMatch(r -> r.url().contains("/networkSecurityGroups/")));
        Map<String, Set<Status>> verdicts = verdicts(arm, config);
        assertEquals(Set.of(Status.UNKNOWN), verdicts.get("DLP009"), verdicts.toString());
        assertEquals(Set.of(Status.PASS), verdicts.get("DLP001"), "the subnet was still restored");
        assertEquals(Set.of(Status.PASS), verdicts.get("DLP005"), "the policy was still restored");
    }

    @Test
    void anUnreadablePolicyIsNeverWritten() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        arm.denyReads(SEP, "AuthorizationFailed");
        reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(arm.requests().stream().noneMatch(r -> r.url().contains("/serviceEndpointPolicies/")), arm.requests().toString());
        assertTrue(storageEntries(arm).toString().contains("mallorypersonal"), "left as found, for a human");
        assertTrue(arm.resource(BATCH_INBOUND).isEmpty(), "the readable NSG was still fixed");
    }

    @Test
    void anExemptedResourceIsNeverWrittenEvenInRollback() throws Exception {
        GuardConfig config = allRollback("""
                [{"ruleId": "DLP009", "resourceId": "%s", "until": "2027-01-31", "reason": "legacy compute instance"}]"""
                .formatted(BATCH_INBOUND));
        InMemoryArmGateway arm = estate("drifted");
        reconciler(arm).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(arm.resource(BATCH_INBOUND).isPresent());
        assertEquals(Set.of("DLP009", "DLP010"), violated(arm, config));
    }

    @Test
    void dryRunNeverWrites() throws Exception {
        InMemoryArmGateway arm = estate("drifted");
        ReconcileResult result = reconciler(arm).reconcile(allRollback(), ReconcileRequest.everything(true));
        assertEquals(0, arm.writeCount());
        assertEquals(4, result.plan().writes().size());
        assertTrue(result.outcomes().stream().allMatch(o -> o.result() == WriteOutcome.Result.DRY_RUN));
    }

    @Test
    void aVetoedWriteIsNotSentAndStaysAViolation() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        ReconcileResult result = reconciler(arm).reconcile(config, ReconcileRequest.everything(false),
                (write, etag) -> !write.ruleIds().contains("DLP005"));
        assertTrue(storageEntries(arm).toString().contains("mallorypersonal"));
        assertTrue(result.verified().assessments().stream().anyMatch(a -> a.isViolation() && a.finding().ruleId().equals("DLP005")));
        assertEquals(Set.of("DLP005", "DLP010"), violated(arm, config));
    }

    /** ARM says "applied" and nothing changes (an Azure Policy deny-then-modify, say): the guard stops. */
    @Test
    void aWriteThatNeverSticksEndsAfterBoundedRounds() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        ArmGateway blackHole = new ArmGateway() {
            @Override
            public Estate read(ReadScope scope) throws ArmException {
                return arm.read(scope);
            }

            @Override
            public WriteOutcome execute(PlannedWrite write) {
                return new WriteOutcome(write, WriteOutcome.Result.APPLIED, Optional.empty(), "accepted", Optional.empty());
            }
        };
        ReconcileResult result = reconciler(blackHole).reconcile(config, ReconcileRequest.everything(false));
        assertTrue(result.rounds() <= Reconciler.MAX_ROUNDS + 1, "rounds " + result.rounds());
        assertTrue(result.verified().hasCountingViolations(), "the verified state tells the truth");
    }

    @Test
    void aNarrowedRequestReadsAndFixesOnlyItsSubnet() throws Exception {
        GuardConfig config = allRollback();
        InMemoryArmGateway arm = estate("drifted");
        ReconcileResult result = reconciler(arm).reconcile(config, new ReconcileRequest(Set.of(SUBNET), false));
        assertFalse(result.outcomes().isEmpty());
        assertEquals(Set.of("DLP010"), violated(arm, config));
        ReconcileResult other = reconciler(arm).reconcile(config, new ReconcileRequest(Set.of(JUMPBOX), false));
        assertTrue(other.found().assessments().isEmpty(), "an unprotected subnet selects no workspace");
        assertTrue(other.outcomes().isEmpty());
    }
}
