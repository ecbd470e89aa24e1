package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import reactor.core.publisher.Mono;

/**
 * The write's context carries If-Match / If-None-Match for {@code AddHeadersFromContextPolicy}, and
 * the SDK reuses that context for the long-running operation's status polls and final GET. A
 * precondition belongs to the write alone: on a GET it is removed, so a poll can never be refused
 * (or a final GET of the freshly written resource answered 412) because the etag moved on.
 */
final class ConditionalHeadersOnWrites implements HttpPipelinePolicy {
    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        strip(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        strip(context);
        return next.processSync();
    }

    private static void strip(HttpPipelineCallContext context) {
        if (context.getHttpRequest().getHttpMethod() == HttpMethod.GET) {
            context.getHttpRequest().getHeaders().remove(HttpHeaderName.IF_MATCH);
            context.getHttpRequest().getHeaders().remove(HttpHeaderName.IF_NONE_MATCH);
        }
    }
}
