package com.dlpguard.alerts;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Captures everything a test class makes visible — every java.util.logging record (all levels,
 * with stack traces and cause messages), stdout, stderr, and the bodies and headers the local
 * receivers got — and fails the class when any configured secret ({@link TestSecrets}) shows up.
 * Every alerts test class uses it, so the whole alerts suite's output is scanned.
 */
public final class LogCapture implements BeforeAllCallback, AfterAllCallback {
    private static final Object LOCK = new Object();
    private static final StringBuilder TEXT = new StringBuilder();
    private static final List<String> LEVELS_SEEN = new ArrayList<>();
    private static final Logger GUARD = Logger.getLogger("com.dlpguard");

    private Handler handler;
    private PrintStream originalOut;
    private PrintStream originalErr;
    private Level originalLevel;

    /** Adds text the suite produced outside logs (rendered payloads, received requests). */
    static void record(String text) {
        synchronized (LOCK) {
            TEXT.append(text).append('\n');
        }
    }

    static String captured() {
        synchronized (LOCK) {
            return TEXT.toString();
        }
    }

    static List<String> levelsSeen() {
        synchronized (LOCK) {
            return List.copyOf(LEVELS_SEEN);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        synchronized (LOCK) {
            TEXT.setLength(0);
            LEVELS_SEEN.clear();
        }
        SimpleFormatter formatter = new SimpleFormatter();
        handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String text = formatter.format(record);
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text += " | " + t;
                }
                synchronized (LOCK) {
                    TEXT.append(text);
                    LEVELS_SEEN.add(record.getLevel().getName());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        handler.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(handler);
        originalLevel = GUARD.getLevel();
        GUARD.setLevel(Level.ALL);
        originalOut = System.out;
        originalErr = System.err;
        System.setOut(new PrintStream(tee(originalOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(originalErr), true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Logger.getLogger("").removeHandler(handler);
        GUARD.setLevel(originalLevel);
        List<Integer> leaks = leaks(captured());
        if (!leaks.isEmpty()) {
            // Name the secrets by position only: the failure message is output too.
            fail(context.getDisplayName() + ": configured secret(s) #" + leaks + " appear in the captured output");
        }
    }

    /** Positions in {@link TestSecrets#ALL} of the secrets {@code text} contains. */
    static List<Integer> leaks(String text) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < TestSecrets.ALL.size(); i++) {
            if (text.contains(TestSecrets.ALL.get(i))) {
                found.add(i);
            }
        }
        return found;
    }

    private static OutputStream tee(PrintStream original) {
        return new OutputStream() {
            private final ByteArrayOutputStream line = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                original.write(b);
                synchronized (LOCK) {
                    line.write(b);
                    if (b == '\n') {
                        TEXT.append(line.toString(StandardCharsets.UTF_8));
                        line.reset();
                    }
                }
            }

            @Override
            public void flush() {
                original.flush();
                synchronized (LOCK) {
                    TEXT.append(line.toString(StandardCharsets.UTF_8));
                    line.reset();
                }
            }
        };
    }
}
