package com.dlpguard.arm.azure;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Microsoft.MachineLearningServices reads on the shared pipeline (same credential, retry policy and
 * HTTP client as the network reads), as ARM's JSON ({@link ArmJson}): a workspace by GET, lists
 * through the ML provider's own list endpoints following {@code nextLink} (the generic-resource
 * API has no list of a provider's resources with their properties). No resources client is built
 * for a read, so a cold instance does not load it for an event that needs only the workspace.
 */
final class MachineLearningReads {
    private final ArmClients clients;
    private final ArmJson json;
    private final String apiVersion;

    MachineLearningReads(ArmClients clients, String apiVersion) {
        this.clients = clients;
        this.json = new ArmJson(clients);
        this.apiVersion = apiVersion;
    }

    /** The workspace, empty when ARM says it does not exist (404). */
    Optional<JsonObject> workspace(ResourceId id) {
        try {
            return Optional.of(json.get(id.toString(), apiVersion));
        } catch (RuntimeException e) {
            if (ArmFailure.of(e).isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every workspace of a subscription, or of one of its resource groups. */
    List<JsonObject> workspaces(String subscriptionId, Optional<String> resourceGroup) {
        String scope = "/subscriptions/" + subscriptionId + resourceGroup.map(g -> "/resourceGroups/" + g).orElse("");
        return list(scope + "/providers/Microsoft.MachineLearningServices/workspaces");
    }

    /** The environment containers of a workspace (ids only matter: versions are listed per container). */
    List<JsonObject> environments(ResourceId workspace) {
        return list(workspace + "/environments");
    }

    List<JsonObject> versions(ResourceId environment) {
        return list(environment + "/versions");
    }

    private List<JsonObject> list(String path) {
        List<JsonObject> items = new ArrayList<>();
        json.list(path, apiVersion, items::add);
        return items;
    }
}
