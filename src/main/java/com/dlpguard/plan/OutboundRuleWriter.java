package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ManagedNetwork;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Remedy;

import java.util.List;
import java.util.Optional;

/**
 * DLP016's rollback: a DELETE of one outbound rule child of a workspace's managed network (never
 * a workspace PUT/PATCH, which would rewrite the whole managed network). {@code If-Match} carries
 * the etag ARM answered for the rule; the gateway re-reads the rule just before sending and
 * refuses when it changed since the read the plan came from.
 */
final class OutboundRuleWriter {
    private OutboundRuleWriter() {
    }

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.DeleteOutboundRule;
    }

    static Outcome write(ResourceId ruleId, List<Claim> claims, Estate estate) {
        ResourceId workspaceId = ruleId.parent().orElseThrow();
        Optional<OutboundRule> rule = estate.workspace(workspaceId).flatMap(MlWorkspace::managedNetwork)
                .map(ManagedNetwork::outboundRules).orElse(List.of()).stream()
                .filter(r -> r.id().equals(ruleId)).findFirst();
        if (rule.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, "already in the desired state: outbound rule "
                    + ruleId.name() + " is not in workspace " + workspaceId.name() + " as read"));
        }
        // Defence in depth: the rules never ask for this (DLP017 has no remedy), and a platform
        // rule deleted would break the workspace.
        if (rule.get().isPlatformRule()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, "outbound rule " + ruleId.name() + " is a platform rule ("
                    + rule.get().category().orElse("") + "): never deleted"));
        }
        String rules = String.join(", ", Claim.ruleIdsOf(claims));
        String reason = rules + ": delete unapproved " + rule.get().type() + " outbound rule " + ruleId.name()
                + " of workspace " + workspaceId.name() + ", so the managed network allows only approved outbound traffic";
        ArmRequest request = new ArmRequest("DELETE", MachineLearningApi.url(ruleId), rule.get().etag(), Optional.empty());
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), "delete-outbound-rule", ruleId, request, reason,
                "properties", rule.get().json(), "null"), List.of());
    }
}
