package com.dlpguard.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runnable jar {@code mvn package} builds, in a fresh JVM as a user runs it: the manifest,
 * the shaded dependencies and the exit codes are real here, not simulated.
 */
class CliJarIT {
    static final Path JAR = Path.of("target/dlp-guard.jar");

    record Result(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    @BeforeAll
    static void built() {
        assertTrue(Files.isRegularFile(JAR), JAR + " is built by mvn package");
    }

    static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path dir = Files.createTempDirectory("dlp-guard-cli");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CLI finished");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void checkOnTheDriftedExampleFindsThePlantedDriftsAndExitsOne() throws Exception {
        Result r = java("check", "--snapshot", "examples/drifted", "--config", "examples/dlp-guard.json", "--format", "json");
        assertEquals(1, r.exit(), r.describe());
        assertEquals("", r.err(), "no SLF4J or JVM noise on stderr");
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        Set<String> violated = report.getAsJsonArray("findings").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(f -> f.get("status").getAsString().equals("violation")).map(f -> f.get("ruleId").getAsString())
                .collect(Collectors.toSet());
        assertEquals(Set.of("DLP001", "DLP003", "DLP005", "DLP009", "DLP010"), violated);
    }

    @Test
    void checkOnTheCompliantExampleExitsZero() throws Exception {
        Result r = java("check", "--snapshot", "examples/compliant", "--config", "examples/dlp-guard.json");
        assertEquals(0, r.exit(), r.describe());
        assertTrue(r.out().contains("0 violation(s)"), r.out());
    }

    @Test
    void badInputExitsTwoWithOneLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("dlp-guard.json"),
                Files.readString(Path.of("examples/dlp-guard.json")).replace("\"exemptions\": []", "\"exemptions\": [],"));
        Result r = java("check", "--snapshot", "examples/drifted", "--config", config.toString());
        assertEquals(2, r.exit(), r.describe());
        assertEquals("", r.out());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(config.toString()), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void replayOfAnExampleEventExitsOneWithThePlan() throws Exception {
        Result r = java("replay", "--event", "examples/events/alias-removed.json", "--snapshot", "examples/drifted",
                "--config", "examples/dlp-guard.json", "--format", "json");
        assertEquals(1, r.exit(), r.describe());
        JsonObject report = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(report.getAsJsonArray("events").get(0).getAsJsonObject().get("accepted").getAsBoolean());
        assertTrue(report.getAsJsonArray("plan").asList().stream()
                .anyMatch(w -> w.getAsJsonObject().get("action").getAsString().equals("restore-ml-alias")), r.out());
    }

    @Test
    void noArgumentsPrintsUsageAndExitsTwo() throws Exception {
        Result r = java();
        assertEquals(2, r.exit(), r.describe());
        assertTrue(r.err().contains("usage: java -jar dlp-guard.jar"), r.err());
    }
}
