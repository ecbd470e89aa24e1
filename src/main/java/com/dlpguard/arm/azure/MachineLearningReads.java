package com.dlpguard.arm.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonElement;
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

    /**
     * The outbound rules of a workspace's managed network ({@code workspaces/{ws}/outboundRules},
     * 2025-09-01), as ARM answers them: kept as raw JSON, since the generic-resource model would
     * drop an {@code etag} and the spec's {@code type} ({@code workspace/outboundRules}) is mapped
     * by the snapshot builder.
     */
    List<JsonObject> outboundRules(ResourceId workspace) {
        return list(workspace + "/outboundRules");
    }

    /** One outbound rule as ARM answers it now, with its etag (the body's, else the ETag header); empty on 404. */
    Optional<CurrentRule> outboundRule(ResourceId rule) {
        String url = clients.endpoint() + rule + "?api-version=" + apiVersion;
        try (HttpResponse response = clients.pipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() == 404) {
                return Optional.empty();
            }
            if (response.getStatusCode() != 200) {
                throw new ManagementException("ARM answered " + response.getStatusCode(), response,
                        ArmJson.error(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                throw new ManagementException("ARM answered an outbound rule that is not a JSON object", response);
            }
            JsonObject json = parsed.getAsJsonObject();
            Optional<String> etag = json.has("etag") && json.get("etag").isJsonPrimitive()
                    ? Optional.of(json.get("etag").getAsString())
                    : Optional.ofNullable(response.getHeaderValue(com.azure.core.http.HttpHeaderName.ETAG));
            return Optional.of(new CurrentRule(json, etag));
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON for an outbound rule: " + e.getMessage(), e);
        }
    }

    record CurrentRule(JsonObject json, Optional<String> etag) {
    }

    private List<JsonObject> list(String path) {
        List<JsonObject> items = new ArrayList<>();
        json.list(path, apiVersion, items::add);
        return items;
    }
}
