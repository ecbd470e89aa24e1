package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;

/**
 * DLP008: outbound TCP 443 to {@code AzureMachineLearning}. The probe is the global tag, so a rule
 * for {@code AzureMachineLearning.<region>} does not satisfy it (rule book 2.1: never the reverse).
 */
public final class Dlp008AzureMlOutbound extends RequiredOutboundRule {
    @Override
    public String id() {
        return "DLP008";
    }

    @Override
    public String title() {
        return "NSG allows outbound TCP 443 to AzureMachineLearning";
    }

    @Override
    public String description() {
        return "In the NSG case, AML compute must reach the AzureMachineLearning service tag on TCP 443; an NSG "
                + "that blocks it breaks compute management and jobs.";
    }

    @Override
    public String remediation() {
        return "Add an outbound NSG rule allowing TCP 443 to AzureMachineLearning, with a priority number below the "
                + "rule that blocks it.";
    }

    @Override
    String destinationTag(WorkspaceConfig workspace) {
        return "AzureMachineLearning";
    }

    @Override
    String remedyRuleName() {
        return "dlp-guard-dlp008-azureml-outbound";
    }

    @Override
    String remedyProtocol() {
        return "Tcp";
    }
}
