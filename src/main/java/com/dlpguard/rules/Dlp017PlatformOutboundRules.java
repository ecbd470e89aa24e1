package com.dlpguard.rules;

import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.OutboundRule;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * DLP017: every outbound rule the platform added itself (category {@code Required},
 * {@code Dependency} or {@code Recommended}) goes where the platform needs: a private endpoint to
 * one of the workspace's own associated resources (its storage account, key vault, container
 * registry, Application Insights), a service tag the managed network's required rules use, or a
 * destination in approvedOutbound.
 *
 * <p>Why judge them at all: the category is a field of the rule body, so an insider may write
 * {@code "category": "Required"} on a rule to a personal account, hoping it passes as the
 * platform's (mimicry). Why never delete them, even in rollback mode (this rule has no remedy):
 * a genuine platform rule deleted breaks the workspace, and the guard cannot tell a genuine one
 * from a mimic with certainty. So an unexpected one is a critical alert, and a human decides.
 */
public final class Dlp017PlatformOutboundRules extends ManagedNetworkRule {

    /**
     * Service tags of the managed network's required outbound rules (Microsoft's "Managed virtual
     * network isolation" article). Not {@code Storage}: that tag is the exfiltration path.
     */
    static final Set<String> PLATFORM_SERVICE_TAGS = Set.of("AzureActiveDirectory", "AzureMachineLearning",
            "BatchNodeManagement", "AzureResourceManager", "AzureFrontDoor.FirstParty", "MicrosoftContainerRegistry",
            "AzureMonitor", "VirtualNetwork");

    @Override
    public String id() {
        return "DLP017";
    }

    @Override
    public String title() {
        return "Platform outbound rules of the managed network go only where the platform needs";
    }

    @Override
    public Severity severity() {
        return Severity.CRITICAL;
    }

    @Override
    public String description() {
        return "Outbound rules in the categories Required, Dependency and Recommended are the platform's own; one to a"
                + " destination that is neither the workspace's associated resources, a required service tag nor"
                + " approved may be a user's rule dressed as the platform's.";
    }

    @Override
    public String remediation() {
        return "Check who created the rule (activity log) and what it reaches; remove it by hand if it is not the"
                + " platform's, or add the destination to approvedOutbound. DLP Guard never deletes platform rules.";
    }

    @Override
    public List<Finding> evaluateManaged(ManagedRuleContext context) {
        Read read = read(context, true);
        if (read.unknown().isPresent()) {
            return List.of(read.unknown().get());
        }
        MlWorkspace w = read.workspace().orElseThrow();
        List<OutboundRule> platformRules = outboundRules(w, OutboundRule::isPlatformRule);
        if (platformRules.isEmpty()) {
            return List.of(pass(context, w.id(), "workspace " + w.id().name() + " has no platform outbound rules"));
        }
        Set<ResourceId> associated = associatedResources(w);
        Set<String> tags = new LinkedHashSet<>(PLATFORM_SERVICE_TAGS);
        // Regional forms of the platform tags (BatchNodeManagement.westeurope) belong to the workspace's region only.
        for (String t : PLATFORM_SERVICE_TAGS) {
            tags.add(t + "." + context.workspace().region());
        }
        List<Finding> findings = new ArrayList<>();
        for (OutboundRule rule : platformRules) {
            String label = rule.category().orElse("") + " " + rule.type() + " rule " + rule.name() + " to "
                    + OutboundApproval.describe(rule);
            Optional<String> whyNot = OutboundApproval.whyNot(rule, context.workspace().approvedOutbound(), associated, tags);
            if (whyNot.isEmpty()) {
                findings.add(pass(context, rule.id(), label + " is expected"));
            } else {
                // No remedy: never deleted, see the class comment.
                findings.add(violation(context, rule.id(), label + " of workspace " + w.id().name()
                                + " is not expected for a platform rule: " + whyNot.get()
                                + "; DLP Guard does not delete platform rules",
                        List.of(rule.name(), OutboundApproval.value(rule)), List.of()));
            }
        }
        return findings;
    }

    /** storageAccount, keyVault, containerRegistry, applicationInsights of the workspace document. */
    static Set<ResourceId> associatedResources(MlWorkspace w) {
        Set<ResourceId> out = new LinkedHashSet<>();
        w.storageAccount().ifPresent(out::add);
        JsonElement parsed = JsonParser.parseString(w.json());
        if (parsed.isJsonObject() && parsed.getAsJsonObject().has("properties")
                && parsed.getAsJsonObject().get("properties").isJsonObject()) {
            JsonObject props = parsed.getAsJsonObject().getAsJsonObject("properties");
            for (String key : List.of("keyVault", "containerRegistry", "applicationInsights")) {
                JsonElement v = props.get(key);
                if (v != null && v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
                    ResourceId.tryParse(v.getAsString()).filter(ResourceId::isProviderResource)
                            .filter(id -> !id.isOfType(ResourceTypes.ML_WORKSPACE)).ifPresent(out::add);
                }
            }
        }
        return out;
    }
}
