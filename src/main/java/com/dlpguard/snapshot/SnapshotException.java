package com.dlpguard.snapshot;

/** A snapshot that cannot be loaded; the message names the file and the JSON path. Nothing is half-loaded. */
public class SnapshotException extends Exception {
    public SnapshotException(String message) {
        super(message);
    }
}
