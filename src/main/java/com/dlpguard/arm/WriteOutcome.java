package com.dlpguard.arm;

import com.dlpguard.plan.PlannedWrite;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** What happened to one planned write. {@code errorCode} is ARM's error code when it answered one. */
public record WriteOutcome(PlannedWrite write, Result result, Optional<String> errorCode, String detail,
                           Optional<String> requestId) {
    public enum Result {
        /** ARM accepted it and the long-running operation succeeded. */
        APPLIED,
        /** Not sent, or refused with 412: the resource changed since it was read (re-evaluate, never overwrite). */
        PRECONDITION_FAILED,
        /** ARM refused it or the operation ended Failed. */
        FAILED,
        /** Dry run: logged, not sent. */
        DRY_RUN;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public WriteOutcome {
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(requestId, "requestId");
    }
}
