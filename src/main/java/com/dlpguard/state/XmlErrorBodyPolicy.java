package com.dlpguard.state;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Locale;

/**
 * Drops XML bodies from error responses. Some failures (Azurite's 403 on a wrong key, front-end
 * errors) come as XML although the Tables SDK asked for JSON; azure-core then decodes them with
 * jackson-dataformat-xml, which the guard does not ship, and throws a {@link LinkageError} that
 * hides the status. Without the body the SDK raises an ordinary {@code TableServiceException}
 * carrying the status code, which the store maps to {@link StateUnavailableException}.
 */
final class XmlErrorBodyPolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(XmlErrorBodyPolicy::strip);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return strip(next.processSync());
    }

    static HttpResponse strip(HttpResponse response) {
        String type = response.getHeaderValue(HttpHeaderName.CONTENT_TYPE);
        if (response.getStatusCode() < 400 || type == null || !type.toLowerCase(Locale.ROOT).contains("xml")) {
            return response;
        }
        response.close();
        HttpHeaders headers = new HttpHeaders(response.getHeaders());
        headers.remove(HttpHeaderName.CONTENT_TYPE);
        headers.set(HttpHeaderName.CONTENT_LENGTH, "0");
        return new WithoutBody(response, headers);
    }

    private static final class WithoutBody extends HttpResponse {
        private final int status;
        private final HttpHeaders headers;

        WithoutBody(HttpResponse original, HttpHeaders headers) {
            super(original.getRequest());
            this.status = original.getStatusCode();
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return status;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public String getHeaderValue(HttpHeaderName name) {
            return headers.getValue(name);
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.just(new byte[0]);
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.just("");
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.just("");
        }
    }
}
