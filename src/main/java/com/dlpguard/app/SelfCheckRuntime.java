package com.dlpguard.app;

import com.dlpguard.alerts.AlertDispatcher;
import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.alerts.AlertSinks;
import com.dlpguard.alerts.HttpAlertSender;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.config.ConfigException;
import com.dlpguard.health.SelfCheckRunner;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.state.GuardStateStores;
import com.google.gson.JsonElement;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The self-check of this JVM, built on first use from the app settings, like {@link GuardRuntime}.
 * Empty when {@link SettingNames#FUNCTION_APP_ID} is unset (a local run): the sweep then says in
 * its log line that no self-check ran. infra/ always sets it, and an insider cannot unset it
 * (the guard's own resources are outside their reach, rule book 1.1).
 */
public final class SelfCheckRuntime {
    private static final Logger DECISIONS = Logger.getLogger("dlp-guard.decisions");
    private static volatile Supplier<Optional<SelfCheckService>> factory = () -> fromEnvironment(System.getenv());
    private static volatile Optional<SelfCheckService> service;

    private SelfCheckRuntime() {
    }

    public static Optional<SelfCheckService> selfCheck() {
        Optional<SelfCheckService> s = service;
        if (s == null) {
            synchronized (SelfCheckRuntime.class) {
                s = service;
                if (s == null) {
                    s = Objects.requireNonNull(factory.get(), "self-check factory returned nothing");
                    service = s;
                }
            }
        }
        return s;
    }

    /** Replaces the self-check (tests). */
    public static synchronized void install(Optional<SelfCheckService> replacement) {
        service = Objects.requireNonNull(replacement, "replacement");
    }

    /** Forgets the current self-check; the next call builds one from {@code newFactory}. */
    public static synchronized void reset(Supplier<Optional<SelfCheckService>> newFactory) {
        factory = Objects.requireNonNull(newFactory, "newFactory");
        service = null;
    }

    static Optional<SelfCheckService> fromEnvironment(Map<String, String> env) {
        String app = env.getOrDefault(SettingNames.FUNCTION_APP_ID, "").trim();
        if (app.isEmpty()) {
            return Optional.empty();
        }
        Clock clock = Clock.systemUTC();
        try {
            ResourceId functionApp = ResourceId.tryParse(app).orElseThrow(() ->
                    new ConfigException(SettingNames.FUNCTION_APP_ID + " is not a resource id"));
            GuardSettings settings = GuardSettings.from(env, LocalDate.now(clock));
            AzureCloud cloud = AzureCloud.PUBLIC;
            AzureArmGateway gateway = AzureArmGateway.create(AzureArmSettings.defaults(cloud),
                    ArmCredentials.defaultAzureCredential(cloud, settings.managedIdentityClientId()));
            AlertSettings alerts = AlertSettings.fromEnvironment(env);
            var sinks = alerts.anySink()
                    ? AlertSinks.fromSettings(alerts, new HttpAlertSender(HttpAlertSender.Options.defaults()), clock)
                    : List.<com.dlpguard.alerts.AlertSink>of();
            AlertDispatcher dispatcher = new AlertDispatcher(GuardStateStores.fromSettings(env), sinks, alerts.dedupeWindow());
            SelfCheckRunner runner = new SelfCheckRunner(gateway, gateway, Optional.of(functionApp),
                    topics(env.getOrDefault(SettingNames.EVENT_TOPICS, "[]")));
            return Optional.of(new SelfCheckService(runner, dispatcher, clock, DECISIONS::info));
        } catch (ConfigException e) {
            throw new IllegalStateException("DLP Guard settings are invalid: " + e.getMessage());
        }
    }

    static List<ResourceId> topics(String json) throws ConfigException {
        List<ResourceId> topics = new ArrayList<>();
        JsonElement parsed;
        try {
            parsed = StrictJson.parse(json.isBlank() ? "[]" : json);
        } catch (JsonInputException e) {
            throw new ConfigException(SettingNames.EVENT_TOPICS + " is not JSON: " + e.getMessage());
        }
        if (!parsed.isJsonArray()) {
            throw new ConfigException(SettingNames.EVENT_TOPICS + " must be a JSON array of system topic ids");
        }
        int i = 0;
        for (JsonElement e : parsed.getAsJsonArray()) {
            Optional<ResourceId> id = e.isJsonPrimitive() ? ResourceId.tryParse(e.getAsString()) : Optional.empty();
            if (id.isEmpty()) {
                throw new ConfigException(SettingNames.EVENT_TOPICS + ": $[" + i + "] is not a resource id");
            }
            topics.add(id.get());
            i++;
        }
        return topics;
    }
}
