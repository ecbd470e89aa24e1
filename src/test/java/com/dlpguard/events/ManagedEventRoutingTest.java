package com.dlpguard.events;

import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.events.eventgrid.EventPayloadParser;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Workspace and outbound-rule events route to the managed workspace, whose key is its id. */
class ManagedEventRoutingTest {
    static final ResourceId WS = ResourceId.parse("/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/"
            + "ml-mvnet-rg/providers/Microsoft.MachineLearningServices/workspaces/contoso-mvnet");

    static EventDecision route(String payload) throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/managed/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        List<ParsedEvent> events = EventPayloadParser.parse(payload);
        return EventRouter.route(((ParsedEvent.Valid) events.get(0)).event(), config, Topology.UNKNOWN, Set.of());
    }

    static String example(String file) throws Exception {
        return Files.readString(Path.of("examples/managed/events").resolve(file));
    }

    @Test
    void anOutboundRuleWriteRoutesToItsWorkspace() throws Exception {
        EventDecision d = route(example("outbound-rule-added.json"));
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(WS), d.scopes());
        assertTrue(d.reason().contains("outbound rule pe-mallorystash"), d.reason());
    }

    @Test
    void aWorkspaceWriteRoutesToTheWorkspace() throws Exception {
        EventDecision d = route(example("workspace-written.json"));
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(WS), d.scopes());
    }

    @Test
    void anOutboundRuleDeleteIsHandledToo() throws Exception {
        String payload = example("outbound-rule-added.json").replace("ResourceWriteSuccess", "ResourceDeleteSuccess")
                .replace("outboundRules/write", "outboundRules/delete");
        EventDecision d = route(payload);
        assertTrue(d.accepted(), d.reason());
        assertEquals(List.of(WS), d.scopes());
    }

    @Test
    void aRuleOfAnUnconfiguredWorkspaceIsNotAScope() throws Exception {
        EventDecision d = route(example("outbound-rule-added.json").replace("contoso-mvnet", "someone-elses"));
        assertFalse(d.accepted(), d.reason());
        assertEquals(List.of(), d.scopes());
    }

    @Test
    void theFilterHoldsExactlyTheManagedOperationsNeeded() {
        for (String op : List.of("Microsoft.MachineLearningServices/workspaces/write",
                "Microsoft.MachineLearningServices/workspaces/outboundRules/write",
                "Microsoft.MachineLearningServices/workspaces/outboundRules/delete")) {
            assertTrue(HandledOperations.isHandled(op), op);
        }
        assertFalse(HandledOperations.isHandled("Microsoft.MachineLearningServices/workspaces/outboundRules/read"));
        assertTrue(HandledOperations.ALL.size() <= 25, "Event Grid allows 25 StringIn values");
    }
}
