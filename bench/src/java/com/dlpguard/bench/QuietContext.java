package com.dlpguard.bench;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.logging.Level;
import java.util.logging.Logger;

/** The Functions host's context; its logger keeps nothing (the host ships logs asynchronously). */
final class QuietContext implements ExecutionContext {
    private final Logger logger;

    QuietContext() {
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.WARNING);
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return "bench";
    }

    @Override
    public String getFunctionName() {
        return "DlpGuardEventGrid";
    }
}
