package com.dlpguard.alerts;

import com.dlpguard.alerts.AlertDispatcher.Decision;
import com.dlpguard.alerts.LocalReceiver.Answer;
import com.dlpguard.state.GuardStateStore;
import com.dlpguard.state.InMemoryGuardStateStore;
import com.dlpguard.state.StateUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static com.dlpguard.alerts.AlertFixtures.EVENT;
import static com.dlpguard.alerts.AlertFixtures.NOW;
import static com.dlpguard.alerts.AlertFixtures.ROGUE;
import static com.dlpguard.alerts.AlertFixtures.TITLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class AlertDispatcherTest {
    private static final Duration HOUR = Duration.ofHours(1);

    /** Keeps what it is sent. */
    static final class Recording implements AlertSink {
        final List<AlertMessage> sent = new ArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public void send(AlertMessage alert) {
            sent.add(alert);
        }

        List<AlertKind> kinds() {
            return sent.stream().map(AlertMessage::kind).toList();
        }
    }

    private final InMemoryGuardStateStore store = new InMemoryGuardStateStore();
    private final Recording sink = new Recording();
    private final AlertDispatcher dispatcher = new AlertDispatcher(store, List.of(sink), HOUR);

    private Decision alertOnly(List<String> offending, Instant at) {
        return dispatcher.onViolation(AlertFixtures.violation(offending), TITLE, EVENT, ActionTaken.ALERT_ONLY, "alert mode", at);
    }

    @Test
    void the_same_standing_violation_alerts_once_per_window() {
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW));
        assertEquals(Decision.DEDUPLICATED, alertOnly(List.of(ROGUE), NOW.plusSeconds(60)), "a redelivered event");
        assertEquals(Decision.DEDUPLICATED, alertOnly(List.of(ROGUE), NOW.plus(Duration.ofMinutes(59))), "a sweep");
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW.plus(Duration.ofMinutes(61))), "after the window");
        assertEquals(2, sink.sent.size());
    }

    @Test
    void a_change_in_state_alerts_at_once() {
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW));
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE, ROGUE + "2"), NOW.plusSeconds(60)), "another account added");
        assertEquals(Decision.SENT, dispatcher.onViolation(AlertFixtures.violation(List.of(ROGUE, ROGUE + "2")), TITLE, EVENT,
                ActionTaken.ROLLBACK_FAILED, "412", NOW.plusSeconds(120)), "another action");
        assertEquals(3, sink.sent.size());
    }

    @Test
    void the_order_of_offending_values_is_not_news() {
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE, ROGUE + "2"), NOW));
        assertEquals(Decision.DEDUPLICATED, alertOnly(List.of(ROGUE + "2", ROGUE), NOW.plusSeconds(60)));
    }

    @Test
    void a_recurrence_after_the_guard_fixed_it_is_news_and_no_resolved_is_sent_for_the_guards_own_fix() {
        assertEquals(Decision.SENT, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK,
                "removed", NOW));
        assertEquals(Decision.NOT_ALERTED, dispatcher.onPass(AlertFixtures.pass(), TITLE, AlertContext.none(), NOW.plusSeconds(5)),
                "the rollback alert already said it was fixed");
        assertEquals(Decision.SENT, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK,
                "removed again", NOW.plusSeconds(60)), "the same account re-added: a fight, people must see it");
        assertEquals(List.of(AlertKind.VIOLATION, AlertKind.VIOLATION), sink.kinds());
    }

    @Test
    void a_violation_fixed_by_a_human_sends_one_resolved() {
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW));
        assertEquals(Decision.NOT_ALERTED, dispatcher.onFinding(AlertFixtures.unknown(), TITLE, AlertContext.none(),
                ActionTaken.ALERT_ONLY, "", NOW.plusSeconds(30)), "can't tell says nothing about recovery");
        assertEquals(Decision.RESOLVED_SENT, dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(60)));
        assertEquals(Decision.NOT_ALERTED, dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(61)), "once");
        assertEquals(Decision.NOT_ALERTED, dispatcher.onPass(AlertFixtures.pass(), TITLE, AlertContext.none(), NOW.plusSeconds(300)));
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW.plusSeconds(400)), "it came back: news again within the window");
        assertEquals(List.of(AlertKind.VIOLATION, AlertKind.RESOLVED, AlertKind.VIOLATION), sink.kinds());
        AlertMessage resolved = sink.sent.get(1);
        assertEquals(Optional.empty(), resolved.action());
        assertEquals("mallory@contoso.com", resolved.context().actor().upn().orElseThrow(), "who fixed it, from the event");
    }

    @Test
    void a_pass_never_seen_failing_sends_nothing() {
        assertEquals(Decision.NOT_ALERTED, dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW));
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void audit_mode_records_but_never_alerts_nor_resolves() {
        assertEquals(Decision.NOT_ALERTED, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.AUDIT_ONLY,
                "audit", NOW));
        assertEquals(Decision.NOT_ALERTED, dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(60)));
        assertTrue(sink.sent.isEmpty());
    }

    @Test
    void an_escalation_is_its_own_news() {
        assertEquals(Decision.SENT, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK, "1", NOW));
        assertEquals(Decision.SENT, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ESCALATED_FIGHT,
                "4 rollbacks in 1 h", NOW.plusSeconds(60)));
        assertEquals(Decision.DEDUPLICATED, dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT,
                ActionTaken.ESCALATED_FIGHT, "still", NOW.plusSeconds(120)));
        assertEquals(List.of(AlertKind.VIOLATION, AlertKind.ESCALATION), sink.kinds());
    }

    @Test
    void two_dispatchers_sharing_a_store_send_one_alert_and_one_resolved() {
        Recording other = new Recording();
        AlertDispatcher second = new AlertDispatcher(store, List.of(other), HOUR);
        alertOnly(List.of(ROGUE), NOW);
        second.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "alert mode", NOW);
        dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(60));
        second.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(60));
        assertEquals(2, sink.sent.size() + other.sent.size());
        assertEquals(1, sink.sent.stream().filter(a -> a.kind() == AlertKind.VIOLATION).count()
                + other.sent.stream().filter(a -> a.kind() == AlertKind.VIOLATION).count());
        assertEquals(1, sink.sent.stream().filter(a -> a.kind() == AlertKind.RESOLVED).count()
                + other.sent.stream().filter(a -> a.kind() == AlertKind.RESOLVED).count());
    }

    @Test
    void when_the_store_is_down_alerts_still_go_out_and_say_they_may_repeat() {
        AlertDispatcher degraded = new AlertDispatcher(downStore(), List.of(sink), HOUR);
        assertEquals(Decision.SENT, degraded.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x", NOW));
        assertEquals(Decision.DEDUPLICATED, degraded.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY,
                "x", NOW.plusSeconds(1)), "this instance's memory still de-duplicates");
        assertTrue(sink.sent.get(0).stateUnavailable());
        assertTrue(LogCapture.captured().contains("state store unavailable"));
    }

    @Test
    void a_throwing_sink_does_not_reach_the_caller_nor_stop_the_other_sinks() {
        AlertSink broken = new AlertSink() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void send(AlertMessage alert) {
                throw new IllegalStateException("boom");
            }
        };
        AlertDispatcher withBroken = new AlertDispatcher(store, List.of(broken, sink), HOUR);
        assertEquals(Decision.SENT, withBroken.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK, "ok", NOW));
        assertEquals(1, sink.sent.size());
        assertTrue(LogCapture.captured().contains("sink 'broken' failed"));
    }

    @Test
    void a_dead_or_slow_receiver_does_not_delay_the_rollback_path() throws Exception {
        try (HttpAlertSender sender = new HttpAlertSender(HttpAlertSenderTest.FAST);
             LocalReceiver slow = new LocalReceiver(TestSecrets.TEAMS_PATH, Answer.slow(Duration.ofSeconds(3)))) {
            AlertDispatcher real = new AlertDispatcher(store, List.of(
                    new TeamsSink(slow.url(), new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender),
                    new TeamsSink(Secret.of("http://127.0.0.1:9" + TestSecrets.TEAMS_PATH), new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender)),
                    HOUR);
            long start = System.nanoTime();
            Decision d = real.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ROLLED_BACK, "removed", NOW);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(Decision.SENT, d);
            assertTrue(millis < 200, "the dispatcher took " + millis + " ms");
            System.out.println("AlertDispatcher.onViolation with a slow and a dead receiver: " + millis + " ms");
        }
    }

    /** A shared store that is down: every call fails the way the Table Storage one does (whatever the interface grows). */
    static GuardStateStore downStore() {
        return (GuardStateStore) Proxy.newProxyInstance(GuardStateStore.class.getClassLoader(), new Class<?>[]{GuardStateStore.class},
                (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    switch (method.getName()) {
                        case "toString":
                            return "down store";
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "equals":
                            return proxy == args[0];
                        default:
                            break;
                    }
                    throw new StateUnavailableException("table storage unreachable", new java.io.IOException("connection reset"));
                });
    }

    @Test
    void an_unknown_finding_is_an_unverifiable_alert_once_per_window_and_leaves_the_status() {
        dispatcher.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "alert mode", NOW);
        assertEquals(Decision.SENT, dispatcher.onUnknown(AlertFixtures.unknown(), TITLE, EVENT, NOW.plusSeconds(10)));
        assertEquals(Decision.DEDUPLICATED, dispatcher.onUnknown(AlertFixtures.unknown(), TITLE, EVENT, NOW.plusSeconds(20)),
                "a read that keeps failing alerts once per window");
        AlertMessage sent = sink.sent.get(sink.sent.size() - 1);
        assertEquals(AlertKind.UNVERIFIABLE, sent.kind());
        assertEquals(ActionTaken.COULD_NOT_VERIFY, sent.action().orElseThrow());
        assertEquals(Decision.RESOLVED_SENT, dispatcher.onPass(AlertFixtures.pass(), TITLE, EVENT, NOW.plusSeconds(30)),
                "the status stayed 'violation' through the unknown, so a pass after it is a resolution");
    }

    @Test
    void one_escalation_per_fight_whatever_values_each_round_used() {
        List<Actor> actors = List.of(Actor.of("mallory@contoso.com", null, "203.0.113.7"), Actor.of(null, "04b07795", null));
        assertEquals(Decision.SENT, dispatcher.onEscalation(AlertFixtures.violation(List.of(ROGUE)), TITLE, EVENT, actors,
                "3 rollbacks", NOW));
        assertEquals(Decision.DEDUPLICATED, dispatcher.onEscalation(AlertFixtures.violation(List.of(ROGUE + "2")), TITLE, EVENT,
                actors, "4 rollbacks", NOW.plusSeconds(60)));
        assertEquals(Decision.SENT, alertOnly(List.of(ROGUE), NOW.plusSeconds(61)), "the violation slot is separate");
        AlertMessage escalation = sink.sent.get(0);
        assertEquals(AlertKind.ESCALATION, escalation.kind());
        assertEquals(actors, escalation.actors());
    }

    /** A sink whose deliveries end as the test says, when it says. */
    static final class Failing implements AlertSink {
        final List<java.util.concurrent.CompletableFuture<Boolean>> pending = new ArrayList<>();

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public void send(AlertMessage alert) {
            offer(alert);
        }

        @Override
        public java.util.concurrent.CompletionStage<Boolean> offer(AlertMessage alert) {
            java.util.concurrent.CompletableFuture<Boolean> f = new java.util.concurrent.CompletableFuture<>();
            pending.add(f);
            return f;
        }
    }

    @Test
    void an_alert_that_could_not_be_sent_gives_up_its_deduplication_slot() {
        Failing failing = new Failing();
        AlertDispatcher d = new AlertDispatcher(store, List.of(failing), HOUR);
        assertEquals(Decision.SENT, d.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x", NOW));
        assertEquals(Decision.DEDUPLICATED, d.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x",
                NOW.plusSeconds(1)), "while the delivery is under way the slot holds");
        failing.pending.get(0).complete(false); // the receiver kept failing, or the queue was full
        assertEquals(Decision.SENT, d.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x",
                NOW.plusSeconds(2)), "not delivered: the next evaluation alerts again");
        failing.pending.get(1).complete(true);
        assertEquals(Decision.DEDUPLICATED, d.onViolation(AlertFixtures.violation(), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x",
                NOW.plusSeconds(3)), "delivered: de-duplicated as usual");
        assertTrue(LogCapture.captured().contains("slot is released"));
    }

    @Test
    void an_unverifiable_or_escalation_alert_not_sent_is_not_deduplicated_either() {
        Failing failing = new Failing();
        AlertDispatcher d = new AlertDispatcher(store, List.of(failing), HOUR);
        d.onUnknown(AlertFixtures.unknown(), TITLE, EVENT, NOW);
        failing.pending.get(0).completeExceptionally(new IllegalStateException("queue closed"));
        assertEquals(Decision.SENT, d.onUnknown(AlertFixtures.unknown(), TITLE, EVENT, NOW.plusSeconds(1)));
        d.onEscalation(AlertFixtures.violation(), TITLE, EVENT, List.of(Actor.unknown()), "3 rollbacks", NOW);
        failing.pending.get(2).complete(false);
        assertEquals(Decision.SENT, d.onEscalation(AlertFixtures.violation(), TITLE, EVENT, List.of(Actor.unknown()), "4", NOW));
    }

    @Test
    void a_full_delivery_queue_releases_the_slot() throws Exception {
        HttpAlertSender.Options one = new HttpAlertSender.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(5), 1, 1);
        try (HttpAlertSender sender = new HttpAlertSender(one);
             LocalReceiver slow = new LocalReceiver(TestSecrets.TEAMS_PATH, Answer.slow(Duration.ofSeconds(3)))) {
            AlertDispatcher d = new AlertDispatcher(store, List.of(new TeamsSink(slow.url(),
                    new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender)), HOUR);
            // Three different findings: one in flight, one queued, the third finds the queue full.
            d.onViolation(AlertFixtures.violation(List.of("a")), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x", NOW);
            d.onViolation(AlertFixtures.violation(List.of("b")), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x", NOW);
            d.onViolation(AlertFixtures.violation(List.of("c")), TITLE, EVENT, ActionTaken.ALERT_ONLY, "x", NOW);
            assertEquals(Decision.SENT, d.onViolation(AlertFixtures.violation(List.of("c")), TITLE, EVENT, ActionTaken.ALERT_ONLY,
                    "x", NOW.plusSeconds(1)), "dropped by a full queue: not de-duplicated");
        }
    }
}
