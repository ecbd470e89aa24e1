package com.dlpguard.rules;

import com.dlpguard.model.ManagedNetwork;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A rule about a workspace that uses a managed virtual network (DLP015-DLP017). Such a workspace
 * has no subnet, SEP or NSG of its own, so these rules yield nothing for SEP-based workspaces, and
 * the SEP-based rules (DLP001-DLP014) yield nothing for managed ones: which rules apply follows
 * from the configured kind of workspace, never from what the workspace looks like today (an
 * insider switching a look must not switch the rules off).
 */
abstract class ManagedNetworkRule implements Rule {

    /** SEP-based workspaces: not applicable, no finding. */
    @Override
    public final List<Finding> evaluate(RuleContext context) {
        return List.of();
    }

    @Override
    public abstract List<Finding> evaluateManaged(ManagedRuleContext context);

    /**
     * The workspace as read, or the unknown finding saying why it cannot be judged: a read failure
     * (403, a malformed document) or its absence. A configured workspace that ARM says does not
     * exist is unknown, not a pass: a wrong id or a missing read permission look the same, and
     * neither may quietly turn the guard off for it.
     */
    final Read read(ManagedRuleContext context, boolean needRules) {
        ResourceId ws = context.workspace().workspaceId();
        Optional<String> failure = context.estate().readFailure(ws);
        if (failure.isEmpty() && needRules) {
            failure = context.estate().readFailures().entrySet().stream()
                    .filter(e -> e.getKey().isWithin(ws) && !e.getKey().equals(ws))
                    .map(e -> e.getKey().name() + ": " + e.getValue()).findFirst();
        }
        if (failure.isPresent()) {
            return new Read(Optional.empty(), Optional.of(unknown(context, ws, "workspace " + ws.name()
                    + (needRules ? " or its outbound rules" : "") + " could not be read: " + failure.get())));
        }
        Optional<MlWorkspace> workspace = context.estate().workspace(ws);
        if (workspace.isEmpty()) {
            return new Read(Optional.empty(), Optional.of(unknown(context, ws, "workspace " + ws.name()
                    + " was not found (deleted, a wrong workspaceId, or not visible to the guard)")));
        }
        return new Read(workspace, Optional.empty());
    }

    record Read(Optional<MlWorkspace> workspace, Optional<Finding> unknown) {
    }

    /** The workspace's outbound rules that {@code which} selects; none when it has no managed network. */
    static List<OutboundRule> outboundRules(MlWorkspace w, Predicate<OutboundRule> which) {
        return w.managedNetwork().map(ManagedNetwork::outboundRules).orElse(List.of()).stream().filter(which).toList();
    }

    /** "public network access Disabled, firewall SKU Standard, managed network Active": reported, not judged. */
    static String networkFacts(MlWorkspace w) {
        Optional<ManagedNetwork> mn = w.managedNetwork();
        return "public network access " + w.publicNetworkAccess().orElse("not set")
                + ", firewall SKU " + mn.flatMap(ManagedNetwork::firewallSku).orElse("not set")
                + ", managed network status " + mn.flatMap(ManagedNetwork::status).orElse("not set");
    }

    final Finding pass(ManagedRuleContext context, ResourceId resource, String message) {
        return new Finding(id(), severity(), Status.PASS, resource, context.workspace().name(), Optional.empty(), message,
                remediation(), List.of(), List.of());
    }

    final Finding unknown(ManagedRuleContext context, ResourceId resource, String message) {
        return new Finding(id(), severity(), Status.UNKNOWN, resource, context.workspace().name(), Optional.empty(),
                message, remediation(), List.of(), List.of());
    }

    final Finding violation(ManagedRuleContext context, ResourceId resource, String message, List<String> values,
                            List<Remedy> remedies) {
        return new Finding(id(), severity(), Status.VIOLATION, resource, context.workspace().name(), Optional.empty(),
                message, remediation(), values, remedies);
    }
}
