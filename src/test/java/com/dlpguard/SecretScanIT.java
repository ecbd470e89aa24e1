package com.dlpguard;

import com.dlpguard.alerts.TestSecrets;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs after every unit test (failsafe, in {@code mvn verify}) and scans everything the whole
 * suite wrote — each class's redirected stdout/stderr and java.util.logging output, and the
 * reports — for the secrets the suites configure: webhook signatures and signing keys, and the
 * bearer tokens the ARM emulator hands out. None may appear.
 */
class SecretScanIT {
    /** The emulator's tokens are random per run; their shape is fixed. */
    static final Pattern EMULATOR_TOKEN = Pattern.compile("emulator-[0-9a-f]{48}");

    @Test
    void noConfiguredSecretAppearsInAnyTestOutput() throws IOException {
        Path reports = Path.of("target/surefire-reports");
        assertTrue(Files.isDirectory(reports), "unit tests ran first and wrote " + reports);
        List<Path> files;
        try (Stream<Path> s = Files.walk(reports)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        long outputs = files.stream().filter(p -> p.getFileName().toString().endsWith("-output.txt")).count();
        assertTrue(files.size() > 100 && outputs > 10,
                "the scan must see the suite's output, found " + files.size() + " files, " + outputs + " outputs");
        List<String> leaks = new ArrayList<>();
        long bytes = 0;
        for (Path f : files) {
            String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
            bytes += text.length();
            for (String secret : TestSecrets.ALL) {
                if (text.contains(secret)) {
                    leaks.add(f.getFileName() + " contains a configured alert secret");
                }
            }
            if (EMULATOR_TOKEN.matcher(text).find()) {
                leaks.add(f.getFileName() + " contains an ARM bearer token");
            }
        }
        System.out.printf("secret scan: %d files, %d characters, %d leaks%n", files.size(), bytes, leaks.size());
        assertTrue(leaks.isEmpty(), String.join("\n", leaks));
    }
}
