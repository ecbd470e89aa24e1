package com.dlpguard.bench;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.app.GuardSettings;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.functions.DlpGuardEventGrid;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A fresh JVM handling one "alias removed" event through the Event Grid function class, the way
 * a cold Functions worker does: the guard is built lazily by the first invocation
 * (GuardRuntime), the settings come from the environment. Prints {@code INVOKE} just before the
 * invocation and {@code VERIFIED <ms>} once it returned with the rollback verified (the guard
 * re-reads after writing; the decision log must say rolled-back).
 *
 * <p>{@code emulator}: the live gateway against the HTTPS emulator the parent runs (the parent
 * made the drift). {@code memory}: the in-memory ARM seeded from examples/compliant minus the alias (stand-in
 * while the live gateway is not in the build; loading the estate warms classes the guard uses).
 */
public final class ColdEventMain {
    private ColdEventMain() {
    }

    public static void main(String[] args) throws Exception {
        long jvmMainNanos = System.nanoTime();
        String mode = args.length > 0 ? args[0] : "memory";
        List<String> decisions = Collections.synchronizedList(new ArrayList<>());
        Supplier<ArmGateway> gateway;
        InMemoryArmGateway memory = null;
        if (mode.equals("memory")) {
            memory = InMemoryArmGateway.fromSnapshot(BenchGuard.EXAMPLES.resolve("compliant"));
            BenchGuard.removeAlias(memory);
            InMemoryArmGateway arm = memory;
            gateway = () -> arm;
        } else if (mode.equals("emulator")) {
            // The production factory (JVM trust store: -Djavax.net.ssl.trustStore names the emulator's
            // certificate), built by the first invocation like LiveGateways does; a bearer token
            // stands in for the managed identity.
            String endpoint = System.getenv("DLP_GUARD_BENCH_ARM_ENDPOINT");
            gateway = () -> {
                AzureArmGateway live = AzureArmGateway.create(Emulated.settings(endpoint),
                        ArmCredentials.bearerTokenFromEnvironment(Emulated.TOKEN_VARIABLE, System::getenv));
                live.warmUp(); // as LiveGateways does
                return live;
            };
        } else {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        long[] factoryStart = {0};
        long[] gatewayBuilt = {0};
        TimingGateway[] timing = {null};
        GuardRuntime.reset(() -> {
            try {
                factoryStart[0] = System.nanoTime(); // the function parsed the event before asking for the guard
                Clock clock = Clock.systemUTC();
                GuardSettings settings = GuardSettings.from(System.getenv(), LocalDate.now(clock));
                timing[0] = new TimingGateway(gateway.get());
                gatewayBuilt[0] = System.nanoTime();
                return BenchGuard.build(settings, timing[0], clock, decisions);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String event = Events.of(Events.Kind.SEP_DEFINITION_DELETE, "cold-" + System.nanoTime(), Instant.now());
        long invoke = System.nanoTime();
        System.out.println("INVOKE " + invoke); // the parent compares it with the emulator's answer times (same clock)
        new DlpGuardEventGrid().run(event, new QuietContext());
        long done = System.nanoTime();
        boolean rolledBack = decisions.stream().anyMatch(l -> l.contains("\"DLP003\"") && l.contains("\"rolled-back\""));
        if (!rolledBack) {
            System.out.println("FAILED " + decisions);
            System.exit(3);
        }
        System.out.println("VERIFIED " + (done - invoke) / 1e6 + " " + (done - jvmMainNanos) / 1e6);
        // Load-independent figures of the same run: CPU of all threads since JVM start, classes loaded.
        System.out.println("CPU " + Jvm.processCpuNanos() / 1e6 + " " + java.lang.management.ManagementFactory
                .getClassLoadingMXBean().getTotalLoadedClassCount());
        // Where the first invocation's time went: parse, building the client, then each gateway call.
        StringBuilder phases = new StringBuilder("{\"parse_event_ms\":" + (factoryStart[0] - invoke) / 1e6
                + ",\"build_gateway_ms\":" + (gatewayBuilt[0] - factoryStart[0]) / 1e6);
        int reads = 0;
        int writes = 0;
        double gatewayMs = 0;
        for (TimingGateway.Call c : timing[0].calls) {
            String name = c.what().equals("read") ? (reads++ == 0 ? "first_read" : "read_" + reads) : "write_" + ++writes;
            phases.append(",\"").append(name).append("_ms\":").append(c.ms());
            gatewayMs += c.ms();
        }
        phases.append(",\"rest_ms\":").append((done - gatewayBuilt[0]) / 1e6 - gatewayMs).append('}');
        System.out.println("PHASES " + phases);
    }
}
