package com.dlpguard.alerts;

import com.dlpguard.config.ConfigException;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerting configuration from app settings (environment variables). Secrets live only here, as
 * {@link Secret}s, never in {@code dlp-guard.json}; a Key Vault reference works because the
 * platform resolves it into the setting's value. Error messages name the variable and the
 * problem, never the value.
 *
 * <ul>
 *   <li>{@value #TEAMS_URL}: the Teams Workflows webhook URL (carries its own signature: a secret).</li>
 *   <li>{@value #WEBHOOK_URL}, {@value #WEBHOOK_SECRET}: the generic webhook and its HMAC key
 *       (at least {@value #MIN_SECRET_LENGTH} characters; required with the URL).</li>
 *   <li>{@value #DEDUPE_MINUTES}: de-duplication window, default 60, 0 disables it.</li>
 *   <li>{@value #PORTAL_URL}: portal for deep links, default {@code https://portal.azure.com}.</li>
 * </ul>
 */
public record AlertSettings(Optional<Secret> teamsWebhookUrl,
                            Optional<Secret> webhookUrl,
                            Optional<Secret> webhookSecret,
                            Duration dedupeWindow,
                            URI portal) {
    public static final String TEAMS_URL = "DLP_GUARD_TEAMS_WEBHOOK_URL";
    public static final String WEBHOOK_URL = "DLP_GUARD_WEBHOOK_URL";
    public static final String WEBHOOK_SECRET = "DLP_GUARD_WEBHOOK_SECRET";
    public static final String DEDUPE_MINUTES = "DLP_GUARD_ALERT_DEDUPE_MINUTES";
    public static final String PORTAL_URL = "DLP_GUARD_PORTAL_URL";
    public static final Duration DEFAULT_DEDUPE_WINDOW = Duration.ofHours(1);
    public static final int MIN_SECRET_LENGTH = 32;
    private static final long MAX_DEDUPE_MINUTES = 7 * 24 * 60;

    public AlertSettings {
        Objects.requireNonNull(teamsWebhookUrl, "teamsWebhookUrl");
        Objects.requireNonNull(webhookUrl, "webhookUrl");
        Objects.requireNonNull(webhookSecret, "webhookSecret");
        Objects.requireNonNull(dedupeWindow, "dedupeWindow");
        Objects.requireNonNull(portal, "portal");
        if (webhookUrl.isPresent() && webhookSecret.isEmpty()) {
            throw new IllegalArgumentException(WEBHOOK_URL + " is set but " + WEBHOOK_SECRET + " is not: webhooks are always signed");
        }
    }

    /** Reads the settings from {@code environment} (in Azure: {@code System.getenv()}). */
    public static AlertSettings fromEnvironment(Map<String, String> environment) throws ConfigException {
        Optional<Secret> teams = url(environment, TEAMS_URL);
        Optional<Secret> webhook = url(environment, WEBHOOK_URL);
        Optional<Secret> secret = value(environment, WEBHOOK_SECRET);
        if (secret.isPresent() && secret.get().reveal().length() < MIN_SECRET_LENGTH) {
            throw new ConfigException(WEBHOOK_SECRET + " is too short: use at least " + MIN_SECRET_LENGTH
                    + " random characters (e.g. openssl rand -hex 32)");
        }
        if (webhook.isPresent() && secret.isEmpty()) {
            throw new ConfigException(WEBHOOK_URL + " is set but " + WEBHOOK_SECRET + " is not: webhooks are always signed");
        }
        Duration window = DEFAULT_DEDUPE_WINDOW;
        Optional<String> minutes = plain(environment, DEDUPE_MINUTES);
        if (minutes.isPresent()) {
            long m;
            try {
                m = Long.parseLong(minutes.get().trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(DEDUPE_MINUTES + " must be a whole number of minutes");
            }
            if (m < 0 || m > MAX_DEDUPE_MINUTES) {
                throw new ConfigException(DEDUPE_MINUTES + " must be between 0 and " + MAX_DEDUPE_MINUTES + " minutes");
            }
            window = Duration.ofMinutes(m);
        }
        URI portal = PortalLink.PUBLIC_CLOUD;
        Optional<String> portalText = plain(environment, PORTAL_URL);
        if (portalText.isPresent()) {
            try {
                portal = PortalLink.validate(new URI(portalText.get().trim()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new ConfigException(PORTAL_URL + " must be https://<portal host>, e.g. https://portal.azure.us");
            }
        }
        return new AlertSettings(teams, webhook, secret, window, portal);
    }

    public boolean anySink() {
        return teamsWebhookUrl.isPresent() || webhookUrl.isPresent();
    }

    private static Optional<Secret> url(Map<String, String> environment, String name) throws ConfigException {
        Optional<Secret> value = value(environment, name);
        if (value.isPresent() && !isAcceptableUrl(value.get().reveal())) {
            // The cause is dropped on purpose: URISyntaxException messages quote the input.
            throw new ConfigException(name + " must be an https URL (plain http only to a loopback address)");
        }
        return value;
    }

    /** https anywhere; http only to the local machine (test receivers, a local relay). */
    static boolean isAcceptableUrl(String text) {
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return false;
        }
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            return true;
        }
        return "http".equalsIgnoreCase(uri.getScheme()) && isLoopback(uri.getHost());
    }

    private static boolean isLoopback(String host) {
        String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.matches("[0-9.]+") && !h.contains(":")) {
            return false; // a DNS name: never resolve a configured host just to validate it
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static Optional<Secret> value(Map<String, String> environment, String name) throws ConfigException {
        Optional<String> text = plain(environment, name);
        return text.isPresent() ? Optional.of(Secret.of(text.get().trim())) : Optional.empty();
    }

    /** Blank counts as unset (portal and IaC templates create empty settings). */
    private static Optional<String> plain(Map<String, String> environment, String name) throws ConfigException {
        String raw = environment.get(name);
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        if (raw.trim().startsWith("@Microsoft.KeyVault(")) {
            // App Service leaves the reference text in place when it cannot resolve it.
            throw new ConfigException(name + " is an unresolved Key Vault reference: grant the function app's identity "
                    + "'get' on the secret (Key Vault Secrets User) and check the reference");
        }
        return Optional.of(raw);
    }
}
