package com.dlpguard.functions;

import com.dlpguard.alerts.AlertKind;
import com.dlpguard.alerts.AlertMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Attrition (threat model 1.1) on simulated time: the insider deletes the ML alias definition (a
 * critical rule) again every 30 s, ten times over 5 minutes, through the Event Grid function.
 * Event Grid redelivers a delivery the function did not acknowledge on its schedule (10 s,
 * 30 s, 1 min, 5 min, …); the app's due re-check runs every 5 s. The figure that matters is the
 * longest time the path stayed open.
 */
class FightWindowTest {
    static final long[] EVENT_GRID_RETRY_SECONDS = {10, 30, 60, 300, 600, 1800};
    static final int STEP_SECONDS = 5;

    record Pending(String event, long dueSecond, int attempt) {
    }

    /** Plays the fight; returns the longest open window in seconds. */
    static long play(GuardHarness h, boolean dueRechecks, List<String> log) throws Exception {
        DlpGuardEventGrid function = new DlpGuardEventGrid();
        List<Pending> queue = new ArrayList<>();
        long openSince = -1;
        long longest = 0;
        int changes = 0;
        for (long t = 0; t <= 15 * 60; t += STEP_SECONDS) {
            if (t % 30 == 0 && changes < 10) {
                DlpGuardEventGridTest.removeAlias(h.arm);
                changes++;
                queue.add(new Pending(DlpGuardEventGridTest.withIdAndTime(DlpGuardEventGridTest.exampleEvent("alias-removed.json"),
                        "attrition-" + changes, h.clock.instant().toString()), t, 0));
            }
            if (!DlpGuardEventGridTest.listsAlias(h.arm) && openSince < 0) {
                openSince = t;
            }
            for (Pending p : List.copyOf(queue)) {
                if (p.dueSecond() > t) {
                    continue;
                }
                queue.remove(p);
                try {
                    function.run(p.event(), new TestExecutionContext("DlpGuardEventGrid"));
                } catch (RedeliveryRequested deferred) {
                    long wait = EVENT_GRID_RETRY_SECONDS[Math.min(p.attempt(), EVENT_GRID_RETRY_SECONDS.length - 1)];
                    queue.add(new Pending(p.event(), t + wait, p.attempt() + 1));
                }
            }
            if (dueRechecks) {
                h.guard.recheckDue();
            }
            if (DlpGuardEventGridTest.listsAlias(h.arm) && openSince >= 0) {
                log.add("open " + openSince + "-" + t + " s");
                longest = Math.max(longest, t - openSince);
                openSince = -1;
            }
            h.clock.advance(Duration.ofSeconds(STEP_SECONDS));
        }
        assertTrue(openSince < 0, "the path is closed at the end: " + log);
        return longest;
    }

    @Test
    void tenReappliesOverFiveMinutesNeverWinAndTheLongestOpenWindowIsBounded() throws Exception {
        GuardHarness withTimer = new GuardHarness("compliant", false).install();
        List<String> log = new ArrayList<>();
        long longest = play(withTimer, true, log);
        System.out.println("fight, 10 re-applies over 5 min, due re-checks every 5 s + Event Grid redelivery: longest open "
                + longest + " s; restores " + withTimer.arm.writeCount() + "; " + log);
        assertTrue(longest <= 5 * 60 + STEP_SECONDS, "never more than the backoff cap (5 min): " + longest);
        List<AlertMessage> escalations = withTimer.alerts.stream().filter(a -> a.kind() == AlertKind.ESCALATION).toList();
        assertEquals(1, escalations.size(), withTimer.alerts.toString());
        assertTrue(escalations.get(0).actors().stream().anyMatch(a -> a.upn().orElse("").equals("mallory@contoso.com")));

        GuardHarness redeliveryOnly = new GuardHarness("compliant", false).install();
        List<String> log2 = new ArrayList<>();
        long longest2 = play(redeliveryOnly, false, log2);
        System.out.println("fight, same, Event Grid redelivery only (instance recycled): longest open " + longest2 + " s; " + log2);
        assertTrue(longest2 <= 10 * 60, "Event Grid's schedule alone still closes it: " + longest2);
    }
}
