package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Configuration;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP pipeline (credential, retry policy, request-id recorder, HTTP client), built by the
 * resource-manager library's own {@link HttpPipelineProvider}, shared by every read and write of
 * every subscription the guard guards (the id is in each URL, the pipeline is not bound to one).
 */
final class ArmClients {
    private final HttpPipeline pipeline;
    private final AzureCloud cloud;

    ArmClients(AzureArmSettings settings, TokenCredential credential, HttpClient httpClient) {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(httpClient, "httpClient");
        this.cloud = settings.cloud();
        RetryPolicy retry = new RetryPolicy(new ExponentialBackoff(settings.maxRetries(), settings.retryBaseDelay(),
                settings.retryMaxDelay()));
        // No HTTP logging: bodies can hold storage account names, headers the request ids we report ourselves.
        HttpLogOptions noLogs = new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE);
        this.pipeline = HttpPipelineProvider.buildHttpPipeline(credential, profile(null), null, noLogs,
                Configuration.NONE, retry, List.of(new ConditionalHeadersOnWrites(), new RequestIdRecorder()), httpClient);
    }

    /** The JDK HTTP client with the JVM's default trust store (honours {@code javax.net.ssl.trustStore}). */
    static HttpClient defaultHttpClient(AzureArmSettings settings) {
        return new JdkHttpClientBuilder().connectionTimeout(Duration.ofSeconds(10))
                .responseTimeout(settings.responseTimeout()).build();
    }

    /** The JDK HTTP client trusting what {@code tls} trusts (tests: the emulator's own certificate). */
    static HttpClient httpClientTrusting(SSLContext tls, AzureArmSettings settings) {
        return new JdkHttpClientBuilder(java.net.http.HttpClient.newBuilder().sslContext(tls))
                .connectionTimeout(Duration.ofSeconds(10)).responseTimeout(settings.responseTimeout()).build();
    }

    private AzureProfile profile(String subscriptionId) {
        return new AzureProfile(null, subscriptionId, cloud.environment());
    }

    HttpPipeline pipeline() {
        return pipeline;
    }

    /** The ARM base URL without a trailing slash. */
    String endpoint() {
        String e = cloud.resourceManagerEndpoint();
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }
}
