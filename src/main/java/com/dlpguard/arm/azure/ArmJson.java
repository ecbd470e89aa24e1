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
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Optional;
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
        String url = clients.endpoint() + path + "?api-version=" + apiVersion;
        try (HttpResponse response = send(url); BodyStream body = body(response)) {
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                throw new ManagementException("ARM answered a resource that is not a JSON object", response);
            }
            return parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON for a resource: " + e.getMessage(), e);
        }
    }

    /**
     * Every item of a collection, page by page; returns the number of pages ({@code nextLink} as ARM returns it, which carries
     * its own api-version and skip token). Each item goes to {@code each} as soon as it is read
     * from the response body, so neither a listing nor a page is ever held whole (a 5,000-subnet
     * subscription lists 27 MiB of JSON).
     *
     * <p>The price of streaming: a page that turns out bad half-way (malformed, a duplicate key in
     * its third item, a connection cut) throws after {@code each} received its first items. The
     * exception is the only signal, so every caller must drop what it received when this throws,
     * never judge it as the collection: the items after the fault (a subnet an insider opened, an
     * NSG rule) would go unseen while the rest looked complete. {@code AzureArmGateway} fails a
     * subscription read for any failed listing, and the ML lists are collected whole before use.
     */
    int list(String path, String apiVersion, Consumer<JsonObject> each) {
        String url = clients.endpoint() + path + "?api-version=" + apiVersion;
        int pages = 0;
        while (url != null) {
            url = page(url, path, each).orElse(null);
            pages++;
        }
        return pages;
    }

    /** One list page: its items to {@code each}, then its {@code nextLink} (in the page, before or after {@code value}). */
    private Optional<String> page(String url, String path, Consumer<JsonObject> each) {
        try (HttpResponse response = send(url); BodyStream body = body(response)) {
            String[] next = {null};
            boolean object = StrictJson.parseObjectMembers(body, member -> {
                switch (member.name()) {
                    case "value" -> member.elements(item -> {
                        if (!item.isJsonObject()) {
                            throw new IllegalStateException("ARM listed an item that is not a JSON object in " + path);
                        }
                        each.accept(item.getAsJsonObject());
                    });
                    case "nextLink" -> {
                        JsonElement link = member.tree();
                        next[0] = link.isJsonPrimitive() && !link.getAsString().isBlank() ? link.getAsString() : null;
                    }
                    default -> {
                        // Other members (a count, OData annotations) are read strictly and dropped.
                    }
                }
            });
            if (!object) {
                throw new ManagementException("ARM answered a list page that is not a JSON object", response);
            }
            return Optional.ofNullable(next[0]);
        } catch (JsonInputException e) {
            throw new IllegalStateException("ARM answered invalid JSON for a list page: " + e.getMessage(), e);
        }
    }

    /** The GET's response, open on a 200 for its body to be read; anything else throws with ARM's error. */
    private HttpResponse send(String url) {
        HttpResponse response = clients.pipeline().sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE);
        if (response.getStatusCode() == 200) {
            return response;
        }
        try (response) {
            // An error body is small: read whole, as ArmFailure's classification expects.
            BinaryData data = response.getBodyAsBinaryData();
            byte[] body = data == null ? new byte[0] : data.toBytes();
            throw new ManagementException("ARM answered " + response.getStatusCode(), response, error(body));
        }
    }

    /**
     * The body as a stream pulled from the HTTP client a few KiB at a time, never collected whole.
     * Not {@code getBodyAsBinaryData()} / {@code getBodyAsInputStream()}: the resource managers'
     * pipeline ({@code HttpPipelineProvider}) wraps every response in fluentcore's
     * {@code ReturnRequestIdHeaderPolicy.BufferedHttpHeaderResponse}, which delegates only
     * {@code getBody()}; on it both collect the whole body first (a 5,000-subnet sweep allocated
     * ~600 MiB that way). {@code getBody()} is the JDK client's live stream, read in 4 KiB chunks
     * on demand ({@code JdkHttpResponseSync}, azure-core-http-jdk-httpclient 1.1.2).
     */
    private static BodyStream body(HttpResponse response) {
        Flux<ByteBuffer> body = response.getBody();
        return new BodyStream(body == null ? Flux.empty() : body);
    }

    /**
     * A body's buffers as an {@link InputStream}, pulled on the reading thread with a small
     * prefetch. Closing it early (a page rejected half-way) cancels the body, which closes the
     * connection's stream: the response wrapper's own {@code close()} does nothing.
     */
    private static final class BodyStream extends InputStream {
        /** Chunks requested ahead of the parser: 4 x 4 KiB. */
        private static final int PREFETCH = 4;
        private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

        private final java.util.stream.Stream<ByteBuffer> buffers;
        private final Iterator<ByteBuffer> next;
        private ByteBuffer current = EMPTY;

        BodyStream(Flux<ByteBuffer> body) {
            this.buffers = body.toStream(PREFETCH);
            this.next = buffers.iterator();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            while (!current.hasRemaining()) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(len, current.remaining());
            current.get(b, off, n);
            return n;
        }

        private boolean advance() throws IOException {
            try {
                if (!next.hasNext()) {
                    return false;
                }
                current = next.next();
                return true;
            } catch (RuntimeException e) {
                // The body's source failing (Reactor wraps its IOException): the answer did not
                // arrive, which is an I/O failure (transient for ArmFailure), not bad JSON.
                Throwable cause = Exceptions.unwrap(e);
                throw new IOException("the response body could not be read: " + cause.getClass().getSimpleName()
                        + Optional.ofNullable(cause.getMessage()).map(m -> " " + m).orElse(""), cause);
            }
        }

        @Override
        public void close() {
            buffers.close();
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
