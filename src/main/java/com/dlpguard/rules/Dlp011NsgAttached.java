package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DLP011: in the NSG case, the protected subnet has an NSG attached, the configured one when the
 * workspace names one. An attached (and, when configured, the right) NSG passes whatever the route
 * table says; a missing or different NSG is a violation in the NSG case and not applicable in the
 * firewall case (both declared in the configuration, never read from routes). The remedy re-attaches
 * the configured NSG; without one configured the guard has nothing to attach and only alerts.
 */
public final class Dlp011NsgAttached implements Rule {
    @Override
    public String id() {
        return "DLP011";
    }

    @Override
    public String title() {
        return "Protected subnet has its NSG attached";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String description() {
        return "Without a firewall, the subnet's NSG is what locks egress to the service tags AML needs; a subnet "
                + "without it (or with another NSG) has egress the guard does not control.";
    }

    @Override
    public String remediation() {
        return "Attach the configured NSG to the subnet.";
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
        ResourceId subnetId = net.subnetId();
        Optional<ResourceId> subnet = Optional.of(subnetId);
        if (net.subnetProblem().isPresent()) {
            return unknown(context, subnetId, subnet, net.subnetProblem().get());
        }
        Optional<ResourceId> configured = context.workspace().networkSecurityGroup();
        Optional<ResourceId> attached = net.nsgId();
        if (attached.isPresent() && (configured.isEmpty() || configured.get().equals(attached.get()))) {
            return pass(context, subnetId, subnet, "NSG " + attached.get().name() + " is attached");
        }
        String message = attached
                .map(a -> "NSG " + a + " is attached instead of the configured " + configured.orElseThrow())
                .orElse("no NSG is attached to the subnet" + configured.map(c -> " (configured: " + c + ")").orElse(""));
        if (net.isFirewallCase()) {
            return pass(context, subnetId, subnet, net.notApplicableInFirewallCase());
        }
        List<String> offending = attached.map(a -> List.of(a.toString())).orElse(List.of("no NSG"));
        List<Remedy> remedies = configured
                .<List<Remedy>>map(c -> List.of(new Remedy.AttachNetworkSecurityGroup(subnetId, c)))
                .orElse(List.of());
        return violation(context, subnetId, subnet, message, offending, remedies);
    }
}
