package com.dlpguard.arm.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Microsoft.MachineLearningServices reads through the resources client and the shared pipeline
 * (same credential, retry policy and HTTP client as the network reads). The generic-resource API
 * has no list of a provider's resources with their properties, so lists call the ML provider's own
 * list endpoints and follow {@code nextLink}; every item goes through {@link GenericResourceInner}
 * and {@link InnerJson} like any other read.
 */
final class MachineLearningReads {
    private final ArmClients clients;
    private final String apiVersion;

    MachineLearningReads(ArmClients clients, String apiVersion) {
        this.clients = clients;
        this.apiVersion = apiVersion;
    }

    /**
     * The workspace, empty when ARM says it does not exist (404). The client's URL template is
     * {@code /{resourceId}}: the id goes in without its leading slash, or the path starts with {@code //}.
     */
    Optional<JsonObject> workspace(ResourceId id) {
        try {
            GenericResourceInner inner = clients.resources(id.subscriptionId())
                    .getByIdWithResponse(id.toString().substring(1), apiVersion, Context.NONE).getValue();
            return Optional.of(InnerJson.generic(inner));
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
        List<JsonObject> items = new ArrayList<>();
        String url = clients.endpoint() + workspace + "/outboundRules?api-version=" + apiVersion;
        while (url != null) {
            JsonObject page = get(url);
            JsonElement value = page.get("value");
            if (value != null && value.isJsonArray()) {
                for (JsonElement item : value.getAsJsonArray()) {
                    if (item.isJsonObject()) {
                        items.add(item.getAsJsonObject());
                    }
                }
            }
            JsonElement next = page.get("nextLink");
            url = next != null && next.isJsonPrimitive() && !next.getAsString().isBlank() ? next.getAsString() : null;
        }
        return items;
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
                throw new ManagementException("ARM answered " + response.getStatusCode(), response, error(body));
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
        String url = clients.endpoint() + path + "?api-version=" + apiVersion;
        while (url != null) {
            JsonObject page = get(url);
            JsonElement value = page.get("value");
            if (value != null && value.isJsonArray()) {
                for (JsonElement item : value.getAsJsonArray()) {
                    GenericResourceInner inner = InnerJson.parse(item.toString(), GenericResourceInner::fromJson);
                    items.add(InnerJson.generic(inner));
                }
            }
            JsonElement next = page.get("nextLink");
            url = next != null && next.isJsonPrimitive() && !next.getAsString().isBlank() ? next.getAsString() : null;
        }
        return items;
    }

    private JsonObject get(String url) {
        try (HttpResponse response = clients.pipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            String body = response.getBodyAsBinaryData() == null ? "" : response.getBodyAsBinaryData().toString();
            if (response.getStatusCode() != 200) {
                throw new ManagementException("ARM answered " + response.getStatusCode(), response, error(body));
            }
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                throw new ManagementException("ARM answered a list page that is not a JSON object", response);
            }
            return parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON for a list page: " + e.getMessage(), e);
        }
    }

    private static ManagementError error(String body) {
        try {
            JsonObject parsed = StrictJson.parse(body).getAsJsonObject();
            JsonElement error = parsed.get("error");
            if (error != null && error.isJsonObject()) {
                try (JsonReader reader = JsonProviders.createReader(error.toString())) {
                    return ManagementError.fromJson(reader);
                }
            }
        } catch (JsonInputException | IOException | IllegalStateException e) {
            // Not an ARM error body (a proxy's HTML page): the status says enough.
        }
        return null;
    }
}
