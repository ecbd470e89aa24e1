package com.dlpguard.rules;

import com.dlpguard.model.ManagedNetwork;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Optional;

/**
 * DLP015: a managed-network workspace runs in isolation mode {@code AllowOnlyApprovedOutbound}.
 * In {@code AllowInternetOutbound} (or {@code Disabled}, or with no managed network at all) the
 * compute reaches any storage account on the internet and every other rule is moot.
 *
 * <p>Alert only, in every mode, by design: the guard never switches the isolation mode. Moving a
 * workspace to approved-outbound is a one-way change that re-provisions its managed network
 * (the platform creates a firewall for FQDN rules and private endpoints, and running compute loses
 * whatever outbound access it relied on); it is a migration a person schedules, not a property
 * to restore in the seconds after an event. And lowering the mode is not something the platform
 * lets a write "undo" either, so a rollback here could only fail or break workloads. The finding
 * is critical so the alert and the CLI exit make it impossible to miss.
 *
 * <p>The message carries the workspace's public network access and firewall SKU: reported for the
 * reader, not judged (inbound access and the firewall's tier do not decide exfiltration here).
 */
public final class Dlp015ApprovedOutboundOnly extends ManagedNetworkRule {

    @Override
    public String id() {
        return "DLP015";
    }

    @Override
    public String title() {
        return "Managed network allows only approved outbound traffic";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "A workspace using a managed virtual network must be in isolation mode AllowOnlyApprovedOutbound;"
                + " with internet outbound allowed, its compute can copy data to any storage account.";
    }

    @Override
    public String remediation() {
        return "Plan the change with the workspace's users, then set managedNetwork.isolationMode to"
                + " AllowOnlyApprovedOutbound (az ml workspace update --managed-network allow_only_approved_outbound)."
                + " DLP Guard never changes the isolation mode itself.";
    }

    @Override
    public List<Finding> evaluateManaged(ManagedRuleContext context) {
        Read read = read(context, false);
        if (read.unknown().isPresent()) {
            return List.of(read.unknown().get());
        }
        MlWorkspace w = read.workspace().orElseThrow();
        ResourceId id = w.id();
        Optional<ManagedNetwork> mn = w.managedNetwork();
        String facts = " (" + networkFacts(w) + ")";
        if (mn.isPresent() && mn.get().allowsOnlyApprovedOutbound()) {
            return List.of(pass(context, id, "workspace " + id.name() + " allows only approved outbound traffic" + facts));
        }
        // ARM omits managedNetwork (or its isolationMode) for a workspace that never had one: that is Disabled.
        String mode = mn.flatMap(ManagedNetwork::isolationMode).orElse("Disabled (no managedNetwork.isolationMode)");
        return List.of(violation(context, id, "workspace " + id.name() + " is in isolation mode " + mode
                + ", not " + ManagedNetwork.ALLOW_ONLY_APPROVED_OUTBOUND + facts, List.of(mode), List.of()));
    }
}
