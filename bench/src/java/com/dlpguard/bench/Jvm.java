package com.dlpguard.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Fresh JVMs: the cold figures are measured from process start, as the Functions host starts its worker. */
final class Jvm {
    private Jvm() {
    }

    /**
     * One child process. {@code marks} holds, per line prefix the child printed, the nanoseconds
     * from {@code ProcessBuilder.start()} until the parent read that line.
     */
    record Run(int exit, long wallNanos, List<String> stdout, String stderr, Map<String, Long> marks) {
        double wallMs() {
            return wallNanos / 1e6;
        }

        double markMs(String prefix) {
            Long n = marks.get(prefix);
            if (n == null) {
                throw new IllegalStateException("the child never printed " + prefix + "; exit " + exit + ", stderr:\n" + stderr
                        + "\nstdout:\n" + String.join("\n", stdout));
            }
            return n / 1e6;
        }

        /** The rest of the first stdout line starting with {@code prefix}. */
        String value(String prefix) {
            return stdout.stream().filter(l -> l.startsWith(prefix)).findFirst()
                    .map(l -> l.substring(prefix.length()).trim())
                    .orElseThrow(() -> new IllegalStateException("the child never printed " + prefix + "; exit " + exit
                            + ", stderr:\n" + stderr + "\nstdout:\n" + String.join("\n", stdout)));
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * This JVM's class path with each directory (target/classes, target/test-classes) packed into a
     * jar under target/bench-cp: AppCDS archives only classes from jars ("Cannot have non-empty
     * directory in paths"), and the runs with and without an archive must load from the same files.
     */
    static synchronized String jarredClassPath() throws IOException {
        List<String> out = new ArrayList<>();
        Path dir = Path.of("target/bench-cp");
        java.nio.file.Files.createDirectories(dir);
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!java.nio.file.Files.isDirectory(p)) {
                out.add(entry);
                continue;
            }
            Path jar = dir.resolve((n++) + "-" + p.getFileName() + ".jar");
            if (!java.nio.file.Files.exists(jar)) {
                try (var zip = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
                     var files = java.nio.file.Files.walk(p)) {
                    for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                        zip.putNextEntry(new java.util.jar.JarEntry(p.relativize(f).toString().replace('\\', '/')));
                        java.nio.file.Files.copy(f, zip);
                        zip.closeEntry();
                    }
                }
            }
            out.add(jar.toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** {@code java <jvmArgs> -cp <classPath> <mainClass> <args>}. */
    static List<String> command(List<String> jvmArgs, String classPath, Class<?> mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(jvmArgs);
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass.getName());
        c.addAll(args);
        return c;
    }

    /** {@code java <jvmArgs> -cp <this class path> <mainClass> <args>}. */
    static List<String> command(List<String> jvmArgs, Class<?> mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java());
        c.addAll(jvmArgs);
        c.add("-cp");
        c.add(System.getProperty("java.class.path"));
        c.add(mainClass.getName());
        c.addAll(args);
        return c;
    }

    static Run run(List<String> command, Map<String, String> env, List<String> markPrefixes, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        Map<String, Long> marks = new ConcurrentHashMap<>();
        StringBuilder err = new StringBuilder();
        long start = System.nanoTime();
        Process p = pb.start();
        Thread outReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    long at = System.nanoTime() - start;
                    for (String prefix : markPrefixes) {
                        if (line.startsWith(prefix)) {
                            marks.putIfAbsent(prefix, at);
                        }
                    }
                    out.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        Thread errReader = new Thread(() -> {
            try {
                String s = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (err) {
                    err.append(s);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        outReader.start();
        errReader.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("child did not finish within " + timeout + ": " + command.get(command.size() - 1));
        }
        long wall = System.nanoTime() - start;
        outReader.join();
        errReader.join();
        synchronized (err) {
            return new Run(p.exitValue(), wall, List.copyOf(out), err.toString(), Map.copyOf(marks));
        }
    }

    /** CPU time of every thread of this JVM so far: unlike wall time, it does not grow with the neighbours' load. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
