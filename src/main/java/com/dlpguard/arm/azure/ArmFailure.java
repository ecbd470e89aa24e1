package com.dlpguard.arm.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What an ARM call that threw tells the guard: the HTTP status (0 when no answer came), ARM's error
 * code and message, and whether trying again later may work. Messages come from ARM's error body,
 * never from request headers, so they cannot carry the token.
 */
record ArmFailure(int status, Optional<String> code, String message, boolean transientFailure) {
    private static final Set<Integer> TRANSIENT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
    /** 409 from the network RP while another operation holds the resource: it passes, like the 429 variant. */
    private static final Set<String> TRANSIENT_CODES = Set.of("AnotherOperationInProgress",
            "RetryableErrorDueToAnotherOperation", "OperationPreempted");
    private static final int MAX_MESSAGE = 500;

    static ArmFailure of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ManagementException m) {
                int status = m.getResponse() == null ? 0 : m.getResponse().getStatusCode();
                ManagementError error = m.getValue();
                Optional<String> code = Optional.ofNullable(error).map(ManagementError::getCode).filter(c -> !c.isBlank());
                String message = Optional.ofNullable(error).map(ManagementError::getMessage).filter(c -> !c.isBlank())
                        .orElse("ARM answered " + status);
                boolean transientFailure = TRANSIENT_STATUSES.contains(status)
                        || code.map(TRANSIENT_CODES::contains).orElse(false);
                return new ArmFailure(status, code, shorten(message), transientFailure);
            }
            if (t instanceof HttpResponseException h) {
                int status = h.getResponse() == null ? 0 : h.getResponse().getStatusCode();
                return new ArmFailure(status, Optional.empty(), "ARM answered " + status, TRANSIENT_STATUSES.contains(status));
            }
            if (t instanceof java.security.GeneralSecurityException) {
                // An untrusted or invalid server certificate: configuration (the trust store), not a passing fault.
                return new ArmFailure(0, Optional.empty(), "TLS: the ARM endpoint's certificate is not trusted: "
                        + t.getClass().getSimpleName() + Optional.ofNullable(t.getMessage()).map(m -> " " + shorten(m)).orElse(""), false);
            }
        }
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return new ArmFailure(0, Optional.empty(), "no answer from ARM: " + t.getClass().getSimpleName()
                        + Optional.ofNullable(t.getMessage()).map(m -> " " + shorten(m)).orElse(""), true);
            }
        }
        return new ArmFailure(0, Optional.empty(), "ARM call failed: " + thrown.getClass().getSimpleName()
                + Optional.ofNullable(thrown.getMessage()).map(m -> " " + shorten(m)).orElse(""), false);
    }

    boolean isNotFound() {
        return status == 404;
    }

    /** "403 AuthorizationFailed: message" */
    String describe() {
        return (status == 0 ? "" : status + " ") + code.map(c -> c + ": ").orElse("") + message;
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= MAX_MESSAGE ? oneLine : oneLine.substring(0, MAX_MESSAGE) + "…";
    }
}
