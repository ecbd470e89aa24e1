package com.dlpguard.arm.emulator;

import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * What the emulator does to one matching request instead of (or besides) serving it normally.
 * Build with the factories; queue with {@link FaultQueue#add}.
 */
public sealed interface Fault {

    /** Answer with this ARM error instead of serving the request (nothing is changed). */
    record Respond(int status, String code, String message, Optional<Integer> retryAfterSeconds) implements Fault {
        public Respond {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
        }
    }

    /** Close the connection without answering (nothing is changed). */
    record DropConnection() implements Fault {
    }

    /** Serve the request normally (a write is applied) but only answer after {@code delay}. */
    record SlowResponse(Duration delay) implements Fault {
        public SlowResponse {
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** Accept the write (201/202), then let its long-running operation end {@code Failed}; nothing is changed. */
    record FailOperation(String code, String message) implements Fault {
        public FailOperation {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** Accept the write (applied), but its long-running operation stays {@code InProgress} for {@code polls} polls. */
    record LongOperation(int polls) implements Fault {
    }

    /**
     * Someone else writes {@code resourceId} just before this request is served: its stored document
     * is mutated and its family etag changes. Matched on the re-read GET, the gateway sees the new
     * etag; matched on the PUT, the PUT's If-Match is stale.
     */
    record ConcurrentEdit(String resourceId, Consumer<JsonObject> mutation) implements Fault {
        public ConcurrentEdit {
            Objects.requireNonNull(resourceId, "resourceId");
            Objects.requireNonNull(mutation, "mutation");
        }
    }

    /**
     * Serve the request normally, but answer with its JSON text passed through {@code rewrite}
     * (Content-Length follows): a page ARM or a hostile middlebox garbled, e.g. a duplicate key in
     * its second item or a body cut short yet delivered whole.
     */
    record RewriteBody(UnaryOperator<String> rewrite) implements Fault {
        public RewriteBody {
            Objects.requireNonNull(rewrite, "rewrite");
        }
    }

    /**
     * Serve the request normally and announce the whole body, but close the connection after its
     * first {@code bytes} bytes: a page cut in transit, which the client sees as an I/O error mid-body.
     */
    record CutBody(int bytes) implements Fault {
    }

    static Fault rewriteBody(UnaryOperator<String> rewrite) {
        return new RewriteBody(rewrite);
    }

    static Fault cutBody(int bytes) {
        return new CutBody(bytes);
    }

    static Fault throttled(int retryAfterSeconds) {
        return new Respond(429, "TooManyRequests", "The request is being throttled.", Optional.of(retryAfterSeconds));
    }

    /** The network RP's answer while another operation holds the resource. */
    static Fault anotherOperation(int retryAfterSeconds) {
        return new Respond(429, "RetryableErrorDueToAnotherOperation",
                "Operation is not allowed because another operation is in progress on the resource.",
                Optional.of(retryAfterSeconds));
    }

    static Fault serverError() {
        return new Respond(500, "InternalServerError", "Encountered internal server error.", Optional.empty());
    }

    static Fault unavailable(int retryAfterSeconds) {
        return new Respond(503, "ServiceUnavailable", "The service is temporarily unavailable.",
                Optional.of(retryAfterSeconds));
    }

    static Fault forbidden() {
        return new Respond(403, "AuthorizationFailed",
                "The client does not have authorization to perform this action.", Optional.empty());
    }

    static Fault badRequest(String code, String message) {
        return new Respond(400, code, message, Optional.empty());
    }

    static Fault dropConnection() {
        return new DropConnection();
    }

    static Fault slow(Duration delay) {
        return new SlowResponse(delay);
    }

    static Fault operationFails(String code, String message) {
        return new FailOperation(code, message);
    }

    static Fault longOperation(int polls) {
        return new LongOperation(polls);
    }

    static Fault concurrentEdit(String resourceId, Consumer<JsonObject> mutation) {
        return new ConcurrentEdit(resourceId, mutation);
    }
}
