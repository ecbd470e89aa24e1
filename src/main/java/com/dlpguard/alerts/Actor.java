package com.dlpguard.alerts;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made the change, as the Event Grid claims tell it: the UPN for a user, the application
 * (client) id for a service principal, and the client IP when ARM recorded one. Timer sweeps
 * have no event and therefore no actor ({@link #unknown()}).
 */
public record Actor(Optional<String> upn, Optional<String> appId, Optional<String> clientIp) {
    public Actor {
        Objects.requireNonNull(upn, "upn");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(clientIp, "clientIp");
        upn = upn.filter(s -> !s.isBlank());
        appId = appId.filter(s -> !s.isBlank());
        clientIp = clientIp.filter(s -> !s.isBlank());
    }

    public static Actor unknown() {
        return new Actor(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static Actor of(String upn, String appId, String clientIp) {
        return new Actor(Optional.ofNullable(upn), Optional.ofNullable(appId), Optional.ofNullable(clientIp));
    }

    public boolean isKnown() {
        return upn.isPresent() || appId.isPresent();
    }

    /** One line for people: {@code alice@contoso.com (app 1234…) from 203.0.113.7}. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        upn.ifPresent(b::append);
        appId.ifPresent(id -> b.append(b.length() > 0 ? " (app " + id + ")" : "app " + id));
        if (b.length() == 0) {
            b.append("unknown (no event: found by a sweep)");
        }
        clientIp.ifPresent(ip -> b.append(" from ").append(ip));
        return b.toString();
    }
}
