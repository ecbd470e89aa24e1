package com.dlpguard.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the shared guard state lives, from app settings (environment variables in Azure,
 * local.settings.json locally).
 *
 * <ul>
 *   <li>{@value #TABLE_ENDPOINT}: {@code https://<account>.table.core.windows.net}; the guard signs
 *       in with its managed identity, which needs "Storage Table Data Contributor" on that account.</li>
 *   <li>{@value #CLIENT_ID}: client id of the user-assigned identity (omit for a system-assigned one).</li>
 *   <li>{@value #TABLE}: table name, default {@value #DEFAULT_TABLE}.</li>
 *   <li>{@value #CONNECTION_STRING}: Azurite and local development only; it carries an account key,
 *       so it is never set in Azure and never printed (see {@link #toString()}).</li>
 * </ul>
 * Neither endpoint nor connection string: {@link #isShared()} is false and the guard keeps state
 * in memory (the CLI; a single local instance).
 */
public record StateSettings(Optional<String> endpoint, Optional<String> connectionString, String tableName,
                            Optional<String> managedIdentityClientId) {

    public static final String TABLE_ENDPOINT = "DLP_GUARD_STATE_TABLE_ENDPOINT";
    public static final String TABLE = "DLP_GUARD_STATE_TABLE";
    public static final String CONNECTION_STRING = "DLP_GUARD_STATE_CONNECTION_STRING";
    public static final String CLIENT_ID = "AZURE_CLIENT_ID";
    public static final String DEFAULT_TABLE = "dlpguardstate";

    /** Table Storage's naming rule: a letter, then letters or digits, 3 to 63 in all. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]{2,62}");

    public StateSettings {
        if (endpoint.isPresent() && connectionString.isPresent()) {
            throw new IllegalArgumentException("set " + TABLE_ENDPOINT + " (managed identity, Azure) or "
                    + CONNECTION_STRING + " (Azurite, local development), not both");
        }
        endpoint.ifPresent(StateSettings::checkEndpoint);
        if (!TABLE_NAME.matcher(tableName).matches() || tableName.equalsIgnoreCase("tables")) {
            throw new IllegalArgumentException(TABLE + " must be 3-63 letters or digits starting with a letter, got '"
                    + tableName + "'");
        }
    }

    public static StateSettings from(Map<String, String> settings) {
        return new StateSettings(
                setting(settings, TABLE_ENDPOINT).map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e),
                setting(settings, CONNECTION_STRING),
                setting(settings, TABLE).orElse(DEFAULT_TABLE),
                setting(settings, CLIENT_ID));
    }

    /** True when state is shared through Table Storage rather than kept per instance. */
    public boolean isShared() {
        return endpoint.isPresent() || connectionString.isPresent();
    }

    private static Optional<String> setting(Map<String, String> settings, String name) {
        return Optional.ofNullable(settings.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static void checkEndpoint(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            // Not quoted: a mistyped value might hold a SAS token.
            throw new IllegalArgumentException(TABLE_ENDPOINT + " is not a URL (expected https://<account>.table.core.windows.net)");
        }
        // Bearer tokens are only sent over https; a query would be a SAS token, i.e. a secret.
        if (!"https".equals(uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT))
                || uri.getHost() == null || uri.getRawQuery() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(TABLE_ENDPOINT
                    + " must be https://<account>.table.core.windows.net (no query, no credentials)");
        }
    }

    /** Never prints the connection string: it holds the account key. */
    @Override
    public String toString() {
        return "StateSettings[" + endpoint.map(e -> "endpoint=" + e).orElse(connectionString.isPresent()
                ? "connectionString=(redacted)" : "in-memory")
                + ", table=" + tableName + managedIdentityClientId.map(id -> ", clientId=" + id).orElse("") + "]";
    }
}
