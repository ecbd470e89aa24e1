package com.dlpguard.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository root (the directory holding pom.xml), wherever the tests are started from. */
final class Repo {
    private Repo() {
    }

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("infra"))) {
                return p;
            }
        }
        throw new AssertionError("no repository root (pom.xml + infra/) above " + dir);
    }

    static Path infra() {
        return root().resolve("infra");
    }
}
