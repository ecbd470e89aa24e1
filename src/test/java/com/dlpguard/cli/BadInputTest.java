package com.dlpguard.cli;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static com.dlpguard.cli.CliRun.CONFIG;
import static com.dlpguard.cli.CliRun.DRIFTED;
import static com.dlpguard.cli.CliRun.EXAMPLES;
import static com.dlpguard.cli.CliRun.RESOURCES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and bad usage exit 2 with one line on stderr naming the file and the problem, and no
 * stack trace. The malformed snapshots are the drifted example's network export with one defect
 * planted, so the defect is the only thing wrong with them.
 */
class BadInputTest {

    static void assertBadInput(CliRun run, String... mustMention) {
        assertEquals(Main.BAD_INPUT, run.exit(), run.describe());
        assertEquals("", run.out(), "nothing on stdout for bad input");
        String err = run.err();
        assertTrue(err.startsWith("dlp-guard: "), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception") || err.contains("internal error"),
                "no stack trace, no internal error: " + err);
        for (String s : mustMention) {
            assertTrue(err.contains(s), "stderr should mention '" + s + "': " + err);
        }
    }

    /** Replaces exactly one occurrence, so a fixture change that makes the defect vanish fails here. */
    static UnaryOperator<String> once(String from, String to) {
        return s -> {
            int at = s.indexOf(from);
            assertTrue(at >= 0, "the example no longer contains " + from);
            return s.substring(0, at) + to + s.substring(at + from.length());
        };
    }

    static Stream<Arguments> malformedSnapshots() {
        return Stream.of(
                Arguments.of("bad JSON (truncated)", (UnaryOperator<String>) s -> s.substring(0, s.length() - 40), "malformed JSON"),
                Arguments.of("duplicate key", once("\"name\": \"compute\",", "\"name\": \"compute\", \"name\": \"compute2\","),
                        "duplicate key 'name'"),
                Arguments.of("NaN", once("\"priority\": 200", "\"priority\": NaN"), "priority"),
                Arguments.of("comment", once("\"value\": [", "\"value\": [ // exported by hand\n"), "$.value"),
                Arguments.of("trailing comma", once("\"description\": \"re-added by hand\"", "\"description\": \"re-added by hand\","),
                        "malformed JSON"),
                Arguments.of("security rule without priority", once("\"priority\": 200,", ""), "priority: missing"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSnapshots")
    void aMalformedSnapshotIsBadInputNamingTheFile(String name, UnaryOperator<String> defect, String problem,
                                                   @TempDir Path dir) throws IOException {
        Path snapshot = Files.createDirectory(dir.resolve("snapshot"));
        Files.copy(Path.of(DRIFTED, "workspace.json"), snapshot.resolve("workspace.json"));
        String network = Files.readString(Path.of(DRIFTED, "network.json"));
        String broken = defect.apply(network);
        assertNotEquals(network, broken);
        Files.writeString(snapshot.resolve("network.json"), broken);
        CliRun run = CliRun.of("check", "--snapshot", snapshot.toString(), "--config", CONFIG);
        assertBadInput(run, snapshot.resolve("network.json").toString(), problem);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedSnapshots")
    void replayRejectsTheSameSnapshots(String name, UnaryOperator<String> defect, String problem, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("network.json");
        Files.writeString(file, defect.apply(Files.readString(Path.of(DRIFTED, "network.json"))));
        CliRun run = CliRun.of("replay", "--event", "examples/events/alias-removed.json", "--snapshot", file.toString(),
                "--config", CONFIG);
        assertBadInput(run, file.toString(), problem);
    }

    @org.junit.jupiter.api.Test
    void invalidUtf8InASnapshotIsBadInputNotAReplacementCharacter(@TempDir Path dir) throws IOException {
        byte[] bytes = Files.readAllBytes(Path.of(DRIFTED, "network.json"));
        byte[] marker = "mallorypersonal".getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(bytes, marker);
        assertTrue(at > 0);
        byte[] broken = Arrays.copyOf(bytes, bytes.length);
        broken[at + 7] = (byte) 0xFF; // "mallory\xFFersonal": a lenient decoder would make it U+FFFD
        Path file = dir.resolve("network.json");
        Files.write(file, broken);
        assertBadInput(CliRun.of("check", "--snapshot", file.toString(), "--config", CONFIG), file.toString(), "UTF-8");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static Stream<Arguments> malformedConfigs() {
        return Stream.of(
                Arguments.of("unknown-key.json", "$.workspaces[0].subnetz", "unknown key"),
                Arguments.of("bad-id.json", "$.workspaces[0].subnets[0]", "/providers/"),
                Arguments.of("unknown-rule-id.json", "$.rules.DLP099", "unknown rule id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedConfigs")
    void aMalformedConfigIsBadInputNamingTheFileAndPath(String file, String jsonPath, String problem) {
        String config = RESOURCES.resolve("config/bad").resolve(file).toString();
        assertBadInput(CliRun.of("check", "--snapshot", DRIFTED, "--config", config), config, jsonPath, problem);
        assertBadInput(CliRun.of("replay", "--event", "examples/events/alias-removed.json", "--snapshot", DRIFTED,
                "--config", config), config, jsonPath, problem);
    }

    static Stream<Arguments> unstrictConfigs() {
        return Stream.of(
                Arguments.of("duplicate key", once("\"DLP003\": \"rollback\",", "\"DLP003\": \"rollback\", \"DLP003\": \"off\","),
                        "duplicate key 'DLP003'"),
                Arguments.of("comment", once("\"exemptions\"", "/* none yet */ \"exemptions\""), "malformed JSON"),
                Arguments.of("trailing comma", once("\"allowBatchInbound\": false", "\"allowBatchInbound\": false,"),
                        "malformed JSON"),
                Arguments.of("NaN", once("\"defaultStorageHasPrivateEndpoint\": false", "\"defaultStorageHasPrivateEndpoint\": NaN"),
                        "defaultStorageHasPrivateEndpoint"));
    }

    @ParameterizedTest(name = "config with {0}")
    @MethodSource("unstrictConfigs")
    void aConfigIsParsedStrictlyToo(String name, UnaryOperator<String> defect, String problem, @TempDir Path dir)
            throws IOException {
        Path config = dir.resolve("dlp-guard.json");
        Files.writeString(config, defect.apply(Files.readString(EXAMPLES.resolve("dlp-guard.json"))));
        assertBadInput(CliRun.of("check", "--snapshot", DRIFTED, "--config", config.toString()), config.toString(), problem);
    }

    static Stream<Arguments> badUsage() {
        String[] snapshot = {"--snapshot", DRIFTED};
        return Stream.of(
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config", CONFIG, "--snapshto", "x"}, "unknown option --snapshto"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED}, "missing --config"),
                Arguments.of(new String[]{"check", snapshot[0], snapshot[1], "--subscription", "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11",
                        "--config", CONFIG}, "exactly one of --snapshot"),
                Arguments.of(new String[]{"check", "--config", CONFIG}, "exactly one of --snapshot"),
                Arguments.of(new String[]{"replay", "--event", "examples/events/alias-removed.json", "--snapshot", DRIFTED,
                        "--config", CONFIG, "--format", "sarif"}, "sarif"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "xml"}, "--format"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config"}, "--config needs a value"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config", CONFIG, "--format", "json", "--format", "text"},
                        "more than once"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config", CONFIG, "--apply"}, "--apply"),
                Arguments.of(new String[]{"check", "--snapshot", "examples/nowhere", "--config", CONFIG}, "examples/nowhere"),
                Arguments.of(new String[]{"check", "--snapshot", DRIFTED, "--config", "examples/nowhere.json"}, "examples/nowhere.json"),
                Arguments.of(new String[]{"replay", "--snapshot", DRIFTED, "--config", CONFIG}, "missing --event"),
                Arguments.of(new String[]{"verify"}, "unknown command 'verify'"),
                Arguments.of(new String[]{"check", "stray"}, "unexpected argument 'stray'"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badUsage")
    void badUsageExitsTwo(String[] args, String message) {
        assertBadInput(CliRun.of(args), message);
    }

    @org.junit.jupiter.api.Test
    void noArgumentsPrintsUsageOnStderrAndExitsTwo() {
        CliRun run = CliRun.of();
        assertEquals(Main.BAD_INPUT, run.exit());
        assertTrue(run.err().contains("usage:"), run.err());
        assertEquals("", run.out());
    }
}
