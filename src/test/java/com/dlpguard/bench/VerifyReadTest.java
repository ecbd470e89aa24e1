package com.dlpguard.bench;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a write the guard re-reads the family it wrote, not the whole scope: the verification of
 * a SEP definition costs one GET. The world still ends compliant, several families included, and
 * a second event changes nothing.
 */
class VerifyReadTest {
    static final ResourceId SEP = ResourceId.parse(Events.SEP);
    static final ResourceId NSG = ResourceId.parse(Events.NSG);
    static final String BATCH_RULE = Events.NSG + "/securityRules/allow-batch-inbound";

    final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:20:00Z"), ZoneOffset.UTC);
    final AtomicInteger ids = new AtomicInteger();
    InMemoryArmGateway arm;
    RecordingGateway recording;
    Guard guard;

    @BeforeEach
    void setUp() throws Exception {
        arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/compliant"));
        recording = new RecordingGateway(arm);
        GuardSettings settings = new GuardSettings(ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24)),
                GuardPolicy.defaults().withDryRun(false), Optional.empty());
        guard = GuardWiring.build(settings, recording, new InMemoryGuardStateStore(), AlertSettings.fromEnvironment(Map.of()),
                clock, line -> { }, line -> { }, Duration.ZERO);
    }

    Guard.Outcome event(Events.Kind kind) throws Exception {
        return guard.handle(EventPayloadParser.parse(Events.of(kind, "e-" + ids.incrementAndGet(), clock.instant().plusSeconds(60))));
    }

    void removeAlias() {
        arm.resource(SEP).orElseThrow().getAsJsonObject("properties").getAsJsonArray("serviceEndpointPolicyDefinitions")
                .forEach(d -> {
                    if (d.toString().contains("/services/Azure/MachineLearning")) {
                        arm.deleteExternally(ResourceId.parse(d.getAsJsonObject().get("id").getAsString()));
                    }
                });
    }

    void addBatchInbound() throws Exception {
        arm.putExternally(JsonParser.parseString(
                "{\"name\":\"allow-batch-inbound\",\"id\":\"" + BATCH_RULE + "\",\"type\":\"Microsoft.Network/networkSecurityGroups/securityRules\","
                        + "\"properties\":{\"protocol\":\"Tcp\",\"sourcePortRange\":\"*\",\"destinationPortRange\":\"29876-29877\","
                        + "\"sourceAddressPrefix\":\"BatchNodeManagement\",\"destinationAddressPrefix\":\"*\",\"access\":\"Allow\","
                        + "\"priority\":200,\"direction\":\"Inbound\"}}").getAsJsonObject());
    }

    boolean aliasListed() {
        return arm.resource(SEP).orElseThrow().toString().contains("/services/Azure/MachineLearning");
    }

    static long violations(Guard.Outcome o) {
        return o.result().orElseThrow().verified().assessments().stream().filter(a -> a.isViolation()
                && Set.of("DLP003", "DLP009").contains(a.finding().ruleId())).count();
    }

    @Test
    void theVerificationReadsTheWrittenPolicyOnly() throws Exception {
        removeAlias();
        Guard.Outcome outcome = event(Events.Kind.SEP_DEFINITION_DELETE);

        assertTrue(aliasListed());
        assertEquals(0, violations(outcome));
        assertEquals(1, recording.writes.size());
        ReadScope.Targeted verify = (ReadScope.Targeted) recording.reads.get(recording.reads.size() - 1);
        assertEquals(Set.of(SEP), verify.serviceEndpointPolicies());
        assertTrue(verify.subnets().isEmpty() && verify.networkSecurityGroups().isEmpty() && verify.workspaces().isEmpty(),
                "the verification re-read only the policy: " + verify);
    }

    @Test
    void driftInTwoFamiliesIsRepairedAndASecondEventChangesNothing() throws Exception {
        removeAlias();
        addBatchInbound();
        Guard.Outcome outcome = event(Events.Kind.SECURITY_RULE_WRITE);

        assertTrue(aliasListed());
        assertTrue(arm.resource(ResourceId.parse(BATCH_RULE)).isEmpty(), "the inbound Batch rule is deleted");
        assertEquals(0, violations(outcome), "verified compliant");
        List<ReadScope> reads = List.copyOf(recording.reads);
        assertFalse(reads.isEmpty());

        recording.clear();
        Guard.Outcome again = event(Events.Kind.NSG_WRITE);
        assertTrue(recording.writes.isEmpty(), "a second run writes nothing");
        assertEquals(0, violations(again));
    }

    @Test
    void aSubnetWriteReReadsTheSubnetWithWhatItReferences() throws Exception {
        String subnetJson = arm.resource(ResourceId.parse(Events.SUBNET)).orElseThrow().toString();
        var subnet = JsonParser.parseString(subnetJson).getAsJsonObject();
        subnet.getAsJsonObject("properties").remove("serviceEndpointPolicies");
        arm.putExternally(subnet);

        Guard.Outcome outcome = event(Events.Kind.SUBNET_WRITE);

        assertEquals(0, outcome.result().orElseThrow().verified().assessments().stream()
                .filter(a -> a.isViolation() && a.finding().ruleId().equals("DLP002")).count());
        ReadScope.Targeted verify = (ReadScope.Targeted) recording.reads.get(recording.reads.size() - 1);
        assertEquals(Set.of(ResourceId.parse(Events.SUBNET)), verify.subnets());
        assertTrue(arm.resource(ResourceId.parse(Events.SUBNET)).orElseThrow().toString().contains("aml-dlp"));
        assertFalse(verify.environmentVersions());
        assertTrue(verify.networkSecurityGroups().isEmpty() || verify.networkSecurityGroups().equals(Set.of(NSG)));
    }
}
