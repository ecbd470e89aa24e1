package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddDatePolicy;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.util.Configuration;
import com.azure.resourcemanager.resources.fluentcore.policy.AuthenticationPolicy;
import com.azure.resourcemanager.resources.fluentcore.policy.ReturnRequestIdHeaderPolicy;
import com.azure.resourcemanager.resources.fluentcore.policy.UserAgentPolicy;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP pipeline (credential, retry policy, request-id recorder, HTTP client) of the
 * resource-manager library's policies, shared by every read and write of every subscription the
 * guard guards (the id is in each URL, the pipeline is not bound to one).
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
        AzureEnvironment environment = cloud.environment();
        // The policies HttpPipelineProvider.buildHttpPipeline assembles, in its order, less two:
        // - HttpLoggingPolicy: the guard logs nothing of ARM's traffic (bodies can hold storage
        //   account names, headers the request ids reported on their own); its class initialiser
        //   also builds a pretty-printing Jackson mapper, 0.1-0.3 s on a cold instance's first event.
        // - ProviderRegistrationPolicy: on a 409 MissingSubscriptionRegistration it registers the
        //   resource provider in the subscription, a write nobody planned; the guard only reads and
        //   writes what the planner shows is drift, so ARM's refusal is reported instead.
        this.pipeline = new HttpPipelineBuilder()
                .httpClient(httpClient)
                .policies(new UserAgentPolicy(new HttpLogOptions(), Configuration.NONE),
                        new AddHeadersFromContextPolicy(),
                        new RequestIdPolicy(),
                        new ReturnRequestIdHeaderPolicy(ReturnRequestIdHeaderPolicy.Option.COPY_CLIENT_REQUEST_ID),
                        retry,
                        new AddDatePolicy(),
                        new AuthenticationPolicy(credential, environment),
                        new ConditionalHeadersOnWrites(),
                        new RequestIdRecorder())
                .build();
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

    HttpPipeline pipeline() {
        return pipeline;
    }

    /** The ARM base URL without a trailing slash. */
    String endpoint() {
        String e = cloud.resourceManagerEndpoint();
        return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
    }
}
