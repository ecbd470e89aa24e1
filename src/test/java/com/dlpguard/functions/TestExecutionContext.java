package com.dlpguard.functions;

import com.microsoft.azure.functions.ExecutionContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The Functions host's context, with a logger whose lines tests can read. */
public final class TestExecutionContext implements ExecutionContext {
    public final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Logger logger;

    public TestExecutionContext(String name) {
        logger = Logger.getAnonymousLogger();
        logger.setUseParentHandlers(false);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        this.functionName = name;
    }

    private final String functionName;

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return "test-invocation";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }
}
