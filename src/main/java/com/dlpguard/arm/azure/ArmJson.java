package com.dlpguard.arm.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * ARM reads as JSON, straight from the response bytes: GETs sent on the resource managers' own
 * {@link com.azure.core.http.HttpPipeline} (same bearer-token credential, retry policy honouring
 * {@code Retry-After}, request-id recorder and HTTP client as the SDK's clients), the body parsed
 * once, strictly, and handed to {@code snapshot.EstateBuilder} as it came.
 *
 * <p>Why not the SDK's inner models: each read went JSON → inner model → JSON text → strict parse,
 * and the first one loaded the network client's model classes on the cold path (a fresh sweep of
 * 5,000 subnets spent 98 % of its time there). Reading ARM's own document also keeps what the
 * inner models' {@code toJson} drops (etags, default rules, the subnets a policy serves), so
 * nothing has to be put back. Failures surface as azure-core's {@link ManagementException} with
 * ARM's error body, exactly as the SDK's clients raise them, so {@link ArmFailure} classifies both.
 */
final class ArmJson {
    /**
     * The api-version of Microsoft.Network reads: the one the network client (azure-resourcemanager-network
     * 2.57.0) writes with, so a read and the write planned from it see the same resource shape.
     */
    static final String NETWORK_API_VERSION = "2025-03-01";

    private final ArmClients clients;

    ArmJson(ArmClients clients) {
        this.clients = clients;
    }

    /** One resource: {@code GET {endpoint}{path}?api-version=…}. A 404 throws (see {@link ArmFailure#isNotFound}). */
    JsonObject get(String path, String apiVersion) {
        return send(clients.endpoint() + path + "?api-version=" + apiVersion, "a resource");
    }

    /**
     * Every item of a collection, page by page ({@code nextLink} as ARM returns it, which carries
     * its own api-version and skip token). Items go to {@code each} as each page arrives, so a
     * large listing never holds more than one page of text.
     */
    void list(String path, String apiVersion, Consumer<JsonObject> each) {
        String url = clients.endpoint() + path + "?api-version=" + apiVersion;
        while (url != null) {
            JsonObject page = send(url, "a list page");
            JsonElement value = page.get("value");
            if (value != null && value.isJsonArray()) {
                for (JsonElement item : value.getAsJsonArray()) {
                    if (!item.isJsonObject()) {
                        throw new IllegalStateException("ARM listed an item that is not a JSON object in " + path);
                    }
                    each.accept(item.getAsJsonObject());
                }
            }
            JsonElement next = page.get("nextLink");
            url = next != null && next.isJsonPrimitive() && !next.getAsString().isBlank() ? next.getAsString() : null;
        }
    }

    private JsonObject send(String url, String what) {
        try (HttpResponse response = clients.pipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
            BinaryData data = response.getBodyAsBinaryData();
            byte[] body = data == null ? new byte[0] : data.toBytes();
            if (response.getStatusCode() != 200) {
                throw new ManagementException("ARM answered " + response.getStatusCode(), response, error(body));
            }
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                throw new ManagementException("ARM answered " + what + " that is not a JSON object", response);
            }
            return parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON for " + what + ": " + e.getMessage(), e);
        }
    }

    /** ARM's error body as azure-core's {@link ManagementError}; null when the body is not one (a proxy's page). */
    static ManagementError error(byte[] body) {
        try {
            JsonElement error = StrictJson.parse(body).getAsJsonObject().get("error");
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
