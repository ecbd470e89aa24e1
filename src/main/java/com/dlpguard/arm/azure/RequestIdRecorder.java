package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Records ARM's {@code x-ms-request-id} of a write's last attempt into the {@link AtomicReference}
 * the caller put in the request's context under {@link #KEY}: the id Microsoft support asks for,
 * reported with every write outcome.
 */
final class RequestIdRecorder implements HttpPipelinePolicy {
    static final String KEY = "dlp-guard.arm-request-id";
    private static final HttpHeaderName REQUEST_ID = HttpHeaderName.fromString("x-ms-request-id");

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().doOnNext(response -> record(context, response));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        HttpResponse response = next.processSync();
        record(context, response);
        return response;
    }

    @SuppressWarnings("unchecked")
    private static void record(HttpPipelineCallContext context, HttpResponse response) {
        HttpMethod method = context.getHttpRequest().getHttpMethod();
        if (method != HttpMethod.PUT && method != HttpMethod.DELETE && method != HttpMethod.PATCH) {
            return;
        }
        context.getData(KEY).ifPresent(holder -> {
            String id = response.getHeaderValue(REQUEST_ID);
            if (holder instanceof AtomicReference<?> ref && id != null) {
                ((AtomicReference<String>) ref).set(id);
            }
        });
    }
}
