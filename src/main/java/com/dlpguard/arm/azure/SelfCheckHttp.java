package com.dlpguard.arm.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.dlpguard.arm.ArmException;
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
 * The self-check's reads (effective permissions, Event Grid topics and subscriptions) as plain GETs
 * on the shared pipeline: same credential, retry policy and HTTP client as every other read. The
 * SDK families the guard ships (network, resources) have no client for these APIs, and a generic
 * GET keeps the answer as ARM sent it.
 */
final class SelfCheckHttp {
    private final ArmClients clients;

    SelfCheckHttp(ArmClients clients) {
        this.clients = clients;
    }

    List<JsonObject> permissions(ResourceId scope) throws ArmException {
        return list(scope + "/providers/Microsoft.Authorization/permissions", com.dlpguard.arm.SelfCheckReads.AUTHORIZATION_API_VERSION);
    }

    Optional<JsonObject> resource(ResourceId id, String apiVersion) throws ArmException {
        try {
            return Optional.of(get(clients.endpoint() + id + "?api-version=" + apiVersion));
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (failure.isNotFound()) {
                return Optional.empty();
            }
            throw new ArmException("cannot read " + id + ": " + failure.describe(), failure.transientFailure(), null);
        }
    }

    List<JsonObject> list(String path, String apiVersion) throws ArmException {
        if (!path.startsWith("/subscriptions/")) {
            throw new IllegalArgumentException("list paths start with /subscriptions/: " + path);
        }
        List<JsonObject> items = new ArrayList<>();
        String url = clients.endpoint() + path + "?api-version=" + apiVersion;
        try {
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
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            throw new ArmException("cannot list " + path + ": " + failure.describe(), failure.transientFailure(), null);
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
                throw new ManagementException("ARM answered something that is not a JSON object", response);
            }
            return parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON: " + e.getMessage(), e);
        }
    }

    private static ManagementError error(String body) {
        try {
            JsonElement parsed = StrictJson.parse(body);
            JsonElement error = parsed.isJsonObject() ? parsed.getAsJsonObject().get("error") : null;
            if (error != null && error.isJsonObject()) {
                try (JsonReader reader = JsonProviders.createReader(error.toString())) {
                    return ManagementError.fromJson(reader);
                }
            }
        } catch (JsonInputException | IOException | IllegalStateException e) {
            // Not an ARM error body: the status says enough.
        }
        return null;
    }
}
