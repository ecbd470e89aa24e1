package com.dlpguard.functions;

/**
 * Thrown to the Functions host on purpose so that Event Grid redelivers the event: a transient
 * ARM failure, or a critical restore the fight backoff deferred (the change is still open, so
 * the event must not be acknowledged). Anything else thrown is a defect.
 */
public final class RedeliveryRequested extends IllegalStateException {
    public RedeliveryRequested(String message) {
        super(message);
    }
}
