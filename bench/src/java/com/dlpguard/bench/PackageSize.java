package com.dlpguard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The deployment package the Functions plugin wrote (mvn package): what Azure loads on a cold start. */
final class PackageSize {
    record Figures(double mib, long jars, long files) {
    }

    private PackageSize() {
    }

    static Figures of(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " does not exist: run mvn package first (bench/run.sh does)");
        }
        long[] bytes = {0};
        long[] jars = {0};
        long[] files = {0};
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> {
                try {
                    bytes[0] += Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                files[0]++;
                if (f.getFileName().toString().endsWith(".jar")) {
                    jars[0]++;
                }
            });
        }
        return new Figures(bytes[0] / (1024.0 * 1024.0), jars[0], files[0]);
    }
}
