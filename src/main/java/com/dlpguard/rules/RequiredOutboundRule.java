package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.ResourceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DLP006-DLP008: in the NSG case, the protected subnet's NSG must effectively allow outbound TCP
 * 443 to a service tag AML compute depends on. One finding per protected subnet, naming the
 * subnet's NSG (the subnet when it has none).
 *
 * <p>Decisions: a subnet without an NSG passes (nothing filters its egress; DLP011 reports the
 * missing NSG). The verdict is {@code unknown} when the NSG cannot be read, or when a rule the
 * evaluator could not map (a source CIDR or ASG that may hold the compute) sits ahead of the
 * deciding rule with the opposite access. A public destination CIDR neither matches nor blocks
 * (rule book 2.1) and the message says the verdict assumed so. A blocked probe is a violation whose
 * remedy adds an allow rule just ahead of the blocking one. The firewall case comes from the
 * configuration, never from the route table.
 */
abstract class RequiredOutboundRule implements Rule {

    /** The service tag the compute needs, e.g. {@code Storage.westeurope}. */
    abstract String destinationTag(WorkspaceConfig workspace);

    /** The name of the allow rule the guard adds, {@code dlp-guard-<rule-id>-<purpose>}. */
    abstract String remedyRuleName();

    /** The protocol of the allow rule the guard adds, as ARM spells it. */
    abstract String remedyProtocol();

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            findings.add(evaluate(context, SubnetNetwork.resolve(context, subnetId)));
        }
        return findings;
    }

    private Finding evaluate(RuleContext context, SubnetNetwork net) {
        Optional<ResourceId> subnet = Optional.of(net.subnetId());
        if (net.subnetProblem().isPresent()) {
            return unknown(context, net.subnetId(), subnet, net.subnetProblem().get());
        }
        ResourceId resource = net.nsgOrSubnet();
        if (net.isFirewallCase()) {
            return pass(context, resource, subnet, net.notApplicableInFirewallCase());
        }
        TrafficProbe probe = TrafficProbe.outboundTcp(443, destinationTag(context.workspace()));
        if (net.nsgId().isEmpty()) {
            return pass(context, resource, subnet, "the subnet has no NSG, so nothing filters outbound "
                    + probe.describe() + " (DLP011 reports the missing NSG)");
        }
        if (net.nsgProblem().isPresent()) {
            return unknown(context, resource, subnet, net.nsgProblem().get());
        }
        NsgVerdict verdict = EffectiveNsgEvaluator.evaluate(net.nsg().orElseThrow(), probe);
        if (!verdict.isCertain()) {
            return unknown(context, resource, subnet, "cannot tell whether NSG " + resource.name() + " allows "
                    + probe.describe() + ": " + verdict.summary() + ", but "
                    + String.join("; ", verdict.flippingAssumptions().stream().map(NsgVerdict.Assumption::description).toList()));
        }
        if (verdict.allowed()) {
            return pass(context, resource, subnet, verdict.summaryWithAssumptions());
        }
        List<String> offending = verdict.decidingRule()
                .map(r -> List.of(r.name(), String.valueOf(r.priority())))
                .orElse(List.of(probe.remoteTag()));
        Remedy remedy = new Remedy.AddOutboundAllowRule(resource, remedyRuleName(), probe.remoteTag(), remedyProtocol(),
                verdict.blockingPriority());
        return violation(context, resource, subnet, verdict.summaryWithAssumptions(), offending, List.of(remedy));
    }

    /** {@code westeurope} for a configured {@code West Europe}: service tags use the compact region name. */
    static String regionSuffix(WorkspaceConfig workspace) {
        return workspace.region().replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
