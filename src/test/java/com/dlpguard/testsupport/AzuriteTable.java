package com.dlpguard.testsupport;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite's Table service (npm package {@code azurite}, installed into {@code tools/node} by the
 * Maven build) on 127.0.0.1 and a free port, in-memory, for tests that need a real Table endpoint.
 *
 * <p>Use {@link #shared()} (one process per test JVM, stopped when the JVM exits) or, in JUnit,
 * {@code @ExtendWith(AzuriteTable.Extension.class)} and an {@code AzuriteTable} parameter (the
 * same shared process, closed when the whole test run ends). {@link #start()} gives a private
 * process that the caller closes.
 *
 * <p>A missing node or Azurite is a test failure with instructions, never a skip: CI installs both.
 *
 * <p>Killing: {@link #close()} stops the process; a shutdown hook covers a JVM that exits without
 * closing; and because a JVM killed with SIGKILL runs no hooks, Azurite is started with a tiny
 * preload script that exits node when its stdin (a pipe held by this JVM) reaches end of file.
 */
public final class AzuriteTable implements AutoCloseable {

    /** Azurite's fixed, publicly documented development account (not a secret). */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String WATCHDOG_JS =
            "// Exit when the JVM that started Azurite goes away (its end of the stdin pipe closes).\n"
                    + "process.stdin.on('end', () => process.exit(0));\n"
                    + "process.stdin.on('error', () => process.exit(0));\n"
                    + "process.stdin.resume();\n";

    private static AzuriteTable shared;
    private static IllegalStateException sharedFailure;

    private final Process process;
    private final int port;
    private final Path workDir;
    private final Path log;
    private final Thread shutdownHook;

    private AzuriteTable(Process process, int port, Path workDir, Path log) {
        this.process = process;
        this.port = port;
        this.workDir = workDir;
        this.log = log;
        this.shutdownHook = new Thread(this::stopQuietly, "azurite-table-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The JVM-wide instance, started on first use and stopped when the JVM exits. */
    public static synchronized AzuriteTable shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException(sharedFailure.getMessage(), sharedFailure);
        }
        if (shared == null || !shared.process.isAlive()) {
            try {
                shared = start();
            } catch (IllegalStateException e) {
                sharedFailure = e; // every later test fails with the same message, without retrying
                throw e;
            }
        }
        return shared;
    }

    /** A private Azurite process; close it when done. */
    public static AzuriteTable start() {
        Path main = azuriteTableMain();
        IOException last = null;
        // The free port is found by binding and releasing it, so another process can take it in
        // between: try a few ports before giving up.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                AzuriteTable started = launch(main, freePort());
                if (started != null) {
                    return started;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IllegalStateException("Azurite Table did not start after 3 attempts"
                + (last == null ? "" : ": " + last.getMessage()), last);
    }

    /**
     * A private Azurite process on {@code port} (e.g. the port of one just closed, to simulate the
     * storage account coming back after an outage); close it when done.
     */
    public static AzuriteTable startOnPort(int port) {
        try {
            AzuriteTable started = launch(azuriteTableMain(), port);
            if (started == null) {
                throw new IllegalStateException("port " + port + " is in use");
            }
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Connection string for Azurite's well-known development account on this instance. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";TableEndpoint=" + endpoint() + ";";
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to remove
        }
        synchronized (AzuriteTable.class) {
            if (shared == this) {
                shared = null;
            }
        }
    }

    private void stopQuietly() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        deleteRecursively(workDir);
    }

    private static AzuriteTable launch(Path main, int port) throws IOException {
        Path workDir = Files.createTempDirectory("azurite-table-");
        Path watchdog = Files.writeString(workDir.resolve("exit-with-parent.js"), WATCHDOG_JS, StandardCharsets.UTF_8);
        Path log = workDir.resolve("azurite.log");
        List<String> command = new ArrayList<>(List.of(
                "node", "--require", watchdog.toString(), main.toString(),
                "--tableHost", "127.0.0.1",
                "--tablePort", Integer.toString(port),
                "--silent",
                "--skipApiVersionCheck",
                "--inMemoryPersistence",
                "--disableTelemetry"));
        Process process;
        try {
            // --location cannot be combined with --inMemoryPersistence; whatever Azurite still
            // writes to its working directory lands in the temp directory.
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            deleteRecursively(workDir);
            throw new IllegalStateException("cannot run `node` (needed for Azurite in the tests): install Node.js 18+ "
                    + "and put it on PATH; cause: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String output = readQuietly(log);
                deleteRecursively(workDir);
                if (output.contains("EADDRINUSE")) {
                    return null;
                }
                throw new IllegalStateException("Azurite Table exited with code " + process.exitValue()
                        + " before listening on port " + port + "; output:\n" + output);
            }
            if (accepts(port)) {
                return new AzuriteTable(process, port, workDir, log);
            }
            sleep(Duration.ofMillis(100));
        }
        process.destroyForcibly();
        String output = readQuietly(log);
        deleteRecursively(workDir);
        throw new IllegalStateException("Azurite Table did not listen on 127.0.0.1:" + port + " within "
                + STARTUP_TIMEOUT.toSeconds() + " s; output:\n" + output);
    }

    /** Azurite's output so far (for failure messages). */
    public String output() {
        return readQuietly(log);
    }

    private static Path azuriteTableMain() {
        Path nodeDir = projectDir().resolve("tools").resolve("node");
        Path main = nodeDir.resolve("node_modules/azurite/dist/src/table/main.js");
        if (!Files.isRegularFile(main)) {
            throw new IllegalStateException("Azurite is not installed (" + main + " is missing). The Maven build "
                    + "installs it unless run with -DskipNpm=true; on this machine run once:\n"
                    + "  (cd " + nodeDir + " && npm install --no-audit --no-fund)");
        }
        return main;
    }

    /** The Maven project directory: surefire runs in it, an IDE may run in a sub-directory. */
    private static Path projectDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("tools/node"))) {
                return p;
            }
        }
        return dir;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Azurite", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is harmless
        }
    }

    /**
     * Resolves {@code AzuriteTable} test parameters to the shared process and closes it when the
     * whole test run ends (the root store closes its {@link AutoCloseable} values).
     */
    public static final class Extension implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == AzuriteTable.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(ExtensionContext.Namespace.create(AzuriteTable.class))
                    .getOrComputeIfAbsent("azurite-table", key -> shared(), AzuriteTable.class);
        }
    }
}
