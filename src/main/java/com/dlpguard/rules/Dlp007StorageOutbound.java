package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;

/** DLP007: outbound TCP 443 to {@code Storage.<region>} (filtered further by the service endpoint policy). */
public final class Dlp007StorageOutbound extends RequiredOutboundRule {
    @Override
    public String id() {
        return "DLP007";
    }

    @Override
    public String title() {
        return "NSG allows outbound TCP 443 to Storage.<region>";
    }

    @Override
    public String description() {
        return "In the NSG case, AML compute must reach Storage.<region> on TCP 443 (the service endpoint policy, "
                + "not the NSG, narrows it to approved accounts); an NSG that blocks it breaks training jobs.";
    }

    @Override
    public String remediation() {
        return "Add an outbound NSG rule allowing TCP 443 to Storage.<region>, with a priority number below the rule "
                + "that blocks it.";
    }

    @Override
    String destinationTag(WorkspaceConfig workspace) {
        return "Storage." + regionSuffix(workspace);
    }

    @Override
    String remedyRuleName() {
        return "dlp-guard-dlp007-storage-outbound";
    }

    @Override
    String remedyProtocol() {
        return "Tcp";
    }
}
