package com.dlpguard.rules;

import com.dlpguard.config.ConfigException;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.snapshot.SnapshotException;
import com.dlpguard.snapshot.SnapshotLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The shared harness for per-rule fixture tests. Layout:
 * <pre>
 * src/test/resources/rules/&lt;RULE_ID&gt;/&lt;case&gt;/
 *     snapshot.json  or  snapshot/        (required; read by SnapshotLoader)
 *     config.json                         (optional; else rules/default-config.json)
 *     expected.json                       (optional)
 * </pre>
 * A case named {@code pass_*} must yield at least one finding, all PASS; {@code fail_*} at least
 * one VIOLATION; {@code unknown_*} at least one UNKNOWN and no VIOLATION. {@code expected.json}
 * ({@code {"messageContains": [..], "offendingValues": [..], "remedies": [..]}}, every key
 * optional) is checked against the findings of the case's status (PASS, VIOLATION or UNKNOWN):
 * each {@code messageContains} text occurs in some finding's message; each {@code offendingValues}
 * value is among the findings' offending values (case-insensitive, ids are); {@code remedies} is
 * exactly the set of remedy kinds (simple class names of {@link Remedy} subtypes, e.g.
 * {@code RestoreMlAlias}) the findings carry, so {@code []} asserts "alert only".
 *
 * <p>Usage in a rule test:
 * <pre>
 * static Stream&lt;Arguments&gt; cases() { return RuleFixtures.cases("DLP003"); }
 * &#64;ParameterizedTest(name = "{0}") &#64;MethodSource("cases")
 * void fixture(Path caseDir) { RuleFixtures.assertCase(new Dlp003MlAlias(), caseDir); }
 * </pre>
 */
public final class RuleFixtures {

    /** Fixed so exemptions and expiry in fixture configs never depend on the day the build runs. */
    public static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    public static final Path ROOT = Path.of("src", "test", "resources", "rules");
    public static final Path DEFAULT_CONFIG = ROOT.resolve("default-config.json");

    private static final Set<String> EXPECTED_KEYS = Set.of("messageContains", "offendingValues", "remedies");

    private RuleFixtures() {
    }

    /** Every case folder of {@code ruleId}, sorted, each named by its folder; fails when there is none. */
    public static Stream<Arguments> cases(String ruleId) {
        return cases(ROOT.resolve(ruleId));
    }

    /** Every case folder under {@code ruleDir}; visible for the harness's own test. */
    public static Stream<Arguments> cases(Path ruleDir) {
        if (!Files.isDirectory(ruleDir)) {
            fail("no fixture folder " + ruleDir);
        }
        List<Path> dirs;
        try (Stream<Path> list = Files.list(ruleDir)) {
            dirs = list.filter(Files::isDirectory).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dirs.isEmpty()) {
            fail("no case folders in " + ruleDir);
        }
        for (Path dir : dirs) {
            expectedStatus(dir);
        }
        return dirs.stream().map(d -> Arguments.of(Named.of(d.getFileName().toString(), d)));
    }

    /** Loads the case's snapshot and config and evaluates {@code rule} for every configured workspace. */
    public static List<Finding> evaluate(Rule rule, Path caseDir) {
        Estate estate = loadSnapshot(caseDir);
        GuardConfig config = loadConfig(caseDir);
        List<Finding> findings = new ArrayList<>();
        for (WorkspaceConfig workspace : config.workspaces()) {
            findings.addAll(rule.evaluate(new RuleContext(workspace, estate)));
        }
        for (com.dlpguard.config.ManagedWorkspaceConfig workspace : config.managedWorkspaces()) {
            findings.addAll(rule.evaluateManaged(new ManagedRuleContext(workspace, estate)));
        }
        return findings;
    }

    public static void assertCase(Rule rule, Path caseDir) {
        Status expected = expectedStatus(caseDir);
        List<Finding> findings = evaluate(rule, caseDir);
        String all = describe(findings);
        for (Finding f : findings) {
            if (!f.ruleId().equals(rule.id())) {
                fail(caseDir + ": rule " + rule.id() + " produced a finding for " + f.ruleId() + "\n" + all);
            }
        }
        switch (expected) {
            case PASS -> {
                if (findings.isEmpty()) {
                    fail(caseDir + ": expected PASS findings, got none");
                }
                if (findings.stream().anyMatch(f -> f.status() != Status.PASS)) {
                    fail(caseDir + ": expected every finding to PASS\n" + all);
                }
            }
            case VIOLATION -> {
                if (findings.stream().noneMatch(f -> f.status() == Status.VIOLATION)) {
                    fail(caseDir + ": expected at least one VIOLATION\n" + all);
                }
            }
            case UNKNOWN -> {
                if (findings.stream().noneMatch(f -> f.status() == Status.UNKNOWN)) {
                    fail(caseDir + ": expected at least one UNKNOWN\n" + all);
                }
                if (findings.stream().anyMatch(f -> f.status() == Status.VIOLATION)) {
                    fail(caseDir + ": expected no VIOLATION in an unknown_ case\n" + all);
                }
            }
            default -> throw new IllegalStateException();
        }
        List<Finding> relevant = findings.stream().filter(f -> f.status() == expected).toList();
        checkExpected(caseDir, relevant, all);
    }

    private static Status expectedStatus(Path caseDir) {
        String name = caseDir.getFileName().toString();
        if (name.startsWith("pass_")) {
            return Status.PASS;
        }
        if (name.startsWith("fail_")) {
            return Status.VIOLATION;
        }
        if (name.startsWith("unknown_")) {
            return Status.UNKNOWN;
        }
        return fail(caseDir + ": a case folder name starts with pass_, fail_ or unknown_");
    }

    private static Estate loadSnapshot(Path caseDir) {
        Path file = caseDir.resolve("snapshot.json");
        Path folder = caseDir.resolve("snapshot");
        boolean hasFile = Files.isRegularFile(file);
        boolean hasFolder = Files.isDirectory(folder);
        if (hasFile == hasFolder) {
            fail(caseDir + ": a case holds exactly one of snapshot.json or snapshot/");
        }
        try {
            return SnapshotLoader.load(hasFile ? file : folder);
        } catch (SnapshotException e) {
            return fail(caseDir + ": snapshot does not load: " + e.getMessage());
        }
    }

    private static GuardConfig loadConfig(Path caseDir) {
        Path own = caseDir.resolve("config.json");
        try {
            return ConfigLoader.load(Files.isRegularFile(own) ? own : DEFAULT_CONFIG, TODAY);
        } catch (ConfigException e) {
            return fail(caseDir + ": config does not load: " + e.getMessage());
        }
    }

    private static void checkExpected(Path caseDir, List<Finding> relevant, String all) {
        Path file = caseDir.resolve("expected.json");
        if (!Files.isRegularFile(file)) {
            return;
        }
        JsonObject expected;
        try {
            JsonElement root = StrictJson.parse(Files.readAllBytes(file));
            if (!root.isJsonObject()) {
                fail(file + ": expected a JSON object");
            }
            expected = root.getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (JsonInputException e) {
            expected = fail(file + ": " + e.getMessage());
        }
        for (String key : expected.keySet()) {
            if (!EXPECTED_KEYS.contains(key)) {
                fail(file + ": unknown key '" + key + "' (allowed: " + EXPECTED_KEYS + ")");
            }
        }
        for (String text : strings(expected, "messageContains", file)) {
            if (relevant.stream().noneMatch(f -> f.message().contains(text))) {
                fail(caseDir + ": no finding message contains '" + text + "'\n" + all);
            }
        }
        for (String value : strings(expected, "offendingValues", file)) {
            if (relevant.stream().flatMap(f -> f.offendingValues().stream()).noneMatch(v -> v.equalsIgnoreCase(value))) {
                fail(caseDir + ": no finding has the offending value '" + value + "'\n" + all);
            }
        }
        if (expected.has("remedies")) {
            Set<String> want = new TreeSet<>(strings(expected, "remedies", file));
            Set<String> got = relevant.stream().flatMap(f -> f.remedies().stream())
                    .map(r -> r.getClass().getSimpleName()).collect(Collectors.toCollection(TreeSet::new));
            if (!want.equals(got)) {
                fail(caseDir + ": expected remedies " + want + ", got " + got + "\n" + all);
            }
        }
    }

    private static List<String> strings(JsonObject object, String key, Path file) {
        if (!object.has(key)) {
            return List.of();
        }
        JsonElement e = object.get(key);
        if (!e.isJsonArray()) {
            fail(file + ": " + key + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement item : (JsonArray) e) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                fail(file + ": " + key + " must be an array of strings");
            }
            out.add(item.getAsString());
        }
        return out;
    }

    private static String describe(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "  (no findings)";
        }
        return findings.stream()
                .map(f -> "  " + f.status().name().toLowerCase(Locale.ROOT) + " " + f.resourceId() + ": " + f.message()
                        + (f.offendingValues().isEmpty() ? "" : " offending=" + f.offendingValues())
                        + (f.remedies().isEmpty() ? "" : " remedies=" + f.remedies()))
                .collect(Collectors.joining("\n", "findings:\n", ""));
    }
}
