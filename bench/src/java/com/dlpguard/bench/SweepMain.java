package com.dlpguard.bench;

import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.RuleEngine;
import com.google.gson.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;

/**
 * A fresh JVM (run with -Xmx512m) sweeping the synthetic subscription, measured from the first
 * ARM request to the last evaluation. {@code subscription}: list every guarded resource type and
 * evaluate every configured workspace (what {@code check --subscription} does);
 * {@code timer}: the timer function's Guard.sweep (targeted reads of the configured subnets).
 * Prints {@code RESULT <json>}.
 */
public final class SweepMain {
    private SweepMain() {
    }

    public static void main(String[] args) throws Exception {
        BenchGuard.quietLogs();
        String backend = args[0];
        String kind = args[1];
        SyntheticSubscription.Shape shape = new SyntheticSubscription.Shape(Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]), Integer.parseInt(args[7]));
        SyntheticSubscription.Generated generated = SyntheticSubscription.generate(shape);
        LocalDate today = LocalDate.now();
        GuardConfig config = ConfigLoader.parse(generated.configJson().getBytes(StandardCharsets.UTF_8), "synthetic", today);
        ArmGateway gateway;
        if (backend.equals("memory")) {
            gateway = InMemoryArmGateway.fromResources(generated.resources());
        } else if (backend.equals("emulator")) {
            gateway = AzureArmGateway.create(Emulated.settings(System.getenv("DLP_GUARD_BENCH_ARM_ENDPOINT")),
                    ArmCredentials.bearerTokenFromEnvironment(Emulated.TOKEN_VARIABLE, System::getenv));
        } else {
            throw new IllegalArgumentException("unknown backend " + backend);
        }
        generated = null;
        System.gc();
        TimingGateway timing = new TimingGateway(gateway);
        CountingGateway counting = new CountingGateway(timing);
        JsonObject result = new JsonObject();
        try (HeapWatch heap = new HeapWatch()) {
            long t0 = System.nanoTime();
            long cpu0 = Jvm.processCpuNanos();
            long classes0 = java.lang.management.ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
            Evaluation evaluation;
            Guard guard = null;
            if (kind.equals("subscription")) {
                Estate estate = counting.read(new ReadScope.Subscription(SyntheticSubscription.SUBSCRIPTION, java.util.Optional.empty()));
                evaluation = RuleEngine.withCatalog().evaluate(config, estate, today);
                result.addProperty("subnets_read", estate.subnets().size());
                result.addProperty("nsgs_read", estate.networkSecurityGroups().size());
                result.addProperty("seps_read", estate.serviceEndpointPolicies().size());
            } else {
                guard = BenchGuard.build(config, counting, Clock.systemUTC(), Guard.PRODUCTION_PACE);
                evaluation = guard.sweep().result().orElseThrow().verified();
            }
            long t1 = System.nanoTime();
            // Load-independent companions of the wall time (the machine is shared): CPU of every thread, classes loaded.
            result.addProperty("cpu_ms", (Jvm.processCpuNanos() - cpu0) / 1e6);
            result.addProperty("classes_loaded", java.lang.management.ManagementFactory.getClassLoadingMXBean()
                    .getTotalLoadedClassCount() - classes0);
            double gatewayMs = timing.calls.stream().mapToDouble(TimingGateway.Call::ms).sum();
            long firstReads = counting.reads.get();
            if (guard != null) {
                // The next sweep of the same instance: classes loaded, code compiled, listing cost learned.
                long w0 = System.nanoTime();
                guard.sweep();
                result.addProperty("second_sweep_ms", (System.nanoTime() - w0) / 1e6);
            }
            result.addProperty("wall_ms", (t1 - t0) / 1e6);
            result.addProperty("gateway_ms", gatewayMs);
            result.addProperty("evaluate_decide_log_ms", (t1 - t0) / 1e6 - gatewayMs);
            result.addProperty("heap_peak_mib", heap.peakMib());
            System.gc();
            result.addProperty("retained_mib", java.lang.management.ManagementFactory.getMemoryMXBean()
                    .getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0));
            result.addProperty("violations_after_gc", evaluation.assessments().stream().filter(a -> a.isViolation()).count());
            result.addProperty("gc_count", heap.collections());
            result.addProperty("assessments", evaluation.assessments().size());
            result.addProperty("violations", evaluation.assessments().stream().filter(a -> a.isViolation()).count());
            result.addProperty("gateway_reads", firstReads);
            result.addProperty("gateway_writes", counting.writes.get());
            result.addProperty("protected_subnets", config.workspaces().stream().mapToInt(w -> w.subnets().size()).sum());
        }
        System.out.println("RESULT " + result);
        System.exit(0); // the gateway's reader pool
    }
}
