package com.dlpguard.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.dlpguard.cli.BadInputTest.assertBadInput;
import static com.dlpguard.cli.BadInputTest.once;
import static com.dlpguard.cli.CliRun.COMPLIANT;
import static com.dlpguard.cli.CliRun.CONFIG;
import static com.dlpguard.cli.CliRun.DRIFTED;
import static com.dlpguard.cli.CliRun.EXAMPLES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check --whatif} on the example what-if results of examples/whatif/ against the compliant
 * and the drifted estate: which violations each deployment introduces and through which change,
 * which are old debt, the exit code with and without {@code --new-only}, SARIF that validates.
 */
class WhatIfCommandTest {
    static final Path WHATIF = EXAMPLES.resolve("whatif");
    static final String SEP = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/"
            + "Microsoft.Network/serviceEndpointPolicies/aml-dlp";
    static final String VNET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/"
            + "Microsoft.Network/virtualNetworks/ml-vnet";
    static final String ROUTE_TABLE = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/"
            + "providers/Microsoft.Network/routeTables/compute-egress";

    static String example(String name) {
        return WHATIF.resolve(name).toString();
    }

    static CliRun whatIf(String snapshot, String file, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("check", "--whatif", example(file), "--snapshot", snapshot,
                "--config", CONFIG));
        args.addAll(List.of(more));
        return CliRun.of(args.toArray(String[]::new));
    }

    static List<JsonObject> objects(JsonArray a) {
        return a.asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    /** "DLP003 aml-dlp <- Modify aml-dlp" for each introduced violation or unknown. */
    static Set<String> introduced(JsonObject report) {
        return objects(report.getAsJsonArray("findings")).stream()
                .filter(f -> f.has("origin") && f.get("origin").getAsString().equals("introduced"))
                .map(f -> f.get("ruleId").getAsString() + " " + last(f.get("resourceId").getAsString()) + " <- "
                        + objects(f.getAsJsonArray("introducedBy")).stream()
                        .map(c -> c.get("changeType").getAsString() + " " + last(c.get("resourceId").getAsString()))
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> preExisting(JsonObject report) {
        return objects(report.getAsJsonArray("findings")).stream()
                .filter(f -> f.has("origin") && f.get("origin").getAsString().equals("pre-existing"))
                .map(f -> f.get("ruleId").getAsString() + " " + last(f.get("resourceId").getAsString()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static String last(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    static Stream<Arguments> examplesOnTheCompliantEstate() {
        return Stream.of(
                Arguments.of("delete-alias.json", Set.of("DLP003 aml-dlp <- Modify aml-dlp")),
                Arguments.of("rogue-account.json", Set.of("DLP005 aml-dlp <- Modify aml-dlp")),
                // Rule book v2: the NSG case is declared, so a default route to an appliance is DLP014
                // on the route (it no longer switches the subnet to the firewall case).
                Arguments.of("appliance-route.json", Set.of("DLP014 default-to-nva <- Create compute-egress")),
                Arguments.of("vnet-replaced.json", Set.of("DLP002 compute <- Modify ml-vnet")),
                Arguments.of("benign.json", Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesOnTheCompliantEstate")
    void onTheCompliantEstateEachExampleIntroducesExactlyItsViolation(String file, Set<String> expected) {
        CliRun run = whatIf(COMPLIANT, file, "--format", "json");
        JsonObject report = run.json();
        assertEquals(expected, introduced(report), run.describe());
        assertEquals(Set.of(), preExisting(report), "the compliant estate has no debt");
        int exit = expected.isEmpty() ? Main.OK : Main.VIOLATIONS;
        assertEquals(exit, run.exit(), run.describe());
        assertEquals(exit, whatIf(COMPLIANT, file, "--new-only").exit(), "--new-only: the introduced violation still fails");
        assertEquals(0, report.getAsJsonObject("summary").get("unknown").getAsInt(), "a full what-if leaves nothing unknown");
    }

    @Test
    void theRogueAccountIsNamedAndTheChangeLocatedInTheFile() {
        JsonObject report = whatIf(COMPLIANT, "rogue-account.json", "--format", "json").json();
        JsonObject dlp005 = objects(report.getAsJsonArray("findings")).stream()
                .filter(f -> f.get("ruleId").getAsString().equals("DLP005") && f.has("origin")).findFirst().orElseThrow();
        assertTrue(dlp005.get("message").getAsString().contains("mlscratch7f3a"), dlp005.toString());
        JsonObject by = dlp005.getAsJsonArray("introducedBy").get(0).getAsJsonObject();
        assertEquals(SEP, by.get("resourceId").getAsString());
        assertEquals("Modify", by.get("changeType").getAsString());
        assertEquals(example("rogue-account.json"), by.get("whatIf").getAsString());
        assertTrue(by.get("line").getAsInt() > 1, "the line of the change's resourceId: " + by);
        JsonObject file = report.getAsJsonObject("whatIf").getAsJsonArray("files").get(0).getAsJsonObject();
        Set<String> effects = objects(file.getAsJsonArray("changes")).stream()
                .map(c -> c.get("changeType").getAsString() + " " + last(c.get("resourceId").getAsString()) + " " + c.get("effect").getAsString())
                .collect(Collectors.toSet());
        assertEquals(Set.of("Create mlscratch7f3a not-read-by-rules", "Modify aml-dlp applied", "NoChange ml-vnet kept"), effects);
    }

    @Test
    void onTheDriftedEstateTheBenignDeploymentFailsOnlyWithoutNewOnly() {
        CliRun run = whatIf(DRIFTED, "benign.json", "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), "old debt fails a full check: " + run.describe());
        JsonObject report = run.json();
        assertEquals(Set.of(), introduced(report));
        // The NSG and VNet PUTs of the template put back the drifted rules and service endpoint;
        // the SEP is not in the deployment and keeps its drift.
        assertEquals(Set.of("DLP003 aml-dlp", "DLP005 aml-dlp"), preExisting(report));
        CliRun newOnly = whatIf(DRIFTED, "benign.json", "--new-only", "--format", "json");
        assertEquals(Main.OK, newOnly.exit(), newOnly.describe());
        assertEquals(0, newOnly.json().getAsJsonObject("summary").get("countingForExit").getAsInt());
    }

    @Test
    void aSecondRogueAccountIsNotHiddenBehindTheFirst() {
        // Drifted already allows mallorypersonal: DLP005 on aml-dlp is old debt. The template's SEP
        // lists another account, so the same rule on the same resource is introduced again.
        CliRun run = whatIf(DRIFTED, "rogue-account.json", "--new-only", "--format", "json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(introduced(run.json()).contains("DLP005 aml-dlp <- Modify aml-dlp"), run.out());
    }

    @Test
    void theAliasAlreadyMissingIsOldDebt() {
        JsonObject report = whatIf(DRIFTED, "delete-alias.json", "--format", "json").json();
        assertTrue(preExisting(report).contains("DLP003 aml-dlp"), report.toString());
        assertFalse(introduced(report).stream().anyMatch(s -> s.startsWith("DLP003")), introduced(report).toString());
    }

    @Test
    void severalWhatIfFilesApplyInOrder() {
        CliRun run = CliRun.of("check", "--whatif", example("delete-alias.json"), "--whatif", example("vnet-replaced.json"),
                "--snapshot", COMPLIANT, "--config", CONFIG, "--format", "json");
        assertEquals(Set.of("DLP003 aml-dlp <- Modify aml-dlp", "DLP002 compute <- Modify ml-vnet"), introduced(run.json()),
                run.describe());
        assertEquals(Main.VIOLATIONS, run.exit());
    }

    @Test
    void textNamesTheIntroducingChange() {
        CliRun run = whatIf(COMPLIANT, "vnet-replaced.json");
        assertEquals(Main.VIOLATIONS, run.exit(), run.describe());
        assertTrue(run.out().contains("Introduced by the deployment: 1"), run.out());
        assertTrue(run.out().contains("introduced by: Modify " + VNET), run.out());
        assertTrue(run.out().contains("DLP002"), run.out());
    }

    @Test
    void theSubscriptionScopeExampleLeavesTheResourceGroupAsItIs() {
        JsonObject report = whatIf(COMPLIANT, "appliance-route.json", "--format", "json").json();
        JsonObject file = report.getAsJsonObject("whatIf").getAsJsonArray("files").get(0).getAsJsonObject();
        JsonObject rg = file.getAsJsonArray("changes").get(0).getAsJsonObject();
        assertEquals("NoChange", rg.get("changeType").getAsString());
        assertEquals("not-read-by-rules", rg.get("effect").getAsString());
        assertTrue(objects(file.getAsJsonArray("changes")).stream()
                .anyMatch(c -> c.get("resourceId").getAsString().equals(ROUTE_TABLE) && c.get("effect").getAsString().equals("applied")));
    }

    // ---- bad input -------------------------------------------------------------------------

    static Stream<Arguments> malformedWhatIfs() {
        return Stream.of(
                Arguments.of("not JSON", "delete-alias.json", (UnaryOperator<String>) s -> s.substring(0, s.length() / 2),
                        "malformed JSON"),
                Arguments.of("not a what-if result", "delete-alias.json", (UnaryOperator<String>) s -> "{\"value\": []}",
                        "$: expected a what-if result"),
                Arguments.of("an array", "delete-alias.json", (UnaryOperator<String>) s -> "[" + s + "]", "$: expected a what-if result"),
                Arguments.of("Modify without after", "vnet-replaced.json", withoutAfter(false, 2), "$.changes[2].after: missing"),
                Arguments.of("REST Modify without after", "rogue-account.json", withoutAfter(true, 1),
                        "$.properties.changes[1].after: missing"),
                Arguments.of("unknown change type", "benign.json", once("\"changeType\": \"Ignore\"", "\"changeType\": \"Replace\""),
                        "$.changes[1].changeType: unknown change type 'Replace'"),
                Arguments.of("duplicate key", "benign.json", once("\"changeType\": \"Ignore\"",
                        "\"changeType\": \"Ignore\", \"changeType\": \"Delete\""), "duplicate key 'changeType'"),
                Arguments.of("after names another resource", "delete-alias.json",
                        once("\"id\": \"" + SEP + "\"", "\"id\": \"" + SEP + "2\""), "$.changes[0].after.id"),
                Arguments.of("status missing", "benign.json", once("\"status\": \"Succeeded\"", "\"state\": \"Succeeded\""),
                        "$.status: missing"),
                Arguments.of("after that is not a resource the builder accepts", "appliance-route.json",
                        once("\"nextHopType\": \"VirtualAppliance\",", ""), "$.changes[1].after"));
    }

    /** The example with change {@code index}'s {@code after} removed (the ResourceIdOnly result format). */
    static UnaryOperator<String> withoutAfter(boolean rest, int index) {
        return s -> {
            JsonObject root = com.google.gson.JsonParser.parseString(s).getAsJsonObject();
            JsonArray changes = rest ? root.getAsJsonObject("properties").getAsJsonArray("changes") : root.getAsJsonArray("changes");
            JsonObject change = changes.get(index).getAsJsonObject();
            assertEquals("Modify", change.get("changeType").getAsString());
            change.remove("after");
            return new com.google.gson.GsonBuilder().setPrettyPrinting().serializeNulls()
                    .create().toJson(root);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedWhatIfs")
    void aMalformedWhatIfIsBadInputNamingTheFileAndPath(String name, String example, UnaryOperator<String> defect,
                                                        String problem, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("whatif.json");
        String original = Files.readString(WHATIF.resolve(example));
        String broken = defect.apply(original);
        assertFalse(original.equals(broken));
        Files.writeString(file, broken);
        CliRun run = CliRun.of("check", "--whatif", file.toString(), "--snapshot", COMPLIANT, "--config", CONFIG);
        assertBadInput(run, file.toString(), problem);
    }

    @Test
    void newOnlyWithoutWhatIfIsBadUsage() {
        assertBadInput(CliRun.of("check", "--new-only", "--snapshot", COMPLIANT, "--config", CONFIG), "--whatif");
    }

    @Test
    void aMissingWhatIfFileIsBadInput() {
        assertBadInput(CliRun.of("check", "--whatif", "no/such/whatif.json", "--snapshot", COMPLIANT, "--config", CONFIG),
                "no/such/whatif.json");
    }
}
