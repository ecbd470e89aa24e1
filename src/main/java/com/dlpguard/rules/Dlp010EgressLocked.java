package com.dlpguard.rules;

import com.dlpguard.model.AddressSpace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.Subnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DLP010: in the NSG case, egress is locked: outbound TCP 443 to {@code Internet} and to
 * {@code Storage} (the global tag, standing for other regions' accounts, which the service endpoint
 * policy does not filter) is effectively denied. Alert only: adding a deny rule can break workloads.
 *
 * <p>Decisions: a subnet without an NSG has unrestricted egress, a violation. An Allow to a public
 * CIDR or IP matches both probes (rule book 2.1: public space may hold any region's accounts; version
 * 1 called it {@code unknown} and let an insider open 443 to a Storage IP range without a failing
 * check). A probe the NSG certainly allows is a violation even if the other one is uncertain;
 * otherwise an uncertain probe (a source the evaluator cannot map, ahead of the deny) is
 * {@code unknown}, which the CLI and the guard report loudly. The firewall case is declared in the
 * configuration: a route cannot switch this rule off.
 */
public final class Dlp010EgressLocked implements Rule {
    private static final List<String> PROBED_TAGS = List.of("Internet", "Storage");

    @Override
    public String id() {
        return "DLP010";
    }

    @Override
    public String title() {
        return "NSG egress to Internet and other regions' storage is denied";
    }

    @Override
    public Severity severity() {
        return Severity.HIGH;
    }

    @Override
    public String description() {
        return "Without a firewall, the NSG must deny outbound 443 to Internet and to Storage of other regions: the "
                + "service endpoint policy only filters the workspace region's storage, so open egress is an "
                + "exfiltration path around it.";
    }

    @Override
    public String remediation() {
        return "Add an outbound NSG rule denying Internet (after the allow rules for the tags AML needs), or route "
                + "0.0.0.0/0 through a firewall.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        for (ResourceId subnetId : context.workspace().subnets()) {
            findings.add(evaluate(context, SubnetNetwork.resolve(context, subnetId)));
        }
        return findings;
    }

    /**
     * Public prefixes of the subnet's user-defined routes that actually carry traffic (next hop
     * other than {@code None}): Azure counts them into the {@code VirtualNetwork} tag. An unreadable
     * route table adds none here; DLP014 reports it as unknown (critical, so it is loud).
     */
    private static List<String> publicRoutePrefixes(RuleContext context, SubnetNetwork net) {
        return net.subnet().flatMap(Subnet::routeTableId)
                .flatMap(id -> context.estate().routeTable(id))
                .map(table -> table.routes().stream()
                        .filter(r -> !r.nextHopType().equalsIgnoreCase("None"))
                        .map(Route::addressPrefix)
                        .filter(prefix -> !AddressSpace.isWhollyPrivate(prefix))
                        .distinct()
                        .toList())
                .orElse(List.of());
    }

    private Finding evaluate(RuleContext context, SubnetNetwork net) {
        ResourceId subnetId = net.subnetId();
        Optional<ResourceId> subnet = Optional.of(subnetId);
        if (net.subnetProblem().isPresent()) {
            return unknown(context, subnetId, subnet, net.subnetProblem().get());
        }
        if (net.isFirewallCase()) {
            return pass(context, subnetId, subnet, net.notApplicableInFirewallCase());
        }
        if (net.nsgId().isEmpty()) {
            return violation(context, subnetId, subnet, "the subnet has no NSG, so outbound TCP 443 to Internet is not"
                    + " restricted", List.of("no NSG"), List.of());
        }
        if (net.nsgProblem().isPresent()) {
            return unknown(context, subnetId, subnet, net.nsgProblem().get());
        }
        List<String> udrPrefixes = publicRoutePrefixes(context, net);
        List<NsgVerdict> verdicts = PROBED_TAGS.stream()
                .map(tag -> EffectiveNsgEvaluator.evaluate(net.nsg().orElseThrow(), TrafficProbe.outboundTcp(443, tag),
                        EffectiveNsgEvaluator.PublicAddresses.OPEN_EGRESS, udrPrefixes))
                .toList();
        List<NsgVerdict> open = verdicts.stream().filter(v -> v.allowed() && v.isCertain()).toList();
        if (!open.isEmpty()) {
            String message = "egress is not locked: " + String.join("; ", open.stream().map(NsgVerdict::summaryWithAssumptions).toList());
            List<String> offending = new ArrayList<>();
            for (NsgVerdict v : open) {
                offending.add(v.probe().remoteTag());
                v.decidingRule().ifPresent(r -> {
                    offending.add(r.name());
                    offending.add(String.valueOf(r.priority()));
                });
            }
            return violation(context, subnetId, subnet, message, offending.stream().distinct().toList(), List.of());
        }
        List<NsgVerdict> uncertain = verdicts.stream().filter(v -> !v.isCertain()).toList();
        if (!uncertain.isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (NsgVerdict v : uncertain) {
                parts.add(v.summary() + ", but " + String.join("; ",
                        v.flippingAssumptions().stream().map(NsgVerdict.Assumption::description).toList()));
            }
            return unknown(context, subnetId, subnet, "cannot tell whether egress is locked: " + String.join("; ", parts));
        }
        return pass(context, subnetId, subnet, "egress is locked: "
                + String.join("; ", verdicts.stream().map(NsgVerdict::summaryWithAssumptions).toList()));
    }
}
