package com.dlpguard.alerts;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every card kind the guard sends, drawn as a person sees it: writes the real
 * {@link TeamsCardRenderer} output for each kind to target/cards/json and runs tools/cards
 * (Microsoft's {@code adaptivecards} renderer with the Teams light and dark host configs, the
 * official schema of the declared version, the size budget, contrast, inert text, and with
 * Debian's Chromium screenshots at 726 and 360 px that fail on clipped or overflowing text).
 *
 * <p>Skipped only when {@code node} is absent. Regenerate docs/alerts/cards (the README image and
 * the per-kind screenshots and JSON) with
 * {@code mvn -o test -Dtest=CardRenderToolTest -Dalerts.docs.write=true}.
 */
@ExtendWith(LogCapture.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // with -Dalerts.docs.write=true the docs are written before they are compared
class CardRenderToolTest {
    static final Path TOOL = Path.of("tools", "cards");
    static final Path OUT = Path.of("target", "cards");
    static final Path DOCS = Path.of("docs", "alerts", "cards");

    @Test
    @Order(1)
    void every_card_kind_renders_whole_valid_inert_readable_and_within_budget() throws Exception {
        Assumptions.assumeTrue(nodeVersion() != null,
                "node is not installed: the card render test (tools/cards) is skipped; install Node.js 18+ to run it");
        assertTrue(Files.isDirectory(TOOL.resolve("node_modules")),
                "tools/cards/node_modules is missing: run the build without -DskipNpm (or npm install in tools/cards)");

        // CI must draw the cards: a silently skipped render would let clipped text through green.
        if ("true".equals(System.getenv("CI"))) {
            assertTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                    "CI=true but /usr/bin/chromium is missing: .ci/run installs Debian's chromium for the card render test");
        }
        Path json = OUT.resolve("json");
        Files.createDirectories(json);
        try (var old = Files.list(json)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        TeamsCardRenderer renderer = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD);
        for (Map.Entry<String, AlertMessage> kind : AlertFixtures.everyKind().entrySet()) {
            String body = renderer.renderJson(kind.getValue());
            assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= TeamsCardRenderer.BUDGET_BYTES, kind.getKey());
            Files.writeString(json.resolve(kind.getKey() + ".json"), body, StandardCharsets.UTF_8);
        }

        List<String> command = new ArrayList<>(List.of("node", TOOL.resolve("render-cards.js").toString(),
                "--in", json.toString(), "--out", OUT.resolve("png").toString(),
                "--budget", String.valueOf(TeamsCardRenderer.BUDGET_BYTES)));
        if (Boolean.getBoolean("alerts.docs.write")) {
            command.addAll(List.of("--docs", DOCS.toString()));
        }
        String output = run(command);
        assertTrue(output.contains("cards: all " + AlertFixtures.everyKind().size() + " cards pass"), output);
    }

    /**
     * The checks can fail: each known-bad card (a 1.5 property in a 1.2 card, an over-declared
     * version, coloured text, a live link, active Markdown, backslashes, a FactSet with an
     * unbroken id, unwrapped text, an over-budget card) must be caught with its problem.
     */
    @Test
    @Order(2)
    void the_tool_catches_every_known_bad_card() throws Exception {
        Assumptions.assumeTrue(nodeVersion() != null, "node is not installed: the card render self-test is skipped");
        assertTrue(Files.isDirectory(TOOL.resolve("node_modules")),
                "tools/cards/node_modules is missing: run the build without -DskipNpm (or npm install in tools/cards)");
        String output = run(List.of("node", TOOL.resolve("render-cards.js").toString(),
                "--in", TOOL.resolve("known-bad").toString(), "--expect", TOOL.resolve("known-bad-expected.json").toString()));
        assertTrue(output.contains("cards self-test: every known-bad card caught"), output);
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("tools/cards did not finish within 10 minutes:\n" + output);
        }
        LogCapture.record(output);
        System.out.println(output);
        assertEquals(0, process.exitValue(), "tools/cards:\n" + output);
        return output;
    }

    /** The committed docs are this renderer's output: the JSON next to each screenshot must not drift. */
    @Test
    @Order(3)
    void docs_cards_json_match_the_renderer() throws Exception {
        TeamsCardRenderer renderer = new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD);
        for (Map.Entry<String, AlertMessage> kind : AlertFixtures.everyKind().entrySet()) {
            Path doc = DOCS.resolve(kind.getKey() + ".json");
            assertTrue(Files.exists(doc), doc + " is missing: regenerate docs/alerts/cards (see the class comment)");
            String expected = com.dlpguard.json.Json.prettyGson().toJson(renderer.render(kind.getValue()));
            assertTrue(com.google.gson.JsonParser.parseString(expected)
                            .equals(com.google.gson.JsonParser.parseString(Files.readString(doc, StandardCharsets.UTF_8))),
                    doc + " is stale: regenerate docs/alerts/cards (see the class comment)");
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? v : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
