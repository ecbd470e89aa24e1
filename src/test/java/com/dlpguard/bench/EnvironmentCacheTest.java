package com.dlpguard.bench;

import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.GuardPolicy;
import com.dlpguard.rules.Assessment;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
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
 * Environment versions (DLP013) are listed once and then only when an event names the workspace
 * or the sweep runs: a network event costs no ML list calls, and DLP013's verdict is unchanged.
 */
class EnvironmentCacheTest {
    static final String WS = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-rg/providers/"
            + "Microsoft.MachineLearningServices/workspaces/contoso-ml";
    static final String NSG_RULE = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/"
            + "Microsoft.Network/networkSecurityGroups/compute-nsg/securityRules/allow-storage-outbound";

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

    Guard.Outcome event(String subject, String operation) throws Exception {
        String json = Events.of(subject, operation, "e-" + ids.incrementAndGet(), clock.instant().plusSeconds(60));
        List<ParsedEvent> parsed = EventPayloadParser.parse(json);
        return guard.handle(parsed);
    }

    static List<String> dlp013(Guard.Outcome outcome) {
        return outcome.result().orElseThrow().verified().assessments().stream()
                .map(Assessment::finding).filter(f -> f.ruleId().equals("DLP013"))
                .map(f -> f.status() + " " + f.resourceId()).sorted().toList();
    }

    @Test
    void networkEventsReuseTheListingAndJudgeDlp013TheSame() throws Exception {
        Guard.Outcome first = event(NSG_RULE, "Microsoft.Network/networkSecurityGroups/securityRules/write");
        Guard.Outcome second = event(NSG_RULE, "Microsoft.Network/networkSecurityGroups/securityRules/write");

        assertEquals(1, recording.environmentListings(), "the second network event must not list environments again");
        assertFalse(dlp013(first).isEmpty(), "DLP013 is evaluated");
        assertEquals(dlp013(first), dlp013(second));
    }

    @Test
    void anEnvironmentEventListsAgainAndSeesTheNewVersion() throws Exception {
        event(NSG_RULE, "Microsoft.Network/networkSecurityGroups/securityRules/write");
        String version = WS + "/environments/training-py311/versions/4";
        arm.putExternally(JsonParser.parseString("""
                {"id":"%s","name":"4","type":"Microsoft.MachineLearningServices/workspaces/environments/versions",
                 "properties":{"image":"viennaglobal.azurecr.io/azureml/base:latest","isAnonymous":false,
                 "isArchived":false,"osType":"Linux","provisioningState":"Succeeded"}}""".formatted(version)).getAsJsonObject());

        Guard.Outcome outcome = event(version, "Microsoft.MachineLearningServices/workspaces/environments/versions/write");

        assertEquals(2, recording.environmentListings());
        assertTrue(dlp013(outcome).stream().anyMatch(s -> s.startsWith("VIOLATION") && s.endsWith("versions/4")),
                "the new version's image is judged: " + dlp013(outcome));
    }

    @Test
    void theSweepListsAgain() throws Exception {
        event(NSG_RULE, "Microsoft.Network/networkSecurityGroups/securityRules/write");
        guard.sweep();
        guard.sweep();
        assertEquals(3, recording.environmentListings());
        assertEquals(Set.of(), Set.copyOf(recording.writes), "a compliant estate is never written");
    }
}
