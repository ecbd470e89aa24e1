package com.dlpguard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar dlp-guard.jar <command>}. Exit codes (rule book section 5): 0 no violation,
 * 1 violations found (or a critical/high rule that could not be decided: {@code unknown}), 2 bad
 * usage or bad input (one line on stderr naming the file and problem).
 */
public final class Main {
    public static final int OK = 0;
    public static final int VIOLATIONS = 1;
    public static final int BAD_INPUT = 2;

    static final String USAGE = """
            usage: java -jar dlp-guard.jar <command> [options]

            commands:
              check  --snapshot PATH --config FILE [--format text|json|sarif] [--plan] [--verbose]
              check  --subscription ID --config FILE [--resource-group RG] [--format ...] [--plan]
                     [--apply [--yes]] [--cloud public|usgov|china] [--arm-endpoint URL] [--token-env VAR]
              check  --whatif FILE [--whatif FILE]... (--snapshot PATH | --subscription ID) --config FILE
                     [--new-only] [--format text|json|sarif] [--verbose]
              replay --event FILE --snapshot PATH --config FILE [--format text|json] [--guard-identity ID]...
              doctor --subscription ID --config FILE [--format text|json] [--function-app ID] [--event-topic ID]...
                     [--cloud ...] [--arm-endpoint URL] [--token-env VAR] [--managed-identity-client-id ID]

            exit codes: 0 no violation, 1 violations found (or a critical/high rule could not be decided;
                        doctor: a check failed), 2 bad usage or bad input
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs a command; never throws (the host of a CLI is a shell: a stack trace helps nobody). */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).equals("--help") || args.get(0).equals("help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? BAD_INPUT : OK;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "check" -> CheckCommand.run(rest, out, err);
                case "replay" -> ReplayCommand.run(rest, out, err);
                case "doctor" -> DoctorCommand.run(rest, out, err);
                default -> throw new UsageException("unknown command '" + command + "' (check, replay, doctor)");
            };
        } catch (UsageException e) {
            err.println("dlp-guard: " + e.getMessage());
            return BAD_INPUT;
        } catch (RuntimeException e) {
            // A bug, not bad input: say so without a stack trace, and exit 2 rather than claim a verdict.
            err.println("dlp-guard: internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return BAD_INPUT;
        }
    }
}
