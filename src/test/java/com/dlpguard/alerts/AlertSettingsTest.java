package com.dlpguard.alerts;

import com.dlpguard.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@ExtendWith(LogCapture.class)
class AlertSettingsTest {
    static final String TEAMS = "https://prod-42.westeurope.logic.azure.com:443" + TestSecrets.TEAMS_PATH;
    static final String HOOK = "https://siem.contoso.com" + TestSecrets.WEBHOOK_PATH;

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void reads_every_setting() throws Exception {
        AlertSettings s = AlertSettings.fromEnvironment(env(
                "DLP_GUARD_TEAMS_WEBHOOK_URL", TEAMS,
                "DLP_GUARD_WEBHOOK_URL", " " + HOOK + " ",
                "DLP_GUARD_WEBHOOK_SECRET", TestSecrets.SIGNING_KEY,
                "DLP_GUARD_ALERT_DEDUPE_MINUTES", "15",
                "DLP_GUARD_PORTAL_URL", "https://portal.azure.us"));
        assertEquals(TEAMS, s.teamsWebhookUrl().orElseThrow().reveal());
        assertEquals(HOOK, s.webhookUrl().orElseThrow().reveal());
        assertEquals(TestSecrets.SIGNING_KEY, s.webhookSecret().orElseThrow().reveal());
        assertEquals(Duration.ofMinutes(15), s.dedupeWindow());
        assertEquals(URI.create("https://portal.azure.us"), s.portal());
        assertTrue(s.anySink());
    }

    @Test
    void defaults_when_nothing_or_blanks_are_set() throws Exception {
        AlertSettings s = AlertSettings.fromEnvironment(env("DLP_GUARD_TEAMS_WEBHOOK_URL", "  ", "DLP_GUARD_PORTAL_URL", ""));
        assertTrue(s.teamsWebhookUrl().isEmpty());
        assertFalse(s.anySink());
        assertEquals(Duration.ofHours(1), s.dedupeWindow());
        assertEquals(URI.create("https://portal.azure.com"), s.portal());
        assertEquals(Duration.ZERO, AlertSettings.fromEnvironment(env("DLP_GUARD_ALERT_DEDUPE_MINUTES", "0")).dedupeWindow());
    }

    @Test
    void secrets_never_show_in_to_string() throws Exception {
        AlertSettings s = AlertSettings.fromEnvironment(env("DLP_GUARD_TEAMS_WEBHOOK_URL", TEAMS, "DLP_GUARD_WEBHOOK_URL", HOOK,
                "DLP_GUARD_WEBHOOK_SECRET", TestSecrets.SIGNING_KEY));
        String text = s.toString() + " " + s.teamsWebhookUrl().orElseThrow() + " " + Secret.of(TestSecrets.SIGNING_KEY);
        System.out.println("settings: " + text);
        for (String secret : TestSecrets.ALL) {
            assertFalse(text.contains(secret));
        }
        assertTrue(text.contains("***"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://siem.contoso.com/hooks/" + TestSecrets.WEBHOOK_TOKEN,       // plain http off the machine
            "ftp://siem.contoso.com/" + TestSecrets.WEBHOOK_TOKEN,
            "https://user:" + TestSecrets.WEBHOOK_TOKEN + "@siem.contoso.com/x",
            "not a url " + TestSecrets.WEBHOOK_TOKEN,
            "https:///" + TestSecrets.WEBHOOK_TOKEN,
            "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/" + TestSecrets.WEBHOOK_TOKEN + ")"})
    void a_bad_url_is_refused_naming_the_setting_never_the_value(String bad) {
        ConfigException e = assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(env(
                "DLP_GUARD_WEBHOOK_URL", bad, "DLP_GUARD_WEBHOOK_SECRET", TestSecrets.SIGNING_KEY)));
        assertTrue(e.getMessage().startsWith("DLP_GUARD_WEBHOOK_URL "), e.getMessage());
        assertFalse(e.getMessage().contains(TestSecrets.WEBHOOK_TOKEN));
        assertTrue(e.getCause() == null, "no cause that could quote the value");
        System.out.println(e.getMessage());
    }

    @Test
    void plain_http_is_allowed_to_loopback_only() throws Exception {
        assertTrue(AlertSettings.isAcceptableUrl("http://127.0.0.1:8080/x"));
        assertTrue(AlertSettings.isAcceptableUrl("http://localhost/x"));
        assertTrue(AlertSettings.isAcceptableUrl("http://[::1]:9000/x"));
        assertFalse(AlertSettings.isAcceptableUrl("http://10.0.0.4/x"));
        assertFalse(AlertSettings.isAcceptableUrl("http://127.0.0.1.nip.io/x"));
    }

    @Test
    void a_webhook_is_always_signed_with_a_long_enough_key() {
        ConfigException missing = assertThrows(ConfigException.class,
                () -> AlertSettings.fromEnvironment(env("DLP_GUARD_WEBHOOK_URL", HOOK)));
        assertTrue(missing.getMessage().contains("DLP_GUARD_WEBHOOK_SECRET is not"), missing.getMessage());
        ConfigException shortKey = assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(env(
                "DLP_GUARD_WEBHOOK_URL", HOOK, "DLP_GUARD_WEBHOOK_SECRET", "hunter2")));
        assertFalse(shortKey.getMessage().contains("hunter2"));
    }

    @Test
    void an_unresolved_key_vault_reference_is_explained() {
        ConfigException e = assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(env(
                "DLP_GUARD_TEAMS_WEBHOOK_URL", "@Microsoft.KeyVault(VaultName=kv;SecretName=teams-url)")));
        assertTrue(e.getMessage().contains("unresolved Key Vault reference"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "sixty", "1.5", "99999999"})
    void a_bad_window_is_refused(String minutes) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AlertSettings.fromEnvironment(env("DLP_GUARD_ALERT_DEDUPE_MINUTES", minutes)));
        assertTrue(e.getMessage().startsWith("DLP_GUARD_ALERT_DEDUPE_MINUTES"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://portal.azure.com", "https://portal.azure.com/#@evil", "https://portal.azure.com/x?y", "portal.azure.com"})
    void a_bad_portal_is_refused(String portal) {
        assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(env("DLP_GUARD_PORTAL_URL", portal)));
    }
}
