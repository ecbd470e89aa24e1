package com.dlpguard.rules;

import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DLP016: every user-defined outbound rule of a managed network goes to an approved destination:
 * a private endpoint to an approved resource, an FQDN rule to an approved host or wildcard, a
 * service-tag rule to an approved tag (see {@link OutboundApproval}). Microsoft states that
 * approved-outbound mode cannot guarantee exfiltration protection once such rules are added: a
 * private endpoint to one's own account, {@code *.blob.core.windows.net} or the {@code Storage} tag
 * reopen exactly the path the SEP closes for customer subnets. Rollback: DELETE the rule.
 *
 * <p>Rules the platform adds itself ({@code Required}, {@code Dependency}, {@code Recommended})
 * are not judged here but by DLP017, which never deletes: deleting one would break the workspace.
 * A rule with no category, or any other category, is judged here: the service always sets one.
 */
public final class Dlp016ApprovedOutboundRules extends ManagedNetworkRule {

    @Override
    public String id() {
        return "DLP016";
    }

    @Override
    public String title() {
        return "Every user-defined outbound rule of the managed network is approved";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "A user-defined outbound rule of a managed network (private endpoint, FQDN or service tag) to a"
                + " destination not listed in approvedOutbound reopens the exfiltration path approved-outbound mode closes.";
    }

    @Override
    public String remediation() {
        return "Delete the outbound rule (az ml workspace outbound-rule remove), or, if the destination is a"
                + " legitimate need, add it to the workspace's approvedOutbound in dlp-guard.json.";
    }

    @Override
    public List<Finding> evaluateManaged(ManagedRuleContext context) {
        Read read = read(context, true);
        if (read.unknown().isPresent()) {
            return List.of(read.unknown().get());
        }
        MlWorkspace w = read.workspace().orElseThrow();
        List<OutboundRule> userRules = outboundRules(w, r -> !r.isPlatformRule());
        if (userRules.isEmpty()) {
            return List.of(pass(context, w.id(), "workspace " + w.id().name() + " has no user-defined outbound rules ("
                    + networkFacts(w) + ")"));
        }
        List<Finding> findings = new ArrayList<>();
        for (OutboundRule rule : userRules) {
            String label = rule.type() + " rule " + rule.name() + " to " + OutboundApproval.describe(rule);
            Optional<String> whyNot = OutboundApproval.whyNot(rule, context.workspace().approvedOutbound(), Set.of(), Set.of());
            if (whyNot.isEmpty()) {
                findings.add(pass(context, rule.id(), label + " is approved (" + networkFacts(w) + ")"));
            } else {
                findings.add(violation(context, rule.id(), label + " of workspace " + w.id().name() + " is not approved: "
                                + whyNot.get() + " (" + networkFacts(w) + ")",
                        List.of(rule.name(), OutboundApproval.value(rule)),
                        List.of(new Remedy.DeleteOutboundRule(rule.id()))));
            }
        }
        return findings;
    }
}
