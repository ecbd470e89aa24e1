package com.dlpguard.whatif;

/** A what-if result the guard cannot use; the message names the file and the JSON path (CLI exit 2). */
public class WhatIfInputException extends Exception {
    public WhatIfInputException(String message) {
        super(message);
    }
}
