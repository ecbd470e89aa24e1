package com.dlpguard.plan;

import java.util.Objects;
import java.util.Optional;

/**
 * One ARM request as a value. {@code url} is a path relative to the ARM endpoint, starting with
 * {@code /subscriptions/} and carrying {@code api-version}; {@code body} is compact JSON.
 */
public record ArmRequest(String method, String url, Optional<String> ifMatch, Optional<String> body) {
    public ArmRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(ifMatch, "ifMatch");
        Objects.requireNonNull(body, "body");
        if (!url.startsWith("/subscriptions/")) {
            throw new IllegalArgumentException("plan URLs start with /subscriptions/: " + url);
        }
        if (!method.equals("PUT") && !method.equals("DELETE") && !method.equals("PATCH")) {
            throw new IllegalArgumentException("a planned request writes: PUT, PATCH or DELETE, not " + method);
        }
    }
}
