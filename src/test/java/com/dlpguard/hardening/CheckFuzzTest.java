package com.dlpguard.hardening;

import com.dlpguard.cli.Main;
import com.dlpguard.json.Json;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots and configs mutated from examples/drifted and examples/dlp-guard.json, through
 * {@code check}: a valid input gives exit 0 or 1 and a JSON report; an invalid one gives exit 2
 * and one stderr line naming the file; never an internal error or a stack trace. Syntax damage
 * (invalid UTF-8, NaN, comments, trailing commas, duplicate keys, truncation) must be exit 2;
 * changes that mean the same (layout, key order, a BOM, the casing ARM itself mixes in ids) must
 * give exactly the findings of the untouched input.
 */
class CheckFuzzTest {
    static long seed;
    static Figures figures;
    static long leaksBefore;
    static final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        CapturedLogs.install();
        seed = Hardening.seed("CheckFuzzTest", 424242L);
        figures = new Figures(seed);
        leaksBefore = Secrets.leaks();
    }

    @AfterAll
    static void tearDown() {
        Hardening.recordFigures("CheckFuzzTest", figures);
        assertEquals(0, figures.crashes.get(), "crashes: " + figures.crashExamples());
        assertEquals(leaksBefore, Secrets.leaks(), "secrets leaked: " + Secrets.leakExamples());
    }

    enum Expect { INVALID, SAME_FINDINGS, ANY }

    record Result(int exit, String out, String err) {
    }

    static void problem(String what) {
        if (problems.size() < 40) {
            problems.add(what);
        }
    }

    static Set<String> findings(String jsonReport) {
        Set<String> out = new TreeSet<>();
        JsonArray findings = JsonParser.parseString(jsonReport).getAsJsonObject().getAsJsonArray("findings");
        for (JsonElement f : findings) {
            JsonObject o = f.getAsJsonObject();
            out.add(o.get("ruleId").getAsString() + "|" + o.get("status").getAsString() + "|"
                    + o.get("resourceId").getAsString().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    @Test
    void checkAnswersEveryMutatedSnapshotAndConfigWithAVerdictOrOneLine() throws Throwable {
        int n = Hardening.scale(1_200, 10_000);
        Random rnd = new Random(seed);
        TreeMutator tree = new TreeMutator(rnd);
        Path work = Files.createTempDirectory("hardening-check-");
        Path snapshot = Files.createDirectories(work.resolve("snapshot"));
        Path config = work.resolve("dlp-guard.json");
        Map<Path, byte[]> originals = Map.of(
                snapshot.resolve("network.json"), Files.readAllBytes(Rig.EXAMPLES.resolve("drifted/network.json")),
                snapshot.resolve("workspace.json"), Files.readAllBytes(Rig.EXAMPLES.resolve("drifted/workspace.json")),
                config, Files.readAllBytes(Rig.CONFIG));
        for (Map.Entry<Path, byte[]> e : originals.entrySet()) {
            Files.write(e.getKey(), e.getValue());
        }
        List<Path> targets = List.of(snapshot.resolve("network.json"), snapshot.resolve("workspace.json"), config);
        Watchdog watchdog = new Watchdog(Duration.ofSeconds(30));
        Result baseline = check(watchdog, snapshot, config);
        assertEquals(1, baseline.exit(), "examples/drifted has violations: " + baseline.err());
        Set<String> baselineFindings = findings(baseline.out());
        Map<String, int[]> byKind = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Path target = targets.get(rnd.nextInt(10) < 4 ? 0 : rnd.nextInt(10) < 5 ? 1 : 2);
            byte[] original = originals.get(target);
            List<String> ops = new ArrayList<>();
            Expect expect;
            byte[] mutated;
            int kind = rnd.nextInt(10);
            if (kind < 3) {
                mutated = syntaxDamage(original, rnd, ops);
                expect = Expect.INVALID;
            } else if (kind < 5) {
                mutated = sameMeaning(original, target.equals(config), rnd, ops);
                expect = Expect.SAME_FINDINGS;
            } else {
                JsonElement root = JsonParser.parseString(new String(original, StandardCharsets.UTF_8));
                for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                    ops.add(tree.mutate(root));
                }
                mutated = Json.compactGson().toJson(root).getBytes(StandardCharsets.UTF_8);
                expect = Expect.ANY;
            }
            String what = "#" + i + " " + target.getFileName() + " " + ops;
            figures.payloadsFuzzed.incrementAndGet();
            Files.write(target, mutated);
            Result r;
            try {
                r = check(watchdog, snapshot, config);
            } catch (Watchdog.Hang h) {
                figures.crash(what + ": hang");
                break;
            } catch (Throwable t) {
                figures.crash(what + ": " + t.getClass().getName() + ": " + Hardening.shorten(t.getMessage(), 200));
                continue;
            } finally {
                Files.write(target, original);
            }
            byKind.computeIfAbsent(expect + " exit " + r.exit(), k -> new int[1])[0]++;
            if (r.err().contains("internal error") || r.err().contains("\tat ") || r.out().contains("\tat ")) {
                figures.crash(what + ": " + Hardening.shorten(r.err(), 300));
                continue;
            }
            if (r.exit() == 2) {
                String line = r.err().strip();
                boolean namesFile = target.equals(config) ? line.contains(config.toString())
                        : line.contains(snapshot.toString());
                if (line.isEmpty() || line.contains("\n") || !namesFile) {
                    problem(what + ": exit 2 needs one stderr line naming the file, got: " + Hardening.shorten(r.err(), 300));
                }
                if (expect == Expect.SAME_FINDINGS) {
                    problem(what + ": an equivalent input was rejected: " + Hardening.shorten(line, 300));
                }
                continue;
            }
            if (expect == Expect.INVALID) {
                problem(what + ": damaged JSON was accepted (exit " + r.exit() + ")");
                continue;
            }
            if (r.exit() != 0 && r.exit() != 1) {
                problem(what + ": exit " + r.exit());
                continue;
            }
            if (!r.err().isBlank()) {
                problem(what + ": exit " + r.exit() + " with stderr " + Hardening.shorten(r.err(), 200));
            }
            Set<String> found;
            try {
                found = findings(r.out());
            } catch (RuntimeException e) {
                problem(what + ": exit " + r.exit() + " but stdout is not a JSON report: " + Hardening.shorten(r.out(), 200));
                continue;
            }
            if (expect == Expect.SAME_FINDINGS && !found.equals(baselineFindings)) {
                Set<String> missing = new TreeSet<>(baselineFindings);
                missing.removeAll(found);
                Set<String> extra = new TreeSet<>(found);
                extra.removeAll(baselineFindings);
                problem(what + ": an equivalent input changed the findings: missing " + missing + ", extra " + extra);
            }
        }
        watchdog.close();
        System.out.println("[hardening] CheckFuzzTest: " + n + " inputs; by expectation and exit: " + byKind.entrySet()
                .stream().map(e -> e.getKey() + "=" + e.getValue()[0]).toList());
        assertTrue(problems.isEmpty(), problems.size() + " problem(s):\n" + String.join("\n", problems));
    }

    static Result check(Watchdog watchdog, Path snapshot, Path config) throws Throwable {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = watchdog.call("check", () -> Main.run(List.of("check", "--snapshot", snapshot.toString(), "--config",
                        config.toString(), "--format", "json"),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        String o = out.toString(StandardCharsets.UTF_8);
        String e = err.toString(StandardCharsets.UTF_8);
        Secrets.scan("check stdout", o);
        Secrets.scan("check stderr", e);
        return new Result(exit, o, e);
    }

    /** Damage a strict reader must refuse. */
    static byte[] syntaxDamage(byte[] original, Random rnd, List<String> ops) {
        String text = new String(original, StandardCharsets.UTF_8);
        int op = rnd.nextInt(9);
        ops.add("syntax-" + op);
        String damaged = switch (op) {
            case 0 -> null;
            case 1 -> text.replaceFirst(":\\s*(true|false|\\d+|\")", ": NaN, \"x\": $1");
            case 2 -> text.replaceFirst("\\{", "{ /* a comment */");
            case 3 -> text.replaceFirst("\\]", ",]");
            case 4 -> text.replaceFirst("\"name\"", "\"name\": \"twice\", \"name\"");
            case 5 -> text.substring(0, 1 + rnd.nextInt(text.length() - 2));
            case 6 -> text + " trailing";
            case 7 -> text.replaceFirst("\\}", "},}");
            default -> text.replaceFirst("\"", "'");
        };
        if (damaged != null) {
            return damaged.getBytes(StandardCharsets.UTF_8);
        }
        // Invalid UTF-8 inside a string value.
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}};
        byte[] insert = bad[rnd.nextInt(bad.length)];
        int at = text.indexOf("\"id\"") + 7;
        byte[] out = new byte[original.length + insert.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(original, at, out, at + insert.length, original.length - at);
        return out;
    }

    /** Changes that mean the same thing to ARM and to the rule book. */
    static byte[] sameMeaning(byte[] original, boolean isConfig, Random rnd, List<String> ops) {
        JsonElement root = JsonParser.parseString(new String(original, StandardCharsets.UTF_8));
        int op = rnd.nextInt(isConfig ? 4 : 6);
        ops.add("same-" + op);
        return switch (op) {
            case 0 -> Json.compactGson().toJson(root).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("\uFEFF" + Json.prettyGson().toJson(root)).getBytes(StandardCharsets.UTF_8);
            case 2 -> Json.prettyGson().toJson(reordered(root, rnd)).getBytes(StandardCharsets.UTF_8);
            case 3 -> Json.compactGson().toJson(root).replace("/resourceGroups/", "/resourcegroups/").getBytes(StandardCharsets.UTF_8);
            case 4 -> Json.compactGson().toJson(root).replace("Microsoft.Network/", "microsoft.network/")
                    .replace("/providers/", "/PROVIDERS/").getBytes(StandardCharsets.UTF_8);
            default -> Json.compactGson().toJson(root).replace("/subscriptions/", "/SUBSCRIPTIONS/").getBytes(StandardCharsets.UTF_8);
        };
    }

    static JsonElement reordered(JsonElement e, Random rnd) {
        if (e.isJsonObject()) {
            List<String> keys = new ArrayList<>(e.getAsJsonObject().keySet());
            java.util.Collections.shuffle(keys, rnd);
            JsonObject o = new JsonObject();
            keys.forEach(k -> o.add(k, reordered(e.getAsJsonObject().get(k), rnd)));
            return o;
        }
        if (e.isJsonArray()) {
            JsonArray a = new JsonArray();
            e.getAsJsonArray().forEach(x -> a.add(reordered(x, rnd)));
            return a;
        }
        return e;
    }
}
