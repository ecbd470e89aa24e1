package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** DLP003: the configured SEP allows the Azure ML alias through a {@code Global} definition. */
public final class Dlp003MlAlias implements Rule {

    static final String GLOBAL = "Global";
    static final String ML_ALIAS = "/services/Azure/MachineLearning";
    static final String PARENT_ALIAS = "/services/Azure";
    static final String DEFAULT_DEFINITION_NAME = "dlp-guard-ml-alias";

    @Override
    public String id() {
        return "DLP003";
    }

    @Override
    public String title() {
        return "Service endpoint policy allows the Azure Machine Learning alias";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "AML compute depends on Microsoft-managed storage accounts that the policy can only allow through the"
                + " alias /services/Azure/MachineLearning in a Global definition. Without it, jobs fail, and the usual"
                + " 'fix' under pressure is to detach the policy, which opens the exfiltration path.";
    }

    @Override
    public String remediation() {
        return "Add a definition {\"service\": \"Global\", \"serviceResources\": [\"/services/Azure/MachineLearning\"]}"
                + " to the service endpoint policy.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        ResourceId policyId = context.workspace().serviceEndpointPolicy();
        var resolved = SubnetPolicyLookup.policy(context.estate(), policyId);
        if (!resolved.isFound()) {
            return List.of(unknown(context, policyId, Optional.empty(), resolved.whyUnknown()));
        }
        return List.of(judge(context, resolved.get()));
    }

    private Finding judge(RuleContext context, ServiceEndpointPolicy policy) {
        ResourceId id = policy.id();
        List<ServiceEndpointPolicyDefinition> globals = policy.definitionsFor(GLOBAL);
        for (ServiceEndpointPolicyDefinition d : globals) {
            if (listsAlias(d, ML_ALIAS)) {
                return pass(context, id, Optional.empty(), "SEP " + id.name() + " definition " + d.name()
                        + " allows " + ML_ALIAS);
            }
        }
        for (ServiceEndpointPolicyDefinition d : globals) {
            if (listsAlias(d, PARENT_ALIAS)) {
                return pass(context, id, Optional.empty(), "SEP " + id.name() + " definition " + d.name()
                        + " allows the parent alias " + PARENT_ALIAS + ". Warning: broader than needed (the managed"
                        + " accounts of every Azure service); narrow it to " + ML_ALIAS);
            }
        }
        // A Global definition that lost the alias is the deleted one's best-known name; reusing it restores
        // the policy as it was instead of adding a second Global definition.
        String name = globals.isEmpty() ? DEFAULT_DEFINITION_NAME : globals.get(0).name();
        List<String> current = globals.stream().flatMap(d -> d.serviceResources().stream()).toList();
        String detail = globals.isEmpty()
                ? "has no Global definition"
                : "has Global definition(s) " + String.join(", ", globals.stream().map(ServiceEndpointPolicyDefinition::name).toList())
                  + " without it (they list: " + (current.isEmpty() ? "nothing" : String.join(", ", current)) + ")";
        return violation(context, id, Optional.empty(), "SEP " + id.name() + " does not allow " + ML_ALIAS + ": it "
                        + detail + "; AML compute loses the Microsoft-managed storage it depends on",
                current, List.of(new Remedy.RestoreMlAlias(id, name, ML_ALIAS)));
    }

    /** Aliases compare case-insensitively; a trailing slash names the same alias. */
    static boolean listsAlias(ServiceEndpointPolicyDefinition definition, String alias) {
        String wanted = normalise(alias);
        return definition.serviceResources().stream().anyMatch(r -> normalise(r).equals(wanted));
    }

    private static String normalise(String alias) {
        String s = alias.trim();
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase(Locale.ROOT);
    }
}
