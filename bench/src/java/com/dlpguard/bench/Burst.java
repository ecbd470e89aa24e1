package com.dlpguard.bench;

import com.dlpguard.functions.DlpGuardEventGrid;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * 1,000 events on one VNet's subnets, its NSG's rules and its SEP's definitions, in real time:
 * event times spread evenly over one window, each delivered {@code latency} later (uniform in
 * [0.5 s, 2.5 s], Event Grid's usual delay) to the Event Grid function, one event per invocation,
 * on {@code workers} concurrent invocations as the Functions worker runs them. The state does not
 * change (a pipeline re-applying the same template): the guard needs no write, only to notice.
 */
final class Burst {
    record Figures(int events, double windowSeconds, int workers, double wallMs) {
    }

    private static final String[] SUBJECTS = {
        Events.SUBNET, Events.VNET + "/subnets/jumpbox",
        Events.NSG + "/securityRules/allow-batch-outbound", Events.NSG + "/securityRules/allow-storage-outbound",
        Events.NSG + "/securityRules/allow-azureml-outbound", Events.NSG + "/securityRules/deny-internet-outbound",
        Events.SEP + "/serviceEndpointPolicyDefinitions/ml-alias", Events.SEP + "/serviceEndpointPolicyDefinitions/storage-allow",
    };
    private static final String[] OPERATIONS = {
        "Microsoft.Network/virtualNetworks/subnets/write", "Microsoft.Network/virtualNetworks/subnets/write",
        "Microsoft.Network/networkSecurityGroups/securityRules/write", "Microsoft.Network/networkSecurityGroups/securityRules/write",
        "Microsoft.Network/networkSecurityGroups/securityRules/write", "Microsoft.Network/networkSecurityGroups/securityRules/write",
        "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
        "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write",
    };

    private Burst() {
    }

    /** Runs the burst against the guard installed in GuardRuntime; returns when every invocation returned. */
    static Figures run(int events, Duration window, int workers, long seed) throws InterruptedException {
        Random random = new Random(seed);
        DlpGuardEventGrid function = new DlpGuardEventGrid();
        QuietContext context = new QuietContext();
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(workers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Instant t0 = Instant.now().plusMillis(200);
        long start = System.nanoTime();
        for (int i = 0; i < events; i++) {
            long offsetNanos = window.toNanos() * i / events;
            Instant eventTime = t0.plusNanos(offsetNanos);
            long latencyNanos = 500_000_000L + (long) (random.nextDouble() * 2_000_000_000L);
            String event = Events.of(SUBJECTS[i % SUBJECTS.length], OPERATIONS[i % OPERATIONS.length],
                    "burst-" + seed + "-" + i, eventTime);
            long deliverAt = 200_000_000L + offsetNanos + latencyNanos;
            pool.schedule(() -> {
                try {
                    function.run(event, context);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, deliverAt - (System.nanoTime() - start), TimeUnit.NANOSECONDS);
        }
        pool.shutdown();
        if (!pool.awaitTermination(window.toSeconds() + 120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the burst did not finish");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("an invocation failed", failure.get());
        }
        return new Figures(events, window.toMillis() / 1000.0, workers, (System.nanoTime() - start) / 1e6);
    }
}
