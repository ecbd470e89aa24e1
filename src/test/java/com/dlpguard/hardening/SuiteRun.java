package com.dlpguard.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One hardening suite's lifecycle: captured logs, a printed (replayable) seed, its figures, the
 * local alert receiver, and at the end the verdicts every suite shares: no crash, no bad write,
 * no leaked secret.
 */
final class SuiteRun {
    final String name;
    final long seed;
    final Figures figures;
    final AlertReceiver receiver;
    private final long leaksBefore;

    private SuiteRun(String name, long seed) {
        this.name = name;
        this.seed = seed;
        this.figures = new Figures(seed);
        this.receiver = new AlertReceiver();
        this.leaksBefore = Secrets.leaks();
    }

    static SuiteRun start(String name, long defaultSeed) {
        CapturedLogs.install();
        return new SuiteRun(name, Hardening.seed(name, defaultSeed));
    }

    void finish() {
        receiver.close();
        Hardening.recordFigures(name, figures);
        assertEquals(0, figures.crashes.get(), "crashes: " + figures.crashExamples());
        assertEquals(0, figures.badWrites.get(), "bad writes: " + figures.badWriteExamples());
        assertEquals(leaksBefore, Secrets.leaks(), "secrets leaked: " + Secrets.leakExamples());
    }
}
