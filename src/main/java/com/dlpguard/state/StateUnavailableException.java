package com.dlpguard.state;

/** The shared store could not be reached; callers fall back to per-instance memory and say so. */
public class StateUnavailableException extends Exception {
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
