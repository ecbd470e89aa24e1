package com.dlpguard.bench;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.functions.DlpGuardEventGrid;
import com.dlpguard.reconcile.Guard;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static com.dlpguard.bench.Results.Target.atLeast;
import static com.dlpguard.bench.Results.Target.atMost;

/**
 * The benchmark harness (bench/README.md): every figure of issues 7 and 16, one table on stdout and
 * bench/results/latest.json. Arguments: {@code --quick} (shorter JMH runs, fewer cold JVMs),
 * {@code --only=package,cold-check,cold-event,warm,per-event,burst,sweep}, {@code --out=FILE}.
 */
public final class BenchMain {
    static final Path PACKAGE = Path.of("target/azure-functions/dlp-guard");
    static final Path CLI = Path.of("target/dlp-guard.jar");

    private final Results results = new Results();
    private final boolean quick;
    private final int coldRuns;

    private BenchMain(boolean quick) {
        this.quick = quick;
        this.coldRuns = quick ? 3 : 5;
    }

    public static void main(String[] args) throws Exception {
        boolean quick = Arrays.asList(args).contains("--quick");
        Set<String> only = new LinkedHashSet<>();
        Path out = Path.of("bench/results/latest.json");
        for (String a : args) {
            if (a.startsWith("--only=")) {
                only.addAll(Arrays.asList(a.substring("--only=".length()).split(",")));
            } else if (a.startsWith("--out=")) {
                out = Path.of(a.substring("--out=".length()));
            }
        }
        BenchGuard.quietLogs();
        BenchMain bench = new BenchMain(quick);
        List<String> sections = List.of("package", "cold-check", "cold-event", "warm", "per-event", "burst", "sweep");
        for (String s : sections) {
            if (only.isEmpty() || only.contains(s)) {
                System.err.println("[bench] " + s + " ...");
                long t = System.nanoTime();
                bench.run(s);
                System.err.printf("[bench] %s done in %.1f s%n", s, (System.nanoTime() - t) / 1e9);
            }
        }
        System.out.println();
        bench.results.print(System.out);
        bench.results.write(out);
        System.out.println();
        System.out.println("written to " + out);
        System.exit(0); // JMH and the emulator leave non-daemon threads behind
    }

    private void run(String section) throws Exception {
        switch (section) {
            case "package" -> packageSize();
            case "cold-check" -> coldCheck();
            case "cold-event" -> coldEvent();
            case "warm" -> warm();
            case "per-event" -> perEvent();
            case "burst" -> burst();
            case "sweep" -> sweep();
            default -> throw new IllegalArgumentException(section);
        }
    }

    // ---- package -------------------------------------------------------------------------------

    private void packageSize() throws Exception {
        PackageSize.Figures p = PackageSize.of(PACKAGE);
        results.add("package_mib", "deployment package size", p.mib(), " MiB", Optional.of(atMost(20, " MiB")),
                PACKAGE + " after mvn package (all files)");
        results.add("package_jars", "deployment package jars", p.jars(), "", Optional.empty(), "jar files in " + PACKAGE);
    }

    // ---- cold ----------------------------------------------------------------------------------

    private void coldCheck() throws Exception {
        List<String> args = List.of("check", "--snapshot", "examples/drifted", "--config", "examples/dlp-guard.json");
        Path archive = Path.of("target/dlp-guard.jsa"); // made at package time (pom: cds-archive-cli)
        List<Double> plain = new ArrayList<>();
        List<Double> cds = new ArrayList<>();
        List<Double> cdsC1 = new ArrayList<>();
        List<Double> cpuPlain = new ArrayList<>();
        List<Double> cpuCdsC1 = new ArrayList<>();
        for (int i = 0; i <= coldRuns; i++) {
            // Alternating, so the neighbours' load falls on each variant alike; run 0 fills the OS file cache.
            double a = checkOnce(List.of(), args);
            double cpuA = lastCheckCpuMs;
            double b = java.nio.file.Files.exists(archive) ? checkOnce(List.of("-XX:SharedArchiveFile=" + archive), args) : Double.NaN;
            double c = java.nio.file.Files.exists(archive)
                    ? checkOnce(List.of("-XX:SharedArchiveFile=" + archive, "-XX:TieredStopAtLevel=1"), args) : Double.NaN;
            double cpuC = lastCheckCpuMs;
            if (i > 0) {
                cpuPlain.add(cpuA);
                cpuCdsC1.add(cpuC);
                plain.add(a);
                cds.add(b);
                cdsC1.add(c);
            }
        }
        results.add("cold_check_ms", "cold check (CLI, examples/drifted)", Jvm.median(plain), " ms", Optional.of(atMost(300, " ms")),
                "median of " + plain.size() + " fresh JVMs: java -jar target/dlp-guard.jar check --snapshot examples/drifted, process start to exit");
        if (java.nio.file.Files.exists(archive)) {
            results.add("cold_check_cds_ms", "  same, with the AppCDS archive", Jvm.median(cds), " ms", Optional.of(atMost(300, " ms")),
                    String.format(java.util.Locale.ROOT, "java -XX:SharedArchiveFile=target/dlp-guard.jsa -jar target/dlp-guard.jar "
                            + "check ... (archive %.1f MiB, made by mvn package)", java.nio.file.Files.size(archive) / (1024.0 * 1024.0)));
            results.add("cold_check_cds_c1_ms", "  same, archive + -XX:TieredStopAtLevel=1", Jvm.median(cdsC1), " ms",
                    Optional.of(atMost(300, " ms")), "as the Functions Java worker starts its JVM (C1 only): a short run does not pay for C2");
            results.add("cold_check_cpu_ms", "  CPU (user+sys): plain / archive + C1", Jvm.median(cpuPlain), " ms", Optional.empty(),
                    String.format(java.util.Locale.ROOT, "/usr/bin/time of the same runs: plain %.0f ms, archive + C1 %.0f ms "
                            + "(load-independent, all threads)", Jvm.median(cpuPlain), Jvm.median(cpuCdsC1)));
        }
        results.detail("cold_check_runs_ms", Results.jsonArray(plain));
        results.detail("cold_check_cds_runs_ms", Results.jsonArray(cds));
    }

    /** CPU (user + system) of the last {@link #checkOnce}, from /usr/bin/time when the machine has it; NaN otherwise. */
    private static double lastCheckCpuMs = Double.NaN;

    private static double checkOnce(List<String> jvmArgs, List<String> args) throws Exception {
        boolean time = java.nio.file.Files.isExecutable(Path.of("/usr/bin/time"));
        List<String> command = new ArrayList<>(time ? List.of("/usr/bin/time", "-f", "DLPCPU %U %S", Jvm.java())
                : List.of(Jvm.java()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", CLI.toString()));
        command.addAll(args);
        Jvm.Run r = Jvm.run(command, Map.of(), List.of(), Duration.ofMinutes(2));
        if (r.exit() != 1) {
            throw new IllegalStateException("check of examples/drifted should exit 1 (violations), got " + r.exit() + ": " + r.stderr());
        }
        lastCheckCpuMs = r.stderr().lines().filter(l -> l.startsWith("DLPCPU ")).findFirst()
                .map(l -> (Double.parseDouble(l.split(" ")[1]) + Double.parseDouble(l.split(" ")[2])) * 1000).orElse(Double.NaN);
        return r.wallMs();
    }

    private void coldEvent() throws Exception {
        List<Double> invocations = new ArrayList<>();
        List<Double> totals = new ArrayList<>();
        List<Double> accepted = new ArrayList<>();
        List<Double> operationWaits = new ArrayList<>();
        List<Double> withoutWait = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<Double> classes = new ArrayList<>();
        List<Double> acceptedCds = new ArrayList<>();
        List<Double> cpuCds = new ArrayList<>();
        com.google.gson.JsonArray phases = new com.google.gson.JsonArray();
        java.nio.file.Path archive = java.nio.file.Path.of("target/bench-cold-event.jsa");
        java.nio.file.Files.deleteIfExists(archive);
        deleteRecursively(Path.of("target/bench-cp")); // classes of this build, packed afresh
        for (int run = 0; run <= 2 * coldRuns; run++) {
            // Run 0 fills the OS file cache and records the AppCDS archive (-XX:ArchiveClassesAtExit);
            // then plain and archived JVMs alternate, so the neighbours' load falls on both alike.
            boolean cds = run > 0 && run % 2 == 0 && java.nio.file.Files.exists(archive);
            int i = run == 0 ? 0 : 1;
            try (Emulated arm = Emulated.compliantExample()) {
                arm.apply(Drifts.of(Events.Kind.SEP_DEFINITION_DELETE, arm::resource));
                arm.emulator.requests().clear();
                Map<String, String> env = new java.util.HashMap<>(BenchGuard.environment());
                env.putAll(arm.childEnvironment());
                List<String> jvmArgs = new ArrayList<>(arm.childJvmArgs());
                // As the Functions Java worker starts its JVM (worker.config.json: C1 only; its -noverify
                // is deprecated on 17 and left out): a cold instance's code is compiled this way.
                jvmArgs.add("-XX:TieredStopAtLevel=1");
                if (run == 0) {
                    jvmArgs.add("-XX:ArchiveClassesAtExit=" + archive);
                } else if (cds) {
                    jvmArgs.add("-XX:SharedArchiveFile=" + archive);
                }
                if (run == 1 && System.getenv("DLP_GUARD_BENCH_COLD_JVM_ARGS") != null) {
                    // Diagnostics of one plain cold run, e.g. -Xlog:class+load:file=cl.log:uptime,tid
                    jvmArgs.addAll(List.of(System.getenv("DLP_GUARD_BENCH_COLD_JVM_ARGS").trim().split("\\s+")));
                }
                if (run == 1 && System.getenv("DLP_GUARD_BENCH_JFR") != null) {
                    // A profile of one plain cold run (bench/README.md: where the exposure window goes).
                    jvmArgs.add("-XX:StartFlightRecording=filename=" + System.getenv("DLP_GUARD_BENCH_JFR") + ",settings=profile");
                }
                Jvm.Run r = Jvm.run(Jvm.command(jvmArgs, coldClassPath(), ColdEventMain.class, List.of("emulator")), env,
                        List.of("INVOKE", "VERIFIED"), Duration.ofMinutes(2));
                if (r.exit() != 0 && run == 0) {
                    // The archive dump itself failed (this JDK 17 build has crashed in it): the archived
                    // variant is reported as not measured, the plain runs go on.
                    System.err.println("[bench] AppCDS training run failed (exit " + r.exit() + "); no archived runs");
                    java.nio.file.Files.deleteIfExists(archive);
                    continue;
                }
                if (r.exit() != 0) {
                    throw new IllegalStateException("cold event run failed (exit " + r.exit() + "): " + r.stderr() + r.stdout());
                }
                if (run == 0) {
                    results.detail("cold_event_cds_training_skipped_classes", Results.jsonArray(List.of(
                            (double) r.stderr().lines().filter(l -> l.contains("Skipping") && l.contains("Signed JAR")).count(),
                            (double) r.stderr().lines().filter(l -> l.contains("[cds]") && l.contains("Skipping")).count())));
                }
                if (!arm.resource(Events.SEP).toString().contains("/services/Azure/MachineLearning")) {
                    throw new IllegalStateException("the child reported a rollback the emulator does not hold");
                }
                if (cds) {
                    long invoke = Long.parseLong(r.value("INVOKE"));
                    long write = arm.emulator.requests().firstAnsweredAt(e -> e.isWrite()).orElseThrow();
                    acceptedCds.add((write - invoke) / 1e6);
                    cpuCds.add(Double.parseDouble(r.value("CPU").split(" ")[0]));
                } else if (i > 0) { // the first run only fills the OS file cache
                    double verified = Double.parseDouble(r.value("VERIFIED").split(" ")[0]);
                    invocations.add(verified);
                    // The exposure window ends when ARM accepts the write; the emulator's log says when
                    // (System.nanoTime is CLOCK_MONOTONIC, one clock for the child and this JVM).
                    long invoke = Long.parseLong(r.value("INVOKE"));
                    long write = arm.emulator.requests().firstAnsweredAt(e -> e.isWrite())
                            .orElseThrow(() -> new IllegalStateException("the cold event wrote nothing"));
                    long lastPoll = arm.emulator.requests().entries().stream().anyMatch(e -> e.kind() == RequestLog.Kind.OPERATION)
                            ? lastAnswered(arm, e -> e.kind() == RequestLog.Kind.OPERATION) : write;
                    accepted.add((write - invoke) / 1e6);
                    operationWaits.add((lastPoll - write) / 1e6);
                    withoutWait.add(verified - (lastPoll - write) / 1e6);
                    cpu.add(Double.parseDouble(r.value("CPU").split(" ")[0]));
                    classes.add(Double.parseDouble(r.value("CPU").split(" ")[1]));
                    totals.add(r.markMs("VERIFIED"));
                    calls.add(arm.calls().total());
                    phases.add(JsonParser.parseString(r.value("PHASES")));
                }
            }
        }
        results.add("cold_event_to_write_accepted_ms", "exposure window: cold event → write accepted by ARM",
                Jvm.median(accepted), " ms", Optional.of(atMost(1000, " ms")),
                "fresh JVM (-XX:TieredStopAtLevel=1 as the Functions worker), from DlpGuardEventGrid.run(alias-removed "
                        + "event) to the emulator answering the rollback's PUT (201/202: ARM accepted it), median of " + accepted.size());
        if (!acceptedCds.isEmpty()) {
            results.add("cold_event_to_write_accepted_cds_ms", "  same, with an AppCDS archive of that path", Jvm.median(acceptedCds),
                " ms", Optional.empty(), String.format(java.util.Locale.ROOT, "-XX:SharedArchiveFile of a training run "
                        + "(-XX:ArchiveClassesAtExit, %.1f MiB), median of %d, alternating with the runs above; CPU %.0f ms",
                        java.nio.file.Files.size(archive) / (1024.0 * 1024.0), acceptedCds.size(), Jvm.median(cpuCds)));
        }
        results.add("cold_event_to_verified_less_wait_ms", "cold event → verified, less ARM's operation wait",
                Jvm.median(withoutWait), " ms", Optional.of(atMost(1500, " ms")),
                "the invocation until it returns with the rollback re-read, minus the operation wait below (median of "
                        + withoutWait.size() + ")");
        results.add("cold_event_operation_wait_ms", "  ARM's operation wait (Retry-After)", Jvm.median(operationWaits), " ms",
                Optional.empty(), "PUT accepted → last status poll answered: azure-core's poller waits the Retry-After "
                        + "ARM sends (1 s per poll in the emulator, 10 s on the network RP); ARM's time, not the guard's");
        results.add("cold_event_to_verified_rollback_ms", "cold event → verified rollback (total)", Jvm.median(invocations), " ms",
                Optional.empty(),
                "fresh JVM, DlpGuardEventGrid.run(alias-removed event) through AzureArmGateway to the HTTPS emulator; guard and "
                        + "client built by that first invocation; until it returns with DLP003 rolled-back and re-read (median of "
                        + invocations.size() + ")");
        results.add("cold_event_process_ms", "  same, from JVM process start", Jvm.median(totals), " ms", Optional.empty(),
                "spawn of the JVM to VERIFIED: adds the JVM's own start");
        results.add("cold_event_cpu_ms", "  CPU time of that JVM (all threads)", Jvm.median(cpu), " ms", Optional.empty(),
                "process CPU from JVM start to VERIFIED: what the cold path costs, whatever the neighbours' load");
        results.add("cold_event_classes_loaded", "  classes loaded", Jvm.median(classes), "", Optional.empty(),
                "classes loaded by that JVM up to VERIFIED (JDK included)");
        results.detail("cold_event_runs_ms", Results.jsonArray(invocations));
        results.detail("cold_event_write_accepted_runs_ms", Results.jsonArray(accepted));
        results.detail("cold_event_operation_wait_runs_ms", Results.jsonArray(operationWaits));
        results.detail("cold_event_arm_calls", Results.jsonArray(calls.stream().map(Long::doubleValue).toList()));
        results.detail("cold_event_phases", phases);
        coldEventInMemory();
    }

    /** The same first invocation without HTTP: what the guard's own code costs cold. */
    private void coldEventInMemory() throws Exception {
        List<Double> invocations = new ArrayList<>();
        for (int i = 0; i <= coldRuns; i++) {
            Jvm.Run r = Jvm.run(Jvm.command(List.of(), ColdEventMain.class, List.of("memory")), BenchGuard.environment(),
                    List.of("INVOKE", "VERIFIED"), Duration.ofMinutes(2));
            if (r.exit() != 0) {
                throw new IllegalStateException("cold event run failed (exit " + r.exit() + "): " + r.stderr() + r.stdout());
            }
            if (i > 0) {
                invocations.add(Double.parseDouble(r.value("VERIFIED").split(" ")[0]));
            }
        }
        results.add("cold_event_in_memory_ms", "  same, in-memory ARM (no HTTP)", Jvm.median(invocations), " ms",
                Optional.empty(), "first invocation over InMemoryArmGateway (its loading warms snapshot/model classes first)");
    }

    /**
     * The cold-event child's class path: the shaded CLI jar (the guard, the Azure SDK, the Functions
     * library) and this harness's test classes packed in a jar. AppCDS skips every class of a signed
     * jar (the Azure SDK's are signed; the shaded jar drops the signatures, as a deployment could)
     * and refuses directories; plain and archived runs load from these same files.
     */
    private static String coldClassPath() throws java.io.IOException {
        String testClasses = java.util.Arrays.stream(Jvm.jarredClassPath().split(java.io.File.pathSeparator))
                .filter(e -> e.endsWith("test-classes.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("target/test-classes is not on the class path"));
        return CLI.toAbsolutePath() + java.io.File.pathSeparator + testClasses;
    }

        private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (java.nio.file.Files.exists(dir)) {
            try (var files = java.nio.file.Files.walk(dir)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.delete(f);
                }
            }
        }
    }

        private static long lastAnswered(Emulated arm, java.util.function.Predicate<RequestLog.Entry> which) {
        List<RequestLog.Entry> entries = arm.emulator.requests().entries();
        long last = 0;
        for (RequestLog.Entry e : entries) {
            if (which.test(e)) {
                RequestLog.Entry match = e;
                last = Math.max(last, arm.emulator.requests().firstAnsweredAt(x -> x == match).orElse(0L));
            }
        }
        return last;
    }

    // ---- warm ----------------------------------------------------------------------------------

    private void warm() throws Exception {
        WarmEventBenchmark.verifyRollbackPath();
        WarmEvents.Figures compliant = WarmEvents.latency("compliantEvent", quick);
        WarmEvents.Figures rollback = WarmEvents.latency("rollbackEvent", quick);
        double throughput = WarmEvents.throughputPerSecond("compliantEvent", quick);
        WarmEvents.Figures guardOnly = WarmEvents.latency("guardOnlyEvent", quick);
        double guardOnlyThroughput = WarmEvents.throughputPerSecond("guardOnlyEvent", quick);
        results.add("warm_event_p50_ms", "warm event p50 (compliant: read+evaluate)", compliant.p50Ms(), " ms", Optional.empty(),
                "JMH SampleTime, 1 thread, in-memory ARM, DlpGuardEventGrid.run with a new event id each time");
        results.add("warm_event_p99_ms", "warm event p99 (compliant)", compliant.p99Ms(), " ms", Optional.of(atMost(5, " ms")),
                "same; " + compliant.samples() + " samples");
        results.add("warm_rollback_p50_ms", "warm rollback p50 (read, write, verify)", rollback.p50Ms(), " ms", Optional.empty(),
                "JMH SampleTime: alias deleted before each invocation (setup not timed)");
        results.add("warm_rollback_p99_ms", "warm rollback p99", rollback.p99Ms(), " ms", Optional.of(atMost(5, " ms")),
                "same; " + rollback.samples() + " samples");
        results.add("events_per_s", "warm events per second (1 thread)", throughput, "/s", Optional.of(atLeast(5000, "/s")),
                "JMH Throughput of the compliant-event path, one invocation at a time");
        int warmup = quick ? 2000 : 5000;
        int measured = quick ? 3000 : 10000;
        WarmEventBenchmark.CpuSamples compliantCpu = WarmEventBenchmark.cpuPerEvent("compliant", warmup, measured);
        WarmEventBenchmark.CpuSamples rollbackCpu = WarmEventBenchmark.cpuPerEvent("rollback", warmup, measured);
        WarmEventBenchmark.CpuSamples guardOnlyCpu = WarmEventBenchmark.cpuPerEvent("guardOnly", warmup, measured);
        results.add("events_per_cpu_s", "warm events per CPU-second (1 thread)", compliantCpu.eventsPerCpuSecond(), "/s",
                Optional.of(atLeast(5000, "/s")), String.format(java.util.Locale.ROOT, "the compliant event %d times after %d "
                        + "warm-up, each timed by the thread's CPU clock (what one thread sustains when the core is its own; "
                        + "load-independent); p50 %.3f ms, p99 %.3f ms", measured, warmup, compliantCpu.percentileMs(50),
                        compliantCpu.percentileMs(99)));
        results.add("warm_rollback_cpu_p99_ms", "warm rollback p99, thread CPU", rollbackCpu.percentileMs(99), " ms",
                Optional.of(atMost(5, " ms")), String.format(java.util.Locale.ROOT, "the rollback event (alias deleted "
                        + "before each, untimed), thread CPU per event; p50 %.3f ms, %.0f rollbacks per CPU-second",
                        rollbackCpu.percentileMs(50), rollbackCpu.eventsPerCpuSecond()));
        results.add("events_per_cpu_s_guard_only", "guard's own share: events per CPU-second", guardOnlyCpu.eventsPerCpuSecond(),
                "/s", Optional.empty(), "the same with every read answered from a pre-read estate");
        results.add("warm_guard_only_p50_ms", "guard's own share p50 (ARM answers instantly)", guardOnly.p50Ms(), " ms",
                Optional.empty(), "the compliant event with every read answered from a pre-read estate: parse, route, "
                        + "dedupe, evaluate, plan, notices, logs");
        results.add("warm_guard_only_p99_ms", "guard's own share p99", guardOnly.p99Ms(), " ms", Optional.empty(),
                "same; " + guardOnly.samples() + " samples");
        results.add("events_per_s_guard_only", "guard's own share: events per second", guardOnlyThroughput, "/s",
                Optional.empty(), "JMH Throughput of the same: the in-memory ARM's read (EstateBuilder) is the rest");
    }

    // ---- ARM cost per event --------------------------------------------------------------------

    private void perEvent() throws Exception {
        JsonObject detail = new JsonObject();
        for (Events.Kind kind : Events.Kind.values()) {
            try (Emulated arm = Emulated.compliantExample(); var gateway = arm.gateway()) {
                List<String> decisions = new ArrayList<>();
                Guard guard = BenchGuard.build(BenchGuard.exampleConfig(LocalDate.now()), gateway, Clock.systemUTC(), decisions,
                        Guard.PRODUCTION_PACE);
                guard.warmUp(); // a warm instance: the topology and the workspace (cached) were read before
                GuardRuntime.install(guard);
                DlpGuardEventGrid function = new DlpGuardEventGrid();

                // A change that breaks nothing the guard enforces: reads only.
                arm.emulator.requests().clear();
                function.run(Events.of(kind, "benign-" + kind.key(), Instant.now()), new QuietContext());
                Emulated.Calls benign = arm.calls();

                arm.apply(Drifts.of(kind, arm::resource));
                arm.emulator.requests().clear();
                Thread.sleep(5); // the event happens after the previous read, as it would
                function.run(Events.of(kind, "drift-" + kind.key(), Instant.now()), new QuietContext());
                Emulated.Calls drift = arm.calls();
                boolean rolledBack = decisions.stream().anyMatch(l -> l.contains("\"rolled-back\""));
                JsonObject k = new JsonObject();
                k.add("no_drift", benign.json());
                k.add("rollback", drift.json());
                k.addProperty("rolled_back", rolledBack);
                k.addProperty("requests", arm.emulator.requests().describe());
                detail.add(kind.key(), k);
                // Rule book 2.2 makes every write re-read its target first and wait for ARM's operation:
                // those GETs belong to the write. The guard's own reads decide and verify.
                long writeProtocol = drift.gets() - drift.getsBeforeFirstWrite() - drift.getsAfterLastPoll()
                        + (drift.getsBeforeFirstWrite() - benign.reads()) + drift.polls();
                long decideAndVerify = drift.reads() - writeProtocol;
                results.add("arm_calls_per_event." + kind.key(), "ARM calls per event: " + kind.label, drift.total(), "",
                        Optional.empty(), String.format(java.util.Locale.ROOT,
                                "drift → rollback: %d GET + %d list + %d status polls + %d write; no drift: %d GETs%s",
                                drift.gets(), drift.lists(), drift.polls(), drift.writes(), benign.total(),
                                rolledBack ? "" : "; NOT ROLLED BACK"));
                results.add("arm_reads_per_event." + kind.key(), "  reads to decide + verify", decideAndVerify, "",
                        Optional.of(atMost(4, "")), String.format(java.util.Locale.ROOT,
                                "%d to decide + %d to verify; the write itself: %d write + %d GETs (re-read before it, "
                                        + "status polls: rule book 2.2, ARM's long-running operation)",
                                benign.reads(), decideAndVerify - benign.reads(), drift.writes(), writeProtocol));
            }
        }
        results.detail("arm_calls_per_event", detail);
    }

    // ---- burst ---------------------------------------------------------------------------------

    private void burst() throws Exception {
        try (Emulated arm = Emulated.compliantExample(); var gateway = arm.gateway()) {
            CountingGateway counting = new CountingGateway(gateway);
            Guard guard = BenchGuard.build(BenchGuard.exampleConfig(LocalDate.now()), counting, Clock.systemUTC(),
                    Guard.PRODUCTION_PACE);
            guard.warmUp();
            GuardRuntime.install(guard);
            arm.emulator.requests().clear();
            counting.reads.set(0);
            counting.writes.set(0);
            Burst.Figures f = Burst.run(1000, Duration.ofSeconds(10), 8, 7);
            Emulated.Calls calls = arm.calls();
            JsonObject d = calls.json();
            d.addProperty("reconciles", counting.reads.get());
            d.addProperty("window_s", f.windowSeconds());
            d.addProperty("workers", f.workers());
            d.addProperty("wall_ms", f.wallMs());
            results.detail("burst", d);
            results.add("arm_calls_burst_1000", "burst of 1,000 events: ARM calls", calls.total(), "",
                    Optional.of(atMost(20, "")),
                    "1,000 events on ml-vnet's subnets, compute-nsg's rules, aml-dlp's definitions over a " + f.windowSeconds()
                            + " s window, one per invocation, " + f.workers() + " concurrent, delivered 0.5-2.5 s after; "
                            + counting.reads.get() + " reconcile reads, emulator request log");
        }
    }

    // ---- sweep ---------------------------------------------------------------------------------

    private void sweep() throws Exception {
        SyntheticSubscription.Shape shape = SyntheticSubscription.Shape.issue();
        SyntheticSubscription.Generated generated = SyntheticSubscription.generate(shape);
        List<String> shapeArgs = List.of(String.valueOf(shape.vnets()), String.valueOf(shape.subnetsPerVnet()),
                String.valueOf(shape.nsgs()), String.valueOf(shape.seps()), String.valueOf(shape.workspaces()),
                String.valueOf(shape.protectedPerWorkspace()));
        try (Emulated arm = Emulated.seeded(generated.resources());
             ReplayingProxy proxy = new ReplayingProxy(arm.emulator.endpoint(), arm.emulator.clientSslContext())) {
            Map<String, String> env = new java.util.HashMap<>(arm.childEnvironment());
            env.put("DLP_GUARD_BENCH_ARM_ENDPOINT", proxy.endpoint());
            for (String kind : List.of("timer")) {
                List<String> args = new ArrayList<>(List.of("emulator", kind));
                args.addAll(shapeArgs);
                List<String> jvm = Stream.concat(Stream.of("-Xmx512m"), arm.childJvmArgs().stream()).toList();
                // First run: every request reaches the emulator (its log counts them) and is recorded.
                arm.emulator.requests().clear();
                JsonObject live = sweepRun(jvm, args, env);
                Emulated.Calls calls = arm.calls();
                // Second run, a fresh JVM again: the same answers replayed, the emulator's own time gone.
                List<String> replayJvm = new ArrayList<>(jvm);
                if (System.getenv("DLP_GUARD_BENCH_JFR_SWEEP") != null) {
                    // A profile of the replayed sweep (bench/README.md: what the sweep's CPU is spent on).
                    replayJvm.add("-XX:StartFlightRecording=filename=" + System.getenv("DLP_GUARD_BENCH_JFR_SWEEP") + ",settings=profile");
                }
                JsonObject replayed = sweepRun(replayJvm, args, env);
                JsonObject detail = new JsonObject();
                detail.add("through_emulator", live);
                detail.add("replayed", replayed);
                detail.add("arm_calls", calls.json());
                detail.addProperty("bytes_read_mib", proxy.recordedBytes() / (1024.0 * 1024.0));
                results.detail("sweep_" + kind, detail);
                String what = kind.equals("timer") ? "timer sweep (Guard.sweep)" : "listing of the subscription";
                String prefix = kind.equals("timer") ? "sweep" : "sweep_subscription_listing";
                results.add(prefix + "_arm_calls", what + ", " + Results.fmt(shape.subnets()) + " subnets: ARM calls",
                        calls.total(), "", Optional.of(atMost(40, "")), String.format(java.util.Locale.ROOT,
                                "%d lists + %d GETs (emulator request log); %d of the subnets protected, in %d workspaces",
                                calls.lists(), calls.gets(), generated.protectedSubnets(), shape.workspaces()));
                results.add(prefix + "_wall_ms", "  wall time", replayed.get("wall_ms").getAsDouble(), " ms",
                        Optional.of(atMost(3000, " ms")), String.format(java.util.Locale.ROOT,
                                "fresh JVM, first request to last evaluation, answers replayed over HTTPS: gateway %.0f ms, "
                                        + "guard (evaluate, decide, log) %.0f ms%s; through the emulator itself %.0f ms "
                                        + "(its list rendering dominates)",
                                replayed.get("gateway_ms").getAsDouble(), replayed.get("evaluate_decide_log_ms").getAsDouble(),
                                replayed.has("second_sweep_ms") ? String.format(java.util.Locale.ROOT,
                                        "; the same instance's next sweep %.0f ms", replayed.get("second_sweep_ms").getAsDouble()) : "",
                                live.get("wall_ms").getAsDouble()));
                results.add(prefix + "_cpu_ms", "  CPU time (all threads)", replayed.get("cpu_ms").getAsDouble(), " ms",
                        Optional.empty(), String.format(java.util.Locale.ROOT, "the same sweep's process CPU, first request to "
                                + "last evaluation; %.0f classes loaded meanwhile", replayed.get("classes_loaded").getAsDouble()));
                results.add(prefix + "_heap_peak_mib", "  peak heap", Math.max(live.get("heap_peak_mib").getAsDouble(),
                                replayed.get("heap_peak_mib").getAsDouble()), " MiB", Optional.of(atMost(256, " MiB")),
                        String.format(java.util.Locale.ROOT, "GC notifications + 5 ms sampler, under -Xmx512m; "
                                + "%.0f MiB still reachable after a full GC", replayed.get("retained_mib").getAsDouble()));
            }
        }
    }

    private static JsonObject sweepRun(List<String> jvm, List<String> args, Map<String, String> env) throws Exception {
        Jvm.Run r = Jvm.run(Jvm.command(jvm, SweepMain.class, args), env, List.of(), Duration.ofMinutes(10));
        if (r.exit() != 0) {
            throw new IllegalStateException("sweep failed (exit " + r.exit() + "): " + r.stderr());
        }
        return JsonParser.parseString(r.value("RESULT")).getAsJsonObject();
    }
}
