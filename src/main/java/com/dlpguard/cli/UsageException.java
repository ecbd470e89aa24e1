package com.dlpguard.cli;

/** Bad usage or bad input: exit code 2, the message on stderr, no stack trace. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
