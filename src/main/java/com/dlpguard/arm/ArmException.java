package com.dlpguard.arm;

/**
 * A read or write ARM did not complete. {@code transientFailure} means trying again later may
 * work (throttling, 5xx, timeouts after azure-core's retries): the Event Grid function rethrows
 * so the event is redelivered. Messages never carry tokens or request bodies.
 */
public class ArmException extends Exception {
    private final boolean transientFailure;

    public ArmException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
