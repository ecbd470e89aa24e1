package com.dlpguard.cli;

import com.dlpguard.config.ConfigException;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.snapshot.SnapshotException;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/** Loading the CLI's files, turning every problem into a {@link UsageException} naming the file. */
final class Inputs {
    private Inputs() {
    }

    static Path existing(String path, String what) throws UsageException {
        Path p = Path.of(path);
        if (!Files.exists(p)) {
            throw new UsageException(what + " not found: " + path);
        }
        return p;
    }

    static GuardConfig config(String path, LocalDate today) throws UsageException {
        Path p = existing(path, "config file");
        if (Files.isDirectory(p)) {
            throw new UsageException(path + ": is a directory, expected the dlp-guard.json file");
        }
        try {
            return ConfigLoader.load(p, today);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * One stderr line per configuration warning (a lapsed exemption), so a pipeline log shows why a
     * finding that was exempted yesterday counts today. Never changes the exit code by itself.
     */
    static void warn(GuardConfig config, PrintStream err) {
        config.warnings().forEach(w -> err.println("dlp-guard: warning: " + w.line()));
    }

    static InMemoryArmGateway snapshot(String path) throws UsageException {
        Path p = existing(path, "snapshot");
        try {
            return InMemoryArmGateway.fromSnapshot(p);
        } catch (SnapshotException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
