package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DLP002: every protected subnet has the configured service endpoint policy attached. */
public final class Dlp002PolicyAttached implements Rule {

    @Override
    public String id() {
        return "DLP002";
    }

    @Override
    public String title() {
        return "Protected subnet has the configured service endpoint policy attached";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "The service endpoint policy is what limits the compute subnet to the Azure ML alias and approved"
                + " storage accounts. Detached, the subnet can reach every storage account in the region through"
                + " Storage.<region>.";
    }

    @Override
    public String remediation() {
        return "Attach the configured service endpoint policy to the subnet (serviceEndpointPolicies). The subnet needs"
                + " the Microsoft.Storage service endpoint (DLP001) for the policy to apply.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        ResourceId policyId = context.workspace().serviceEndpointPolicy();
        List<Finding> findings = new ArrayList<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            var resolved = SubnetPolicyLookup.subnet(context.estate(), subnetId);
            if (!resolved.isFound()) {
                findings.add(unknown(context, subnetId, Optional.of(subnetId), resolved.whyUnknown()));
            } else {
                findings.add(judge(context, resolved.get(), policyId));
            }
        }
        return findings;
    }

    private Finding judge(RuleContext context, Subnet subnet, ResourceId policyId) {
        ResourceId id = subnet.id();
        if (subnet.hasPolicy(policyId)) {
            return pass(context, id, Optional.of(id), "subnet " + id.name() + " has SEP " + policyId.name() + " attached");
        }
        List<String> attached = subnet.serviceEndpointPolicyIds().stream().map(ResourceId::toString).toList();
        String message = "subnet " + id.name() + " does not have SEP " + policyId.name() + " attached (attached: "
                + (attached.isEmpty() ? "none" : String.join(", ", attached)) + ")";
        var policy = SubnetPolicyLookup.policy(context.estate(), policyId);
        if (!policy.isFound()) {
            // ARM rejects attaching a policy that does not exist; re-attaching needs the policy seen first.
            return violation(context, id, Optional.of(id), message + "; not re-attached automatically: "
                    + policy.whyUnknown(), attached, List.of());
        }
        return violation(context, id, Optional.of(id), message, attached,
                List.of(new Remedy.AttachServiceEndpointPolicy(id, policyId)));
    }
}
