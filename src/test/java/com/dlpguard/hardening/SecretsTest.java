package com.dlpguard.hardening;

import com.dlpguard.alerts.ActionTaken;
import com.dlpguard.alerts.Actor;
import com.dlpguard.alerts.AlertContext;
import com.dlpguard.alerts.AlertMessage;
import com.dlpguard.alerts.AlertSettings;
import com.dlpguard.alerts.HttpAlertSender;
import com.dlpguard.alerts.PortalLink;
import com.dlpguard.alerts.Secret;
import com.dlpguard.alerts.TeamsCardRenderer;
import com.dlpguard.alerts.TeamsSink;
import com.dlpguard.alerts.WebhookPayloadRenderer;
import com.dlpguard.alerts.WebhookSink;
import com.dlpguard.app.GuardWiring;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.config.ConfigException;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.snapshot.SnapshotLoader;
import com.dlpguard.state.GuardStateStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secrets: the other suites configure fake but realistic secrets (a Teams Workflows URL with its
 * {@code sig=}, the webhook signing secret, a bearer token, a function key, a storage key) and every
 * log record, decision and audit line, CLI output and HTTP answer they produce goes through
 * {@link Secrets#scan}. This suite adds the paths most likely to leak: alert deliveries that fail
 * (server errors, refused connections, unknown hosts), settings that are rejected, and ARM refusing
 * the bearer token; then it checks that the scanner itself finds a planted secret in every form.
 */
class SecretsTest {
    static long leaksBefore;
    static final List<String> texts = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        CapturedLogs.install();
        Hardening.seed("SecretsTest", 0L);
        leaksBefore = Secrets.leaks();
    }

    @AfterAll
    static void tearDown() {
        System.out.println("[hardening] SecretsTest: scanned " + Secrets.scannedItems() + " texts (" + Secrets.scannedChars()
                + " characters) and " + CapturedLogs.records() + " log records in this JVM so far; leaks " + Secrets.leaks());
        assertEquals(leaksBefore, Secrets.leaks(), "secrets leaked: " + Secrets.leakExamples());
    }

    /** Scanned like everything else, and asserted here and now with the case named. */
    static void clean(String what, String text) {
        Secrets.scan(what, text);
        assertEquals(-1, Secrets.find(text), what + " shows a secret");
    }

    static String withCauses(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void theScannerFindsAPlantedSecretInEveryForm() {
        String url = "https://prod-12.westeurope.logic.azure.com" + Secrets.TEAMS_PATH + Secrets.TEAMS_QUERY;
        assertTrue(Secrets.find("posting to " + url) >= 0);
        assertTrue(Secrets.find(java.net.URLEncoder.encode(url, java.nio.charset.StandardCharsets.UTF_8)) >= 0);
        assertTrue(Secrets.find("Authorization: Bearer " + Secrets.BEARER_TOKEN) >= 0);
        assertTrue(Secrets.find(java.util.Base64.getEncoder().encodeToString(Secrets.WEBHOOK_SECRET.getBytes())) >= 0);
        assertTrue(Secrets.find("AccountKey=" + Secrets.STORAGE_KEY.substring(0, 20)) >= 0, "a truncated key still counts");
        assertEquals(-1, Secrets.find("dlp-guard: alert DLP003 violation to sink 'teams' failed: HTTP 500"));
    }

    static AlertMessage alert() throws Exception {
        GuardConfig config = ConfigLoader.load(Rig.CONFIG, Rig.TODAY);
        Finding finding = RuleEngine.withCatalog().evaluate(config, SnapshotLoader.load(Rig.EXAMPLES.resolve("drifted")), Rig.TODAY)
                .assessments().stream().filter(a -> a.isViolation()).findFirst().orElseThrow().finding();
        AlertContext context = new AlertContext(new Actor(Optional.of("mallory@contoso.com"), Optional.of(Humans.HUMAN_APP),
                Optional.of("203.0.113.77")), Optional.of("corr-1"), Optional.of("event-1"));
        return AlertMessage.violation(finding, "title", context, ActionTaken.ROLLED_BACK, "applied", Instant.parse("2026-11-24T09:20:00Z"));
    }

    @Test
    void failedAlertDeliveriesNameTheSinkNeverTheUrlOrKey() throws Exception {
        AlertMessage alert = alert();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpAlertSender sender = new HttpAlertSender(new HttpAlertSender.Options(Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
                Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(5), 2, 20));
        try (AlertReceiver failing = new AlertReceiver()) {
            List<String> bases = List.of(failing.base(), "http://127.0.0.1:" + closedPort, "https://prod-00.westeurope.logic.azure.invalid");
            for (int status : new int[] {500, 400, 429}) {
                failing.status = status;
                for (String base : bases) {
                    Secret teams = Secret.of(base + Secrets.TEAMS_PATH + Secrets.TEAMS_QUERY);
                    Secret webhook = Secret.of(base + Secrets.WEBHOOK_PATH + "?code=" + Secrets.FUNCTION_KEY);
                    HttpAlertSender.Delivery t = new TeamsSink(teams, new TeamsCardRenderer(PortalLink.PUBLIC_CLOUD), sender)
                            .deliver(alert).get(30, TimeUnit.SECONDS);
                    HttpAlertSender.Delivery w = new WebhookSink(webhook, Secret.of(Secrets.WEBHOOK_SECRET),
                            new WebhookPayloadRenderer(PortalLink.PUBLIC_CLOUD), sender, java.time.Clock.systemUTC())
                            .deliver(alert).get(30, TimeUnit.SECONDS);
                    assertFalse(t.delivered() || w.delivered(), base + " fails");
                    clean("teams delivery to " + base, t.toString());
                    clean("webhook delivery to " + base, w.toString());
                }
            }
        } finally {
            sender.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void rejectedSettingsNameTheSettingNeverItsValue() {
        Map<String, String> good = Secrets.environment("http://127.0.0.1:9", Rig.CONFIG.toString(), true);
        List<Map<String, String>> bad = new ArrayList<>();
        bad.add(with(good, "DLP_GUARD_TEAMS_WEBHOOK_URL", "http://prod-12.westeurope.logic.azure.com" + Secrets.TEAMS_PATH + Secrets.TEAMS_QUERY));
        bad.add(with(good, "DLP_GUARD_TEAMS_WEBHOOK_URL", "https://user:" + Secrets.WEBHOOK_SECRET + "@prod-12.logic.azure.com/x"));
        bad.add(with(good, "DLP_GUARD_TEAMS_WEBHOOK_URL", "https://prod 12.logic.azure.com" + Secrets.TEAMS_PATH + Secrets.TEAMS_QUERY));
        bad.add(with(good, "DLP_GUARD_WEBHOOK_URL", "ftp://hooks.example.com/?code=" + Secrets.FUNCTION_KEY));
        bad.add(with(good, "DLP_GUARD_WEBHOOK_SECRET", Secrets.WEBHOOK_SECRET.substring(0, 20)));
        bad.add(with(good, "DLP_GUARD_PORTAL_URL", "https://portal.azure.com/#" + Secrets.TEAMS_SIG));
        for (Map<String, String> env : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> AlertSettings.fromEnvironment(env));
            clean("alert settings error", withCauses(e));
            IllegalStateException wiring = assertThrows(IllegalStateException.class, () -> GuardWiring.fromEnvironment(env));
            clean("wiring error", withCauses(wiring));
        }
        Map<String, String> dryRunTypo = with(good, "DLP_GUARD_DRY_RUN", "flase");
        clean("dry-run typo", withCauses(assertThrows(IllegalStateException.class, () -> GuardWiring.fromEnvironment(dryRunTypo))));
        for (String broken : List.of("AccountKey=" + Secrets.STORAGE_KEY, "DefaultEndpointsProtocol=https;AccountName=x;AccountKey="
                + Secrets.STORAGE_KEY + ";TableEndpoint=not a url", "AccountName=x;AccountKey=" + Secrets.STORAGE_KEY + ";;;=")) {
            Map<String, String> env = with(good, "DLP_GUARD_STATE_CONNECTION_STRING", broken);
            try {
                GuardStateStores.fromSettings(env);
            } catch (RuntimeException e) {
                clean("state settings error", withCauses(e));
            }
        }
    }

    @Test
    void armRefusingTheTokenDoesNotEchoIt() throws Exception {
        try (ArmEmulator emulator = ArmEmulator.start()) {   // expects its own token, not ours
            emulator.seed(Rig.EXAMPLES.resolve("compliant"));
            AzureArmSettings settings = AzureArmSettings.defaults(AzureCloud.custom(URI.create(emulator.endpoint()),
                    Optional.empty(), Optional.empty())).withRetries(1, Duration.ofMillis(10), Duration.ofMillis(50));
            Map<String, String> env = Map.of("DLP_GUARD_ARM_TOKEN", Secrets.BEARER_TOKEN);
            try (AzureArmGateway gateway = AzureArmGateway.create(settings, ArmCredentials.bearerTokenFromEnvironment(
                    "DLP_GUARD_ARM_TOKEN", env::get), Optional.of(emulator.clientSslContext()), line -> clean("progress", line))) {
                GuardConfig config = ConfigLoader.load(Rig.CONFIG, Rig.TODAY);
                boolean refused;
                try {
                    Map<?, String> failures = gateway.read(ChaosTest.everything(config)).readFailures();
                    failures.values().forEach(v -> clean("read failure", v));
                    refused = !failures.isEmpty();
                } catch (ArmException e) {
                    clean("ARM refusal", withCauses(e));
                    refused = true;
                }
                assertTrue(refused, "the emulator refuses a token it did not issue");
                assertTrue(emulator.requests().entries().stream().noneMatch(r -> r.authorized()), "every request was refused");
            }
        }
    }

    static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
