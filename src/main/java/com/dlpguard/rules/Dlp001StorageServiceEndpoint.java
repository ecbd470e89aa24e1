package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpoint;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** DLP001: every protected subnet has the {@code Microsoft.Storage} service endpoint. */
public final class Dlp001StorageServiceEndpoint implements Rule {

    static final String STORAGE = "Microsoft.Storage";
    static final String STORAGE_GLOBAL = "Microsoft.Storage.Global";

    @Override
    public String id() {
        return "DLP001";
    }

    @Override
    public String title() {
        return "Protected subnet has the Microsoft.Storage service endpoint";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String description() {
        return "A service endpoint policy only filters traffic that leaves through a Microsoft.Storage service"
                + " endpoint. Without the endpoint, storage traffic from the AML compute subnet bypasses the policy"
                + " and can reach any storage account in the region.";
    }

    @Override
    public String remediation() {
        return "Add the Microsoft.Storage service endpoint to the subnet (serviceEndpoints: [{\"service\":"
                + " \"Microsoft.Storage\"}]). A subnet with Microsoft.Storage.Global must first drop it: the local and"
                + " cross-region storage endpoints cannot coexist on one subnet.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            var resolved = SubnetPolicyLookup.subnet(context.estate(), subnetId);
            if (!resolved.isFound()) {
                findings.add(unknown(context, subnetId, Optional.of(subnetId), resolved.whyUnknown()));
            } else {
                findings.add(judge(context, resolved.get()));
            }
        }
        return findings;
    }

    private Finding judge(RuleContext context, Subnet subnet) {
        ResourceId id = subnet.id();
        // `locations` is filled in by ARM (the region pair or "*"), so only `service` decides.
        if (subnet.hasServiceEndpoint(STORAGE)) {
            return pass(context, id, Optional.of(id), "subnet " + id.name() + " has the Microsoft.Storage service endpoint");
        }
        List<String> services = subnet.serviceEndpoints().stream().map(ServiceEndpoint::service).toList();
        if (subnet.hasServiceEndpoint(STORAGE_GLOBAL)) {
            // Azure refuses Microsoft.Storage next to Microsoft.Storage.Global on one subnet, so adding it
            // would be a write ARM rejects; switching drops cross-region access someone chose: a human decides.
            return violation(context, id, Optional.of(id), "subnet " + id.name()
                            + " has only the Microsoft.Storage.Global (cross-region) service endpoint, not Microsoft.Storage;"
                            + " AML documents Microsoft.Storage for data exfiltration prevention. Note: the two cannot"
                            + " coexist on a subnet, so DLP Guard does not add Microsoft.Storage itself: replace the"
                            + " cross-region endpoint by hand",
                    List.of(STORAGE_GLOBAL), List.of());
        }
        String present = services.isEmpty() ? "none" : String.join(", ", services);
        return violation(context, id, Optional.of(id), "subnet " + id.name()
                        + " has no Microsoft.Storage service endpoint (service endpoints: " + present
                        + "): storage traffic bypasses the service endpoint policy",
                services, List.of(new Remedy.AddServiceEndpoint(id, STORAGE)));
    }
}
