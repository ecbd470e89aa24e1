package com.dlpguard.cli;

import com.dlpguard.config.GuardConfig;

import java.io.PrintStream;
import java.time.Clock;

/** {@code check --subscription}: wired to the live gateway in {@code arm.azure}. */
final class LiveCheck {
    private LiveCheck() {
    }

    static int run(CliArgs a, GuardConfig config, OutputFormat format, Clock clock, PrintStream out, PrintStream err)
            throws UsageException {
        throw new UsageException("live checks (--subscription) are not available in this build yet; use --snapshot");
    }
}
