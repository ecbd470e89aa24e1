package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;

/**
 * DLP006: outbound 443 to {@code BatchNodeManagement.<region>}. Microsoft documents the rule with
 * protocol Any; the compute's node agent talks TCP, so the probe is TCP 443 and a TCP-only allow
 * rule passes. The restored rule uses {@code *} as Microsoft documents it.
 */
public final class Dlp006BatchOutbound extends RequiredOutboundRule {
    @Override
    public String id() {
        return "DLP006";
    }

    @Override
    public String title() {
        return "NSG allows outbound 443 to BatchNodeManagement.<region>";
    }

    @Override
    public String description() {
        return "In the NSG case, AML compute (Batch simplified node communication) must reach "
                + "BatchNodeManagement.<region> on port 443; an NSG that blocks it stops compute from provisioning.";
    }

    @Override
    public String remediation() {
        return "Add an outbound NSG rule allowing port 443 (any protocol) to BatchNodeManagement.<region>, "
                + "with a priority number below the rule that blocks it.";
    }

    @Override
    String destinationTag(WorkspaceConfig workspace) {
        return "BatchNodeManagement." + regionSuffix(workspace);
    }

    @Override
    String remedyRuleName() {
        return "dlp-guard-dlp006-batch-outbound";
    }

    @Override
    String remedyProtocol() {
        return "*";
    }
}
