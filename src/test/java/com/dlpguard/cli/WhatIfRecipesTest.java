package com.dlpguard.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.dlpguard.cli.CliRun.COMPLIANT;
import static com.dlpguard.cli.CliRun.CONFIG;
import static com.dlpguard.cli.CliRun.DRIFTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI recipes in docs/whatif/ run as written: every documented {@code java -jar … check --whatif}
 * command is taken from the document, its pipeline variables replaced by the examples (the
 * what-if file by each of examples/whatif/, {@code --subscription} by the compliant and the drifted
 * snapshot, the config by examples/dlp-guard.json), and run in-process; the exit code must be the
 * one the recipe promises. The documented what-if commands must produce the format the CLI reads.
 */
class WhatIfRecipesTest {
    static final Path DOCS = Path.of("docs/whatif");
    static final Pattern FENCE = Pattern.compile("```(yaml|sh)\\n(.*?)```", Pattern.DOTALL);

    /** Exit code with --new-only: 1 exactly when the deployment introduces a violation. */
    static final Map<String, Integer> NEW_ONLY_ON_COMPLIANT = Map.of("delete-alias.json", 1, "rogue-account.json", 1,
            "appliance-route.json", 1, "vnet-replaced.json", 1, "benign.json", 0);
    /** On the drifted estate the SEP already lacks the alias (old debt); the others add something new. */
    static final Map<String, Integer> NEW_ONLY_ON_DRIFTED = Map.of("delete-alias.json", 0, "rogue-account.json", 1,
            "appliance-route.json", 1, "vnet-replaced.json", 1, "benign.json", 0);

    record Snippet(String language, String text) {
    }

    static List<Snippet> snippets(Path doc) throws IOException {
        List<Snippet> out = new ArrayList<>();
        Matcher m = FENCE.matcher(Files.readString(doc));
        while (m.find()) {
            out.add(new Snippet(m.group(1), m.group(2).replaceAll("\\\\\\n\\s*", " ")));
        }
        return out;
    }

    /** The command lines of a snippet that run the CLI's what-if check, continuations joined. */
    static List<String> whatIfCommands(Snippet s) {
        return s.text().lines().map(String::strip).filter(l -> l.startsWith("java -jar ") && l.contains(" check --whatif "))
                .toList();
    }

    /** Arguments after {@code check}, with the shell's redirection and {@code ||} cut off. */
    static List<String> arguments(String line) {
        // GitHub's ${{ vars.X }} is one shell word once expanded.
        String command = line.replaceAll("\\$\\{\\{\\s*([^}]*?)\\s*}}", "\\${{$1}}").split("\\s(>|\\|\\|)\\s")[0];
        List<String> words = List.of(command.trim().split("\\s+"));
        assertEquals("target/dlp-guard.jar", words.get(2), line);
        return words.subList(3, words.size());
    }

    static List<String> substituted(List<String> args, String whatIf, String snapshot) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--whatif" -> {
                    out.add(a);
                    out.add(whatIf);
                    i++;
                }
                case "--subscription", "--snapshot" -> {
                    out.add("--snapshot");
                    out.add(snapshot);
                    i++;
                }
                case "--config" -> {
                    out.add(a);
                    out.add(CONFIG);
                    i++;
                }
                default -> {
                    assertFalse(a.contains("$"), "an unexpected pipeline variable in the recipe: " + a);
                    out.add(a);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"github-actions.md", "azure-pipelines.md"})
    void theDocumentedCommandsRunOnTheExamples(String name) throws IOException {
        List<Snippet> snippets = snippets(DOCS.resolve(name));
        List<String> commands = snippets.stream().filter(s -> s.language().equals("yaml"))
                .flatMap(s -> whatIfCommands(s).stream()).toList();
        assertEquals(2, commands.size(), "the recipe's SARIF run and text run: " + commands);
        assertTrue(commands.stream().anyMatch(c -> c.contains("--format sarif")), commands.toString());
        int runs = 0;
        for (String command : commands) {
            List<String> args = arguments(command);
            assertEquals("check", args.get(0));
            boolean newOnly = args.contains("--new-only");
            for (String estate : List.of(COMPLIANT, DRIFTED)) {
                Map<String, Integer> expected = estate.equals(COMPLIANT) ? NEW_ONLY_ON_COMPLIANT : NEW_ONLY_ON_DRIFTED;
                for (String file : expected.keySet()) {
                    List<String> run = substituted(args, WhatIfCommandTest.example(file), estate);
                    CliRun result = CliRun.of(run.toArray(String[]::new));
                    int exit = newOnly ? expected.get(file) : (estate.equals(DRIFTED) ? 1 : expected.get(file));
                    assertEquals(exit, result.exit(), String.join(" ", run) + "\n" + result.describe());
                    if (args.contains("sarif")) {
                        assertSarif(result.out());
                    }
                    runs++;
                }
            }
        }
        assertEquals(20, runs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"github-actions.md", "azure-pipelines.md"})
    void theDocumentedWhatIfWritesWhatTheCliReads(String name) throws IOException {
        List<String> whatIfs = snippets(DOCS.resolve(name)).stream()
                .flatMap(s -> s.text().lines().map(String::strip))
                .filter(l -> l.startsWith("az deployment ") && l.contains(" what-if "))
                .toList();
        assertFalse(whatIfs.isEmpty(), "the recipe runs what-if");
        for (String w : whatIfs) {
            assertTrue(w.contains("--no-pretty-print"), "JSON, not the coloured text: " + w);
            assertFalse(w.contains("ResourceIdOnly"), "the predicted resources are needed: " + w);
            assertTrue(w.contains("> ") && w.contains("whatif.json"), "written where the check reads it: " + w);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"github-actions.md"})
    void theLocalTryItCommandRunsAsWritten(String name) throws IOException {
        List<String> local = snippets(DOCS.resolve(name)).stream().filter(s -> s.language().equals("sh"))
                .flatMap(s -> whatIfCommands(s).stream()).toList();
        assertEquals(1, local.size());
        CliRun run = CliRun.of(arguments(local.get(0)).toArray(String[]::new));
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(run.out().contains("Introduced by the deployment: 1"), run.out());
    }

    static void assertSarif(String out) {
        JsonObject sarif = JsonParser.parseString(out).getAsJsonObject();
        assertEquals("2.1.0", sarif.get("version").getAsString());
        for (JsonElement r : sarif.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonArray("results")) {
            assertTrue(Set.of("error", "warning", "note").contains(r.getAsJsonObject().get("level").getAsString()), r.toString());
        }
    }
}
