package com.dlpguard.reconcile;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.EventContext;
import com.dlpguard.events.EventDecision;
import com.dlpguard.functions.MutableClock;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Notices and decision-log lines, worded in one place. */
class DecisionLogTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:20:00Z"));

    @Test
    void eachFindingGetsTheActionItsModeAndTheArbiterAllow() throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/drifted"));
        Reconciler reconciler = new Reconciler(arm, RuleEngine.withCatalog(), new RollbackPlanner(), clock);
        WriteArbiter.Round round = new WriteArbiter(new InMemoryGuardStateStore(), GuardPolicy.defaults(), clock).open();
        ReconcileResult result = reconciler.reconcile(config, ReconcileRequest.everything(true), round);

        List<FindingNotice> notices = DecisionLog.notices(result, round, EventContext.NONE, false);
        assertEquals(result.found().assessments().size(), notices.size(), "one notice per finding, passes included");
        Map<String, GuardAction> byRule = notices.stream().filter(n -> n.assessment().isViolation())
                .collect(Collectors.toMap(n -> n.assessment().finding().ruleId(), FindingNotice::action, (a, b) -> a));
        assertEquals(GuardAction.WOULD_ROLL_BACK, byRule.get("DLP003"), "rollback mode in dry run: " + byRule);
        assertEquals(GuardAction.ALERT_ONLY, byRule.get("DLP010"), "no automatic fix: " + byRule);

        List<String> lines = new ArrayList<>();
        DecisionLog log = new DecisionLog(lines::add);
        notices.forEach(log::notice);
        log.event(new EventDecision("e-1", true, "protected subnet compute changed", List.of(), EventContext.NONE));
        assertEquals(notices.size() + 1, lines.size());
        JsonObject dlp003 = lines.stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(o -> o.has("rule") && o.get("rule").getAsString().equals("DLP003")).findFirst().orElseThrow();
        assertEquals("would-roll-back", dlp003.get("action").getAsString());
        assertEquals("dry-run", dlp003.get("outcome").getAsString());
        JsonObject event = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
        assertEquals("dlp-guard.event", event.get("kind").getAsString());
        assertTrue(event.get("accepted").getAsBoolean());
        assertEquals(Optional.empty(), Optional.ofNullable(event.get("ownWrite")).filter(e -> e.getAsBoolean()));
    }
}
