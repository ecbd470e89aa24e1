package com.dlpguard.config;

/** A configuration that cannot be used; the message names the source and the JSON path. */
public class ConfigException extends Exception {
    public ConfigException(String message) {
        super(message);
    }
}
