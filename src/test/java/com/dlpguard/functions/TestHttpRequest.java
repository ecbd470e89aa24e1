package com.dlpguard.functions;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** An HTTP request as the Java worker hands it to a function, with a response builder tests can inspect. */
public final class TestHttpRequest implements HttpRequestMessage<Optional<String>> {
    private final Optional<String> body;

    public TestHttpRequest(String body) {
        this.body = Optional.ofNullable(body);
    }

    @Override
    public URI getUri() {
        return URI.create("https://dlp-guard.azurewebsites.net/api/recheck");
    }

    @Override
    public HttpMethod getHttpMethod() {
        return HttpMethod.POST;
    }

    @Override
    public Map<String, String> getHeaders() {
        return Map.of("content-type", "application/json");
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return Map.of();
    }

    @Override
    public Optional<String> getBody() {
        return body;
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new Builder(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Builder(status);
    }

    static final class Builder implements HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new HashMap<>();
        private Object body;

        Builder(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType s) {
            this.status = s;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String key, String value) {
            headers.put(key, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object b) {
            this.body = b;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            HttpStatusType s = status;
            Object b = body;
            Map<String, String> h = Map.copyOf(headers);
            return new HttpResponseMessage() {
                @Override
                public HttpStatusType getStatus() {
                    return s;
                }

                @Override
                public String getHeader(String key) {
                    return h.get(key);
                }

                @Override
                public Object getBody() {
                    return b;
                }
            };
        }
    }
}
