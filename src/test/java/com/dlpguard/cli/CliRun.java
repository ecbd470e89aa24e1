package com.dlpguard.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** One in-process run of the CLI: exit code and what it printed on stdout and stderr. */
record CliRun(int exit, String out, String err) {
    static final Path EXAMPLES = Path.of("examples");
    static final String DRIFTED = EXAMPLES.resolve("drifted").toString();
    static final String COMPLIANT = EXAMPLES.resolve("compliant").toString();
    static final String CONFIG = EXAMPLES.resolve("dlp-guard.json").toString();
    static final Path RESOURCES = Path.of("src/test/resources/cli");

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Main.run(List.of(args), o, e);
        }
        return new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    JsonObject json() {
        return JsonParser.parseString(out).getAsJsonObject();
    }

    /** For assertion messages. */
    String describe() {
        return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
}
