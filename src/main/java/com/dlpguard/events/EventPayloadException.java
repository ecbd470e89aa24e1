package com.dlpguard.events;

/** The delivery as a whole is unusable: not JSON, or neither an event nor an array of events. */
public class EventPayloadException extends Exception {
    public EventPayloadException(String message) {
        super(message);
    }
}
