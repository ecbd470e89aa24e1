package com.dlpguard.arm.azure;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway talks to ARM. Retries are azure-core's {@code RetryPolicy} with exponential
 * backoff, which honours {@code Retry-After}: 408, 429 (throttling and
 * {@code RetryableErrorDueToAnotherOperation}), 500, 502, 503, 504 and I/O failures are retried
 * {@code maxRetries} times, other 4xx never.
 *
 * @param responseTimeout   how long one HTTP response may take before azure-core retries it
 * @param operationTimeout  how long a long-running PUT/DELETE may run before the write is reported
 *                          as a transient failure (ARM keeps running it; the next reconcile re-reads)
 * @param readParallelism   concurrent GETs of one read
 * @param mlApiVersion      api-version of Microsoft.MachineLearningServices reads
 */
public record AzureArmSettings(AzureCloud cloud, int maxRetries, Duration retryBaseDelay, Duration retryMaxDelay,
                               Duration responseTimeout, Duration operationTimeout, int readParallelism,
                               String mlApiVersion) {
    public static final String ML_API_VERSION = "2025-09-01";

    public AzureArmSettings {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(retryBaseDelay, "retryBaseDelay");
        Objects.requireNonNull(retryMaxDelay, "retryMaxDelay");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(mlApiVersion, "mlApiVersion");
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("maxRetries must be between 0 and 10");
        }
        if (readParallelism < 1) {
            throw new IllegalArgumentException("readParallelism must be positive");
        }
    }

    /** Production defaults: 4 retries from 0.8 s up to 30 s, 60 s per response, 10 min per operation. */
    public static AzureArmSettings defaults(AzureCloud cloud) {
        return new AzureArmSettings(cloud, 4, Duration.ofMillis(800), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMinutes(10), 8, ML_API_VERSION);
    }

    public AzureArmSettings withRetries(int retries, Duration baseDelay, Duration maxDelay) {
        return new AzureArmSettings(cloud, retries, baseDelay, maxDelay, responseTimeout, operationTimeout,
                readParallelism, mlApiVersion);
    }

    public AzureArmSettings withTimeouts(Duration response, Duration operation) {
        return new AzureArmSettings(cloud, maxRetries, retryBaseDelay, retryMaxDelay, response, operation,
                readParallelism, mlApiVersion);
    }
}
