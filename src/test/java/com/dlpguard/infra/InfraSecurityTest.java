package com.dlpguard.infra;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing in infra/ holds a secret, a connection string or a key, and no principal gets a role
 * broader than it needs: the guard's custom role only at the protected resource groups, data-plane
 * roles only on the guard's own storage account, vault and telemetry.
 */
class InfraSecurityTest {
    private static final Path INFRA = Repo.infra();

    /** Patterns that mean a credential is written down, or fetched into a template. */
    private static final Map<String, Pattern> SECRET_PATTERNS = Map.of(
            "storage account key", Pattern.compile("(?i)AccountKey\\s*="),
            "connection string", Pattern.compile("(?i)DefaultEndpointsProtocol\\s*=|Endpoint=sb://|InstrumentationKey\\s*="),
            "SAS token", Pattern.compile("(?i)SharedAccessSignature|[?&]sig=|\\bsig=|\\bsv=20\\d\\d-"),
            "key listing function", Pattern.compile("(?i)\\blist(Keys|AccountSas|ServiceSas|ConnectionStrings|Secrets|Credentials?)\\s*\\("),
            "password or secret literal", Pattern.compile(
                    "(?i)[\"']?\\b(password|passwd|pwd|secret|client_?secret|api_?key|token)[\"']?\\s*[:=]\\s*[\"'][^\"'\\s]+[\"']"),
            "Teams / Logic Apps webhook URL", Pattern.compile("(?i)webhook\\.office\\.com|logic\\.azure\\.com|api\\.powerplatform\\.com"),
            "private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----"));

    // Built-in roles far broader than the guard's needs; none may be assigned by this deployment.
    private static final Map<String, String> BROAD_ROLES = Map.of(
            "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
            "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
            "4d97b98b-1d4f-4787-a291-c67834d212e7", "Network Contributor",
            "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
            "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator",
            "17d1049b-9a84-46fb-8f53-869881c3d3ab", "Storage Account Contributor",
            "00482a5a-887f-4fb3-b363-3b7fe8e74483", "Key Vault Administrator",
            "f1a07417-d97a-45cb-824c-7a7467783830", "Managed Identity Operator");

    // The only built-in roles infra/ may reference, and why.
    private static final Map<String, String> ALLOWED_ROLES = Map.of(
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner (guard: host storage, Flex package)",
            "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor (guard: state table)",
            "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor (system topics: dead-letter container)",
            "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher (guard: telemetry)",
            "4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User (guard: alert secrets)",
            "acdd72a7-3385-48ef-bd42-f606fba81ae7", "Reader (readerResourceGroups; the self-check on each system topic)",
            "73c42c96-874c-492b-b04d-ab87d138a893", "Log Analytics Reader (dead man's switch log alerts: the guard's workspace)");

    private static final Pattern GUID = Pattern.compile("(?i)\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");

    static List<Path> deploymentFiles() {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(INFRA)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(Repo.root().resolve("azure.yaml"));
        files.add(Repo.root().resolve("local.settings.sample.json"));
        return files;
    }

    private static List<Path> bicepFiles() {
        return deploymentFiles().stream().filter(p -> p.toString().endsWith(".bicep")).toList();
    }

    static List<String> secretFindings(String name, String text) {
        List<String> findings = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            for (Map.Entry<String, Pattern> p : SECRET_PATTERNS.entrySet()) {
                if (p.getValue().matcher(lines.get(i)).find()) {
                    // Name the line and the kind only: echoing a leaked secret into a test report leaks it again.
                    findings.add(name + ":" + (i + 1) + ": " + p.getKey());
                }
            }
        }
        return findings;
    }

    @Test
    void noSecretConnectionStringOrKeyInTheDeploymentFiles() {
        List<String> findings = new ArrayList<>();
        List<Path> files = deploymentFiles();
        assertTrue(files.size() >= 10, "expected the infra files, found " + files);
        for (Path file : files) {
            findings.addAll(secretFindings(Repo.root().relativize(file).toString(), InfraCrossCheckTest.read(file)));
        }
        assertEquals(List.of(), findings);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "value: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc=='",
            "url: 'https://x.blob.core.windows.net/c?sv=2022-11-02&sig=abc'",
            "value: storage.listKeys().keys[0].value",
            "password: 'hunter2'",
            "\"client_secret\": \"abc123\"",
            "DLP_GUARD_TEAMS_WEBHOOK_URL: 'https://prod-01.westeurope.logic.azure.com/workflows/x'",
            "APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000'"})
    void theScannerCatchesTypicalLeaks(String line) {
        assertFalse(secretFindings("sample", line).isEmpty(), "not caught: " + line);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "DLP_GUARD_WEBHOOK_SECRET: '@Microsoft.KeyVault(SecretUri=${vaultSecretsUri}/${secretNames.webhookSecret}/)'",
            "webhookSecret: 'dlp-guard-webhook-secret'",
            "param webhookSecret string = ''",
            "AzureWebJobsStorage__credential: 'managedidentity'"})
    void theScannerLetsReferencesAndNamesPass(String line) {
        assertEquals(List.of(), secretFindings("sample", line));
    }

    @Test
    void noBroadBuiltInRoleAndOnlyTheExpectedOnes() {
        List<String> problems = new ArrayList<>();
        for (Path file : bicepFiles()) {
            String text = InfraCrossCheckTest.read(file);
            Matcher m = GUID.matcher(text);
            while (m.find()) {
                String guid = m.group().toLowerCase(Locale.ROOT);
                String where = INFRA.relativize(file) + ": " + guid;
                if (BROAD_ROLES.containsKey(guid)) {
                    problems.add(where + " is " + BROAD_ROLES.get(guid));
                } else if (!ALLOWED_ROLES.containsKey(guid)) {
                    problems.add(where + " is not an expected role");
                } else if (guid.equals("acdd72a7-3385-48ef-bd42-f606fba81ae7") && !file.endsWith("reader-assignment.bicep")
                        && !file.endsWith("topic-reader.bicep")) {
                    problems.add(where + ": Reader only through readerResourceGroups or on one system topic");
                }
            }
            for (String role : List.of("'Owner'", "'Contributor'", "'Network Contributor'", "'User Access Administrator'")) {
                if (text.contains(role)) {
                    problems.add(INFRA.relativize(file) + ": names built-in role " + role);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void roleAssignmentsAreMadeOnlyAtResourceGroupOrResourceScope() {
        Set<String> broadScoped = new TreeSet<>();
        Set<String> assigning = new TreeSet<>();
        for (Path file : bicepFiles()) {
            String text = InfraCrossCheckTest.read(file);
            if (text.contains("'Microsoft.Authorization/roleAssignments@")) {
                assigning.add(INFRA.relativize(file).toString());
                if (Pattern.compile("(?m)^targetScope\\s*=\\s*'(subscription|managementGroup|tenant)'").matcher(text).find()) {
                    broadScoped.add(INFRA.relativize(file).toString());
                }
            }
        }
        assertEquals(Set.of(), broadScoped, "role assignments in a subscription/management-group/tenant scoped file");
        assertEquals(Set.of("modules/alerts.bicep", "modules/deadletter-access.bicep", "modules/guard-role-assignment.bicep",
                "modules/keyvault.bicep", "modules/monitoring.bicep", "modules/reader-assignment.bicep", "modules/storage.bicep",
                "modules/topic-reader.bicep"), assigning);
    }

    @Test
    void theCustomRoleIsAssignedAtTheProtectedResourceGroupsOnly() {
        String main = InfraCrossCheckTest.read(INFRA.resolve("main.bicep"));
        // Assignable at the protected groups' subscriptions (role.bicep, so the list can shrink),
        // never at a management group or the root; ASSIGNED only at the resource groups.
        String role = InfraCrossCheckTest.read(INFRA.resolve("role.bicep"));
        assertTrue(role.contains("assignableScopes: map(roleSubscriptions, s => '/subscriptions/${s}')"), "subscription scopes only");
        assertFalse(role.contains("managementGroups") || role.contains("'/'"), "no management-group or root scope");
        Matcher m = Pattern.compile("module guardRoleAssignments 'modules/guard-role-assignment.bicep' = \\[for g in protectedResourceGroups: \\{\\s+"
                + "name: '[^']+'\\s+scope: resourceGroup\\(g.subscriptionId, g.resourceGroup\\)").matcher(main);
        assertTrue(m.find(), "one guard role assignment module per protected resource group, scoped to it");
        assertEquals(1, main.split("modules/guard-role-assignment.bicep", -1).length - 1, "no other guard role assignment");
        Matcher reader = Pattern.compile("module readerAssignments 'modules/reader-assignment.bicep' = \\[for \\(g, i\\) in readerResourceGroups: \\{\\s+"
                + "name: '[^']+'\\s+scope: resourceGroup\\(g.subscriptionId, g.resourceGroup\\)").matcher(main);
        assertTrue(reader.find(), "Reader only where readerResourceGroups asks");
        assertTrue(main.contains("param readerResourceGroups resourceGroupRef[] = []"), "no Reader by default");
        String assignment = InfraCrossCheckTest.read(INFRA.resolve("modules/guard-role-assignment.bicep"));
        assertTrue(assignment.contains("targetScope = 'resourceGroup'"));
        String topicReader = InfraCrossCheckTest.read(INFRA.resolve("modules/topic-reader.bicep"));
        assertTrue(topicReader.contains("scope: topic"), "the self-check's Reader is on the system topic resource only");
    }

    @Test
    void storageKeyVaultAndTelemetryAcceptOnlyMicrosoftEntraId() {
        String storage = InfraCrossCheckTest.read(INFRA.resolve("modules/storage.bicep"));
        assertTrue(storage.contains("allowSharedKeyAccess: false"), "storage must refuse shared keys");
        assertTrue(storage.contains("allowBlobPublicAccess: false"), "no anonymous blob access");
        assertTrue(storage.contains("minimumTlsVersion: 'TLS1_2'"));
        assertTrue(storage.contains("name: stateTableName"), "the state table is created by the deployment");
        String monitoring = InfraCrossCheckTest.read(INFRA.resolve("modules/monitoring.bicep"));
        assertTrue(monitoring.contains("DisableLocalAuth: true"), "telemetry only with Microsoft Entra ID");
        assertTrue(Pattern.compile("features: \\{[^}]*disableLocalAuth: true", Pattern.DOTALL).matcher(monitoring).find(),
                "the Log Analytics workspace accepts no shared key");
        String vault = InfraCrossCheckTest.read(INFRA.resolve("modules/keyvault.bicep"));
        assertTrue(vault.contains("enableRbacAuthorization: true"), "Azure RBAC, not access policies");
        String app = InfraCrossCheckTest.read(INFRA.resolve("modules/functionapp.bicep"));
        assertTrue(app.contains("tier: 'FlexConsumption'"));
        assertTrue(Pattern.compile("runtime: \\{\\s+name: 'java'\\s+version: '21'").matcher(app).find(), "Java 21 runtime");
        assertTrue(Pattern.compile("authentication: \\{\\s+type: 'UserAssignedIdentity'").matcher(app).find(),
                "the deployment package is read with the identity");
        assertTrue(app.contains("keyVaultReferenceIdentity: identityId"));
        assertTrue(app.contains("httpsOnly: true"));
    }

    @Test
    void secureParametersHaveNoDefaultValue() {
        List<String> problems = new ArrayList<>();
        Pattern secure = Pattern.compile("@secure\\(\\)\\s*(?:@description\\('(?:[^'\\\\]|\\\\.)*'\\)\\s*)?param\\s+(\\w+)\\s+string(\\s*=\\s*(.*))?");
        for (Path file : bicepFiles()) {
            Matcher m = secure.matcher(InfraCrossCheckTest.read(file));
            while (m.find()) {
                if (m.group(2) != null && !m.group(3).strip().equals("''")) {
                    problems.add(INFRA.relativize(file) + ": " + m.group(1) + " has a non-empty default");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
