package com.dlpguard.events;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code Microsoft.Resources.*} event reduced to what routing needs, in either schema. The
 * claims are a flat map (older payloads encode them as a JSON string; the parser decodes both).
 * Nothing here is trusted as state: it only says where to look and who acted.
 */
public record ResourceEvent(String id,
                            String eventType,
                            String subject,
                            Optional<String> operationName,
                            Optional<String> status,
                            Optional<String> resourceUri,
                            Optional<String> correlationId,
                            Map<String, String> claims,
                            Optional<String> principalId,
                            Optional<String> clientIp,
                            Optional<String> eventTime) {
    public static final String CLAIM_UPN = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn";
    public static final String CLAIM_OBJECT_ID = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public ResourceEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(operationName, "operationName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(resourceUri, "resourceUri");
        Objects.requireNonNull(correlationId, "correlationId");
        claims = Map.copyOf(claims);
        Objects.requireNonNull(principalId, "principalId");
        Objects.requireNonNull(clientIp, "clientIp");
        Objects.requireNonNull(eventTime, "eventTime");
    }

    public Optional<String> claim(String name) {
        return Optional.ofNullable(claims.get(name));
    }

    public EventContext context() {
        return new EventContext(Optional.of(id), operationName, Optional.of(subject), correlationId, claim(CLAIM_UPN),
                claim("appid"), claim(CLAIM_OBJECT_ID).or(() -> principalId),
                claim("ipaddr").or(() -> clientIp), eventTime);
    }
}
