package com.dlpguard.reconcile;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.Exemption;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The time bomb (rule book 1.1, attrition): an exemption that passes its date while the guard runs
 * lapses at once, without a restart, and the guard says so once in its decision log.
 */
class ExemptionLapseTest {
    static final ResourceId SUBNET = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/"
            + "ml-network-rg/providers/Microsoft.Network/virtualNetworks/ml-vnet/subnets/compute");

    @Test
    void anExemptionPassingItsDateUnderARunningGuardLapsesAndIsLoggedOnce() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-30T23:59:00Z"));
        GuardConfig loaded = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 30));
        Exemption dlp010 = new Exemption("DLP010", SUBNET, LocalDate.of(2026, 11, 30), "migration window");
        GuardConfig config = new GuardConfig(loaded.workspaces(), loaded.defaultMode(), loaded.ruleModes(),
                List.of(dlp010), loaded.warnings(), loaded.managedWorkspaces());
        List<String> log = new ArrayList<>();
        Guard guard = new Guard(config, new Reconciler(InMemoryArmGateway.fromSnapshot(Path.of("examples/drifted")),
                RuleEngine.withCatalog(), new RollbackPlanner(), clock),
                new InMemoryGuardStateStore(), Notifier.NONE, clock, GuardPolicy.defaults().withDryRun(true), log::add);

        assertEquals(GuardAction.EXEMPTED, dlp010Action(guard.recheck(Set.of(SUBNET), true)), "still exempt on its last day");
        assertEquals(0, lapseLines(log), "nothing has lapsed yet");

        clock.advance(Duration.ofMinutes(2)); // 2026-12-01: past the date
        assertEquals(GuardAction.ALERT_ONLY, dlp010Action(guard.recheck(Set.of(SUBNET), true)), "lapsed: counts again");
        guard.recheck(Set.of(SUBNET), true);
        assertEquals(1, lapseLines(log), "logged once, not on every reconcile: " + log);
    }

    static GuardAction dlp010Action(Guard.Outcome outcome) {
        return outcome.notices().stream().filter(n -> n.assessment().finding().ruleId().equals("DLP010")
                && n.assessment().isViolation()).findFirst().orElseThrow().action();
    }

    static long lapseLines(List<String> log) {
        return log.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.has("warning") && o.get("warning").getAsString().equals("exemption-lapsed"))
                .peek(o -> assertEquals("DLP010", o.get("rule").getAsString()))
                .count();
    }
}
