package com.dlpguard.hardening;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The Functions host's context: its logger's lines are kept (and scanned for secrets). */
final class TestContext implements ExecutionContext {
    final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger;
    private final String functionName;

    TestContext(String functionName) {
        this.functionName = functionName;
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                String line = r.getLevel() + " " + r.getMessage();
                lines.add(line);
                Secrets.scan("function log " + functionName, line);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return "hardening-invocation";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
