package com.dlpguard.functions;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.ArmException;
import com.dlpguard.events.EventPayloadException;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.reconcile.RestoreDeferredException;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;

import java.util.List;
import java.util.logging.Level;

/**
 * Event Grid trigger: one {@code Microsoft.Resources.*} event per invocation (String binding).
 * Returning acknowledges the event; throwing makes Event Grid redeliver. So a malformed event is
 * logged and acknowledged (a retry cannot fix it and would repeat for 24 h), while a transient
 * ARM failure, or a critical restore deferred by the fight backoff, throws {@link RedeliveryRequested}.
 * A {@code RuntimeException} from the reconcile (a defect) is not caught either: the guard has
 * already released the event's processed mark, so the host's retry and Event Grid's redelivery
 * are reconciled instead of being dropped as duplicates of a change nobody looked at.
 */
public class DlpGuardEventGrid {

    @FunctionName("DlpGuardEventGrid")
    public void run(@EventGridTrigger(name = "event") String event, final ExecutionContext context) {
        List<ParsedEvent> events;
        try {
            events = EventPayloadParser.parse(event == null ? "" : event);
        } catch (EventPayloadException e) {
            context.getLogger().warning("dlp-guard: ignored delivery: " + e.getMessage());
            return;
        }
        Guard guard = GuardRuntime.guard();
        try {
            Guard.Outcome outcome = guard.handle(events);
            context.getLogger().info(() -> "dlp-guard: " + outcome.decisions().size() + " event(s), "
                    + outcome.notices().stream().filter(n -> n.assessment().isViolation()).count() + " violation(s)");
        } catch (RestoreDeferredException e) {
            // Not acknowledged while a critical setting is still open: Event Grid redelivers.
            context.getLogger().warning("dlp-guard: " + e.getMessage());
            throw new RedeliveryRequested("critical restore deferred by the fight backoff until " + e.due());
        } catch (ArmException e) {
            if (e.isTransient()) {
                context.getLogger().warning("dlp-guard: transient ARM failure, Event Grid will redeliver: " + e.getMessage());
                throw new RedeliveryRequested("transient ARM failure: " + e.getMessage());
            }
            context.getLogger().log(Level.SEVERE, "dlp-guard: ARM refused the reconcile: " + e.getMessage());
        }
    }
}
