package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;

/** URLs of the Microsoft.MachineLearningServices writes the guard plans (outbound rule deletes). */
public final class MachineLearningApi {
    /**
     * The newest stable api-version of the Microsoft.MachineLearningServices REST specs
     * (Azure/azure-rest-api-specs, specification/machinelearningservices/resource-manager/
     * Microsoft.MachineLearningServices/stable/2025-09-01: workspaceRP.json and the examples
     * Workspace/get.json, ManagedNetwork/getRule.json, listRule.json, deleteRule.json).
     */
    public static final String API_VERSION = "2025-09-01";

    private MachineLearningApi() {
    }

    public static String url(ResourceId id) {
        if (!id.isProviderResource() || !id.type().regionMatches(true, 0, "Microsoft.MachineLearningServices/", 0,
                "Microsoft.MachineLearningServices/".length())) {
            throw new IllegalArgumentException("not a Microsoft.MachineLearningServices resource: " + id);
        }
        return "/subscriptions" + id.toString().substring("/subscriptions".length()) + "?api-version=" + API_VERSION;
    }
}
