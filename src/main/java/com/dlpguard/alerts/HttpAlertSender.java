package com.dlpguard.alerts;

import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.core.http.policy.RetryPolicy;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Posts alert bodies off the caller's thread. Retries are azure-core's {@link RetryPolicy}
 * (exponential backoff with jitter; 408, 429 and 5xx except 501/505, and I/O errors; honours
 * {@code Retry-After} in seconds or as a date, and {@code retry-after-ms}) over the JDK
 * {@code HttpClient}: configured here, not written here.
 *
 * <p>Bounded everywhere, so alerting cannot eat the function's resources: a fixed number of
 * threads, a bounded queue (a full queue drops the alert and logs it), connect and response
 * timeouts, and an overall deadline per delivery that also caps a huge {@code Retry-After}
 * (azure-core would otherwise wait as long as the receiver asks).
 *
 * <p>Logs name the sink and the outcome; never the URL (a Teams Workflows URL carries its
 * signature), never a header, never an exception message (those may quote the URL): only
 * exception class names.
 */
public final class HttpAlertSender implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpAlertSender.class.getName());

    /**
     * Delivery tuning. Defaults: connect 5 s, response 10 s, 4 retries from 1 s up to 30 s, at
     * most 2 min per delivery (well within a receiver's 5 min signature tolerance), 2 threads,
     * 200 queued alerts.
     */
    public record Options(Duration connectTimeout, Duration responseTimeout, int maxRetries, Duration baseDelay,
                          Duration maxDelay, Duration deliveryDeadline, int threads, int queueCapacity) {
        public Options {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(responseTimeout, "responseTimeout");
            Objects.requireNonNull(baseDelay, "baseDelay");
            Objects.requireNonNull(maxDelay, "maxDelay");
            Objects.requireNonNull(deliveryDeadline, "deliveryDeadline");
            if (maxRetries < 0 || maxRetries > 10 || threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("retries 0-10, at least one thread and one queue slot");
            }
        }

        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), Duration.ofSeconds(10), 4, Duration.ofSeconds(1),
                    Duration.ofSeconds(30), Duration.ofMinutes(2), 2, 200);
        }
    }

    /** How one delivery ended; {@code status} is the last HTTP status when there was a response. */
    public record Delivery(String sink, boolean delivered, Optional<Integer> status, String detail) {
        public Delivery {
            Objects.requireNonNull(sink, "sink");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final HttpPipeline pipeline;
    private final ThreadPoolExecutor executor;
    private final Duration deadline;

    public HttpAlertSender(Options options) {
        HttpClient client = new JdkHttpClientBuilder()
                .connectionTimeout(options.connectTimeout())
                .responseTimeout(options.responseTimeout())
                .readTimeout(options.responseTimeout())
                .build();
        RetryOptions retry = new RetryOptions(new ExponentialBackoffOptions()
                .setMaxRetries(options.maxRetries())
                .setBaseDelay(options.baseDelay())
                .setMaxDelay(options.maxDelay()));
        this.pipeline = new HttpPipelineBuilder().httpClient(client).policies(new RetryPolicy(retry)).build();
        this.deadline = options.deliveryDeadline();
        this.executor = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(options.queueCapacity()), daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues a POST of {@code body} and returns at once. The future completes with the outcome
     * (never exceptionally); {@code what} names the alert in logs (rule and alert id).
     */
    public CompletableFuture<Delivery> submit(String sink, String what, Secret url, Map<String, String> headers, byte[] body) {
        CompletableFuture<Delivery> result = new CompletableFuture<>();
        byte[] copy = body.clone();
        try {
            executor.execute(() -> result.complete(deliver(sink, what, url, headers, copy)));
        } catch (RejectedExecutionException e) {
            LOG.warning(() -> "alert " + what + " to sink '" + sink + "' dropped: the delivery queue is full or closed");
            result.complete(new Delivery(sink, false, Optional.empty(), "dropped: queue full or closed"));
        }
        return result;
    }

    private Delivery deliver(String sink, String what, Secret url, Map<String, String> headers, byte[] body) {
        try {
            HttpRequest request = new HttpRequest(HttpMethod.POST, url.reveal());
            headers.forEach((name, value) -> request.setHeader(HttpHeaderName.fromString(name), value));
            request.setBody(body);
            Integer status = pipeline.send(request)
                    .flatMap(response -> drain(response))
                    .block(deadline);
            if (status == null) {
                return failed(sink, what, Optional.empty(), "no response");
            }
            if (status >= 200 && status < 300) {
                LOG.fine(() -> "alert " + what + " delivered to sink '" + sink + "' (HTTP " + status + ")");
                return new Delivery(sink, true, Optional.of(status), "HTTP " + status);
            }
            return failed(sink, what, Optional.of(status), "HTTP " + status + (isRetriable(status) ? " after retries" : ""));
        } catch (RuntimeException e) {
            return failed(sink, what, Optional.empty(), describe(e));
        }
    }

    private static Mono<Integer> drain(HttpResponse response) {
        int status = response.getStatusCode();
        // Read the (small) answer so the connection returns to the pool, then let it go.
        return response.getBodyAsByteArray().then(Mono.fromSupplier(() -> {
            response.close();
            return status;
        }));
    }

    private static boolean isRetriable(int status) {
        return status == 408 || status == 429 || status >= 500 && status != 501 && status != 505;
    }

    private static Delivery failed(String sink, String what, Optional<Integer> status, String detail) {
        LOG.warning(() -> "alert " + what + " to sink '" + sink + "' failed: " + detail
                + "; the rollback is unaffected, the finding is in the function log");
        return new Delivery(sink, false, status, detail);
    }

    /** Exception class names along the cause chain, never their messages (they may quote the URL). */
    static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null && b.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            if (b.length() > 0) {
                b.append(" <- ");
            }
            b.append(t.getClass().getSimpleName());
        }
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).startsWith("Timeout on blocking read")) {
            b.append(" (delivery deadline passed)");
        }
        return b.toString();
    }

    /** Stops taking alerts and waits up to {@code wait} for queued ones (host shutdown). */
    public void close(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warning(() -> executor.getQueue().size() + " queued alert(s) not delivered at shutdown");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dlp-guard-alerts-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
