package com.dlpguard.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of style.md, read from the import lines of src/main: the pure packages import no
 * Azure SDK and no Functions library; only {@code functions} imports the Functions library; only
 * the adapters that talk to Azure import {@code com.azure} ({@code arm.azure}, {@code events.eventgrid},
 * {@code state}'s Table Storage store, and the alerts' HTTP sender; {@code app} wires them without
 * importing the SDK itself).
 */
class PackageDependencyTest {
    static final Path MAIN = Path.of("src/main/java/com/dlpguard");
    static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);

    /** Decide, offline, what is wrong: no SDK, no host. */
    static final List<String> PURE = List.of("model", "json", "snapshot", "config", "rules", "plan", "events", "report",
            "reconcile", "health", "whatif");
    /** Where com.azure may be imported: the live ARM gateway, the Event Grid SDK parser, Table Storage, the alert HTTP sender. */
    static final List<String> MAY_IMPORT_AZURE_SDK = List.of("arm.azure", "events.eventgrid", "state");
    static final String ALERT_HTTP_SENDER = "HttpAlertSender.java";

    record Source(String pkg, Path file, List<String> imports) {
    }

    static List<Source> sources() {
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                List<String> imports = new ArrayList<>();
                Matcher m = IMPORT.matcher(text);
                while (m.find()) {
                    imports.add(m.group(1));
                }
                // Fully qualified references in code count too (com.azure.core.Foo x = ...).
                Matcher fq = Pattern.compile("\\b(com\\.azure\\.[\\w.]+|com\\.microsoft\\.azure\\.functions\\.[\\w.]+)").matcher(
                        text.replaceAll("(?m)^import .*$", "").replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//.*", ""));
                while (fq.find()) {
                    imports.add(fq.group(1));
                }
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.');
                out.add(new Source(pkg, f, imports));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    static boolean isPure(String pkg) {
        return !within(pkg, "events.eventgrid") && PURE.stream().anyMatch(p -> within(pkg, p));
    }

    static Set<String> offending(Predicate<String> whichPackages, String importPrefix) {
        return offendingSources(s -> whichPackages.test(s.pkg()), importPrefix);
    }

    static Set<String> offendingSources(Predicate<Source> which, String importPrefix) {
        Set<String> out = new TreeSet<>();
        for (Source s : sources()) {
            if (!which.test(s)) {
                continue;
            }
            s.imports().stream().filter(i -> i.startsWith(importPrefix)).forEach(i -> out.add(s.file() + " -> " + i));
        }
        return out;
    }

    @Test
    void theScanSeesTheSources() {
        List<Source> sources = sources();
        assertTrue(sources.size() > 50, "found " + sources.size());
        for (String p : PURE) {
            assertTrue(sources.stream().anyMatch(s -> within(s.pkg(), p)), "no sources in " + p);
        }
        assertTrue(sources.stream().anyMatch(s -> s.imports().stream().anyMatch(i -> i.startsWith("com.microsoft.azure.functions"))),
                "the scan would see a Functions import");
        assertTrue(sources.stream().anyMatch(s -> s.imports().stream().anyMatch(i -> i.startsWith("com.azure."))),
                "the scan would see an Azure SDK import");
    }

    @Test
    void thePurePackagesImportNoAzureSdk() {
        assertEquals(Set.of(), offending(PackageDependencyTest::isPure, "com.azure"));
    }

    @Test
    void thePurePackagesImportNoFunctionsLibrary() {
        assertEquals(Set.of(), offending(PackageDependencyTest::isPure, "com.microsoft.azure"));
    }

    @Test
    void onlyTheFunctionsPackageImportsTheFunctionsLibrary() {
        assertEquals(Set.of(), offending(pkg -> !within(pkg, "functions"), "com.microsoft.azure.functions"));
    }

    @Test
    void onlyTheAzureAdaptersImportTheAzureSdk() {
        assertEquals(Set.of(), offendingSources(s -> MAY_IMPORT_AZURE_SDK.stream().noneMatch(p -> within(s.pkg(), p))
                && !(within(s.pkg(), "alerts") && s.file().getFileName().toString().equals(ALERT_HTTP_SENDER)), "com.azure"));
    }

    @Test
    void theFunctionsAreThinAndTheCliDoesNotImportTheFunctionsLibrary() {
        assertFalse(offending(pkg -> within(pkg, "cli"), "com.microsoft.azure.functions").iterator().hasNext());
        assertEquals(Set.of(), offending(pkg -> within(pkg, "functions"), "com.azure."),
                "functions delegate to app/reconcile; they do not talk to Azure themselves");
    }

    @Test
    void thePurePackagesDoNotReachIntoTheAdapters() {
        Set<String> out = new TreeSet<>();
        for (Source s : sources()) {
            if (!isPure(s.pkg())) {
                continue;
            }
            for (String i : s.imports()) {
                for (String adapter : List.of("com.dlpguard.functions", "com.dlpguard.cli", "com.dlpguard.app",
                        "com.dlpguard.arm.azure", "com.dlpguard.alerts")) {
                    if (i.startsWith(adapter + ".")) {
                        out.add(s.file() + " -> " + i);
                    }
                }
            }
        }
        assertEquals(Set.of(), out);
    }

    /** The pure packages are given the time and the settings; they never read the clock or the environment. */
    @Test
    void thePurePackagesNeverReadTheClockOrTheEnvironment() throws IOException {
        Pattern clock = Pattern.compile("\\b(Instant|LocalDate|LocalDateTime|OffsetDateTime|ZonedDateTime)\\.now\\(\\)"
                + "|Clock\\.system|System\\.currentTimeMillis|System\\.nanoTime|System\\.getenv|System\\.getProperty");
        Set<String> out = new TreeSet<>();
        for (Source s : sources()) {
            if (isPure(s.pkg())) {
                Matcher m = clock.matcher(Files.readString(s.file()));
                while (m.find()) {
                    out.add(s.file() + ": " + m.group());
                }
            }
        }
        assertEquals(Set.of(), out);
    }
}
