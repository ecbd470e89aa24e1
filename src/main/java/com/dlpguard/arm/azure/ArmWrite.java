package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.SyncPollerFactory;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.dlpguard.model.ResourceId;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * One ARM write (PUT or DELETE of a resource by id) sent on the shared pipeline and followed with
 * azure-core-management's long-running-operation poller: the same two steps a generated client's
 * {@code beginCreateOrUpdate}/{@code beginDelete} take ({@code createOrUpdateWithResponse}, then
 * {@code SyncPollerFactory.create}), with the same pipeline (credential, retries honouring
 * {@code Retry-After}, If-Match from the call's {@link Context}, request-id recorder), the same
 * management serializer and the same 30 s default poll interval (ARM's {@code Retry-After} wins).
 *
 * <p>Why not the generated network client: building it creates a REST proxy for each of its ~100
 * operation groups and loads their models. On a cold instance that took 0.3–1.1 s, on the path
 * between the event and ARM accepting the rollback (the exposure window, issue 16), for a write
 * whose body the planner has already made as ARM JSON. Sending that JSON as planned also means the
 * SDK cannot drop a key it thinks empty (an emptied {@code serviceEndpointPolicies} array is sent).
 */
final class ArmWrite {
    /** The generated resource-manager clients' default when ARM sends no {@code Retry-After}. */
    static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    private static final Set<Integer> PUT_ACCEPTED = Set.of(200, 201, 202);
    private static final Set<Integer> DELETE_ACCEPTED = Set.of(200, 202, 204);
    private static final HttpHeaderName CONTENT_TYPE = HttpHeaderName.CONTENT_TYPE;

    private final ArmClients clients;
    private final SerializerAdapter serializer = SerializerFactory.createDefaultManagementSerializerAdapter();

    ArmWrite(ArmClients clients) {
        this.clients = clients;
    }

    /**
     * Sends {@code PUT {target}?api-version=…} with {@code body}; ARM's refusal (4xx/5xx after the
     * pipeline's retries) is thrown as azure-core's {@link ManagementException} with ARM's error, as
     * a generated client throws it, so {@link ArmFailure} classifies both alike.
     */
    SyncPoller<PollResult<Object>, Object> beginPut(ResourceId target, String apiVersion, String body, Context context) {
        HttpRequest request = new HttpRequest(HttpMethod.PUT, url(target, apiVersion))
                .setHeader(CONTENT_TYPE, "application/json")
                .setBody(body.getBytes(StandardCharsets.UTF_8));
        return poller(send(request, PUT_ACCEPTED, context), context);
    }

    /** Sends {@code DELETE {target}?api-version=…}, as {@link #beginPut}. */
    SyncPoller<PollResult<Object>, Object> beginDelete(ResourceId target, String apiVersion, Context context) {
        return poller(send(new HttpRequest(HttpMethod.DELETE, url(target, apiVersion)), DELETE_ACCEPTED, context), context);
    }

    /**
     * Loads the long-running-operation machinery before the first write needs it: a poller over an
     * answer ARM never sent (a PUT answered 200 with no operation headers, which completes at once
     * and is never polled), dropped unused. No request is sent. A cold instance calls it while
     * its first read waits on ARM, so the rollback's PUT does not wait for these classes.
     */
    void preload() {
        HttpRequest request = new HttpRequest(HttpMethod.PUT, clients.endpoint() + "/preload");
        poller(new SimpleResponse<>(request, 200, new com.azure.core.http.HttpHeaders(),
                BinaryData.fromString("{\"properties\":{\"provisioningState\":\"Succeeded\"}}")), Context.NONE);
    }

    private String url(ResourceId target, String apiVersion) {
        return clients.endpoint() + target + "?api-version=" + apiVersion;
    }

    private Response<BinaryData> send(HttpRequest request, Set<Integer> accepted, Context context) {
        request.setHeader(HttpHeaderName.ACCEPT, "application/json");
        try (HttpResponse response = clients.pipeline().sendSync(request, context)) {
            BinaryData data = response.getBodyAsBinaryData();
            byte[] body = data == null ? new byte[0] : data.toBytes();
            if (!accepted.contains(response.getStatusCode())) {
                throw new ManagementException("Status code " + response.getStatusCode(), response, ArmJson.error(body));
            }
            return new SimpleResponse<>(request, response.getStatusCode(), response.getHeaders(), BinaryData.fromBytes(body));
        }
    }

    private SyncPoller<PollResult<Object>, Object> poller(Response<BinaryData> accepted, Context context) {
        return SyncPollerFactory.create(serializer, clients.pipeline(), Object.class, Object.class, DEFAULT_POLL_INTERVAL,
                () -> accepted, context);
    }

    /** The etag of a GET answer; empty when the resource has none. */
    static Optional<String> etag(com.google.gson.JsonObject resource) {
        com.google.gson.JsonElement etag = resource.get("etag");
        return etag != null && etag.isJsonPrimitive() ? Optional.of(etag.getAsString()) : Optional.empty();
    }
}
