package com.dlpguard.app;

import java.util.Set;

/**
 * Every app setting (environment variable) the guard reads: the single list that infra/main.bicep
 * and local.settings.sample.json must both cover (a test in com.dlpguard.infra compares them).
 * Add a name here in the same change that starts reading it.
 */
public final class SettingNames {
    /** Guard configuration as inline JSON; wins over {@link #CONFIG_PATH} when both are set. */
    public static final String CONFIG = "DLP_GUARD_CONFIG";
    /** Path of the guard configuration file (e.g. deployed with the app package). */
    public static final String CONFIG_PATH = "DLP_GUARD_CONFIG_PATH";
    /** Comma-separated app ids / object ids of the guard's own identity (loop protection). */
    public static final String IDENTITY_IDS = "DLP_GUARD_IDENTITY_IDS";
    /** Global dry-run: "true" plans and alerts but never writes to ARM. Deployments start with true. */
    public static final String DRY_RUN = "DLP_GUARD_DRY_RUN";
    /** NCRONTAB of the timer sweep, bound as %DLP_GUARD_SWEEP_SCHEDULE%. */
    public static final String SWEEP_SCHEDULE = "DLP_GUARD_SWEEP_SCHEDULE";
    /** Client id of the user-assigned managed identity the Azure SDK credential should use. */
    public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
    /** Teams Workflows webhook URL (carries a signature: a secret, a Key Vault reference in Azure). */
    public static final String TEAMS_WEBHOOK_URL = "DLP_GUARD_TEAMS_WEBHOOK_URL";
    /** Generic JSON webhook URL (a secret, a Key Vault reference in Azure). */
    public static final String WEBHOOK_URL = "DLP_GUARD_WEBHOOK_URL";
    /** Shared secret signing the generic webhook body (a Key Vault reference in Azure). */
    public static final String WEBHOOK_SECRET = "DLP_GUARD_WEBHOOK_SECRET";
    /** Minutes during which an identical alert is not sent again. */
    public static final String ALERT_DEDUPE_MINUTES = "DLP_GUARD_ALERT_DEDUPE_MINUTES";
    /** Base URL of the Azure portal used for links in alerts (sovereign clouds differ). */
    public static final String PORTAL_URL = "DLP_GUARD_PORTAL_URL";
    /** Table service endpoint of the state store, reached with the managed identity. */
    public static final String STATE_TABLE_ENDPOINT = "DLP_GUARD_STATE_TABLE_ENDPOINT";
    /** Name of the state table. */
    public static final String STATE_TABLE = "DLP_GUARD_STATE_TABLE";
    /**
     * Table connection string for Azurite and local development only: it carries an account key,
     * so infra/ sets it empty and Azure uses {@link #STATE_TABLE_ENDPOINT} with the identity.
     */
    public static final String STATE_CONNECTION_STRING = "DLP_GUARD_STATE_CONNECTION_STRING";
    /** Rollbacks of one resource within the fight window after which the guard stops and escalates. */
    public static final String FIGHT_LIMIT = "DLP_GUARD_FIGHT_LIMIT";
    /** Length of the fight window in minutes. */
    public static final String FIGHT_WINDOW_MINUTES = "DLP_GUARD_FIGHT_WINDOW_MINUTES";

    /**
     * Resource id of this function app ({@code Microsoft.Web/sites}): the self-check confirms the
     * event subscriptions deliver to THIS app's DlpGuardEventGrid. Unset: no self-check on sweeps
     * (local runs); infra/ always sets it.
     */
    public static final String FUNCTION_APP_ID = "DLP_GUARD_FUNCTION_APP_ID";
    /** JSON array of the Event Grid system topic ids that deliver to the guard (the self-check reads them). */
    public static final String EVENT_TOPICS = "DLP_GUARD_EVENT_TOPICS";

    public static final Set<String> ALL = Set.of(
            CONFIG, CONFIG_PATH, IDENTITY_IDS, DRY_RUN, SWEEP_SCHEDULE, AZURE_CLIENT_ID,
            TEAMS_WEBHOOK_URL, WEBHOOK_URL, WEBHOOK_SECRET, ALERT_DEDUPE_MINUTES, PORTAL_URL,
            STATE_TABLE_ENDPOINT, STATE_TABLE, STATE_CONNECTION_STRING, FIGHT_LIMIT, FIGHT_WINDOW_MINUTES,
            FUNCTION_APP_ID, EVENT_TOPICS);

    private SettingNames() {
    }
}
