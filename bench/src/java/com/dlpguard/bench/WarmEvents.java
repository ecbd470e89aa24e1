package com.dlpguard.bench;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.util.Statistics;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/** Runs {@link WarmEventBenchmark} through JMH (one fork, warmed) and reads latency percentiles and throughput. */
final class WarmEvents {
    record Figures(double p50Ms, double p99Ms, double meanMs, long samples) {
    }

    private WarmEvents() {
    }

    static ChainedOptionsBuilder options(String benchmark, Mode mode, boolean quick) {
        return new OptionsBuilder()
                .include(WarmEventBenchmark.class.getName() + "." + benchmark + "$")
                .mode(mode)
                .forks(1)
                .threads(1)
                .warmupIterations(quick ? 2 : 5)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5)
                .measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .jvmArgs("-Xmx1g")
                .shouldFailOnError(true);
    }

    static Figures latency(String benchmark, boolean quick) throws RunnerException {
        Collection<RunResult> results = new Runner(options(benchmark, Mode.SampleTime, quick)
                .timeUnit(TimeUnit.MICROSECONDS).build()).run();
        Result<?> r = results.iterator().next().getPrimaryResult();
        Statistics s = r.getStatistics();
        double toMs = 1e-3;
        return new Figures(s.getPercentile(50) * toMs, s.getPercentile(99) * toMs, s.getMean() * toMs, s.getN());
    }

    static double throughputPerSecond(String benchmark, boolean quick) throws RunnerException {
        Collection<RunResult> results = new Runner(options(benchmark, Mode.Throughput, quick)
                .timeUnit(TimeUnit.SECONDS).build()).run();
        return results.iterator().next().getPrimaryResult().getScore();
    }
}
