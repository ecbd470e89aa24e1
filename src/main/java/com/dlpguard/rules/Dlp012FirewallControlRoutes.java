package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * DLP012: in the firewall case (declared by the workspace's {@code egress}, never inferred from the
 * route table), routes for {@code AzureMachineLearning} and {@code BatchNodeManagement.<region>}
 * with next hop Internet exist, so the inbound control traffic's replies skip the firewall
 * (asymmetric routing through the firewall drops them and compute nodes become unusable).
 */
public final class Dlp012FirewallControlRoutes implements Rule {

    static final String ML_TAG = "AzureMachineLearning";
    static final String BATCH_TAG = "BatchNodeManagement";
    static final String INTERNET = "Internet";

    /** One route the rule requires: the service tag and the name a restored route gets. */
    private record Required(String tag, String restoredName, Optional<String> broaderTag) {
    }

    @Override
    public String id() {
        return "DLP012";
    }

    @Override
    public String title() {
        return "Firewall case: control-plane routes bypass the firewall";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public String description() {
        return "When the compute subnet's default route goes to a firewall (VirtualAppliance), Azure ML and Batch"
                + " control traffic must be routed straight to the Internet with routes for the AzureMachineLearning"
                + " and BatchNodeManagement.<region> service tags, or the replies take the firewall path and are dropped.";
    }

    @Override
    public String remediation() {
        return "Add routes with address prefix AzureMachineLearning and BatchNodeManagement.<region> and next hop type"
                + " Internet to the subnet's route table.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        String region = context.workspace().region().toLowerCase(Locale.ROOT);
        List<Required> required = List.of(
                new Required(ML_TAG, "dlp-guard-azureml", Optional.empty()),
                // The global tag's route covers the regional addresses too: broader, but it works.
                new Required(BATCH_TAG + "." + region, "dlp-guard-batch-" + region, Optional.of(BATCH_TAG)));
        List<Finding> findings = new ArrayList<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            var subnet = SubnetPolicyLookup.subnet(context.estate(), subnetId);
            if (!subnet.isFound()) {
                findings.add(unknown(context, subnetId, Optional.of(subnetId), subnet.whyUnknown()));
            } else {
                findings.add(judge(context, subnet.get(), required));
            }
        }
        return findings;
    }

    private Finding judge(RuleContext context, Subnet subnet, List<Required> required) {
        ResourceId id = subnet.id();
        if (!context.workspace().egress().isFirewall()) {
            return pass(context, id, Optional.of(id), "not applicable: the workspace declares the "
                    + context.workspace().egress().describe());
        }
        Optional<ResourceId> routeTableId = subnet.routeTableId();
        if (routeTableId.isEmpty()) {
            // Nothing to add the routes to: the missing route table is DLP014's violation (the default
            // route does not reach the firewall), and re-creating whole route tables is not the guard's.
            return violation(context, id, Optional.of(id), "firewall case: subnet " + id.name() + " has no route table,"
                    + " so there are no AzureMachineLearning and BatchNodeManagement routes with next hop Internet",
                    List.of("no route table"), List.of());
        }
        var resolved = SubnetPolicyLookup.routeTable(context.estate(), routeTableId.get());
        if (!resolved.isFound()) {
            return unknown(context, id, Optional.of(id), "cannot check the control-plane routes of subnet " + id.name()
                    + ": " + resolved.whyUnknown());
        }
        RouteTable table = resolved.get();
        List<String> problems = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        List<Remedy> remedies = new ArrayList<>();
        for (Required r : required) {
            List<Route> candidates = table.routes().stream().filter(route -> matches(route, r)).toList();
            if (candidates.stream().anyMatch(route -> INTERNET.equalsIgnoreCase(route.nextHopType().trim()))) {
                continue;
            }
            if (candidates.isEmpty()) {
                problems.add("no route for " + r.tag() + " with next hop Internet");
                offending.add(r.tag());
                remedies.add(new Remedy.AddRoute(table.id(), r.restoredName(), r.tag()));
            } else {
                // A second route with the same prefix is refused by ARM: rewrite the misdirected one in place.
                Route wrong = candidates.get(0);
                problems.add("route " + wrong.name() + " sends " + wrong.addressPrefix() + " to " + wrong.nextHopType()
                        + " instead of Internet");
                offending.add(wrong.name() + ": " + wrong.addressPrefix() + " -> " + wrong.nextHopType());
                remedies.add(new Remedy.AddRoute(table.id(), wrong.name(), wrong.addressPrefix().trim()));
            }
        }
        if (problems.isEmpty()) {
            return pass(context, id, Optional.of(id), "firewall case: route table " + table.id().name()
                    + " routes AzureMachineLearning and BatchNodeManagement to Internet");
        }
        return violation(context, id, Optional.of(id), "firewall case (declared), route table " + table.id().name()
                        + " of subnet " + id.name() + ": "
                        + String.join("; ", problems) + "; AML control traffic takes the firewall path",
                offending, remedies);
    }

    private static boolean matches(Route route, Required required) {
        String prefix = route.addressPrefix().trim();
        return prefix.equalsIgnoreCase(required.tag())
                || required.broaderTag().map(prefix::equalsIgnoreCase).orElse(false);
    }
}
