package com.dlpguard.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every .bicep file under infra/ parses with the tree-sitter-bicep grammar (tools/node/check-bicep.js;
 * the Bicep CLI downloads itself and cannot run here). The Maven build installs the grammar from
 * npm (tools/node) before the tests; without it this test fails rather than pass unchecked.
 */
class BicepSyntaxTest {

    record Run(int exitCode, String output) {
    }

    private static Run checkBicep(Path root) throws IOException, InterruptedException {
        Path repo = Repo.root();
        Path script = repo.resolve("tools/node/check-bicep.js");
        Path grammar = repo.resolve("tools/node/node_modules/tree-sitter-bicep");
        if (!Files.isDirectory(grammar)) {
            fail("tree-sitter-bicep is not installed: run `npm install --no-audit --no-fund` in tools/node (the Maven build does it unless -DskipNpm=true)");
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("node", script.toString(), root.toString()))
                .directory(repo.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new AssertionError("cannot start node (needed for the Bicep syntax check): " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("check-bicep.js did not finish within 60 s");
        }
        return new Run(process.exitValue(), output);
    }

    @Test
    void everyBicepFileUnderInfraParses() throws Exception {
        Run run = checkBicep(Repo.infra());
        assertEquals(0, run.exitCode(), "Bicep syntax errors:\n" + run.output());
        assertTrue(run.output().contains("parse cleanly"), run.output());
    }

    @Test
    void aBrokenFileIsReportedWithItsLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("good.bicep"), "param name string = 'x'\n");
        Files.createDirectories(dir.resolve("modules"));
        Files.writeString(dir.resolve("modules/broken.bicep"), String.join("\n",
                "param name string",
                "resource r 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
                "  name: name",
                "  properties: {",
                "    allowSharedKeyAccess: [",
                "  }",
                "}",
                ""));
        Run run = checkBicep(dir);
        assertEquals(1, run.exitCode(), run.output());
        assertTrue(run.output().contains("broken.bicep:"), run.output());
        assertTrue(!run.output().contains("good.bicep:"), run.output());
    }
}
