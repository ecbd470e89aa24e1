package com.dlpguard.infra;

import com.dlpguard.app.SettingNames;
import com.dlpguard.arm.ArmPermissions;
import com.dlpguard.events.HandledOperations;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment agrees with the code: the Event Grid filter with the operations the router
 * handles, the custom role with the actions the gateway performs, the app settings with the
 * settings the guard reads, the parameter files with the templates. Each side is read from its
 * single source (HandledOperations, ArmPermissions, SettingNames; one variable in the Bicep).
 */
class InfraCrossCheckTest {
    private static final Path INFRA = Repo.infra();
    private static final BicepSource MAIN = BicepSource.read(INFRA.resolve("main.bicep"));
    private static final BicepSource EVENTGRID = BicepSource.read(INFRA.resolve("eventgrid.bicep"));
    private static final BicepSource EVENT_SUBSCRIPTION = BicepSource.read(INFRA.resolve("modules/eventgrid-subscription.bicep"));
    private static final BicepSource ROLE = BicepSource.read(INFRA.resolve("modules/guard-role-definition.bicep"));

    // Event Grid: at most 25 advanced-filter values per event subscription, all filters together.
    private static final int EVENT_GRID_FILTER_VALUE_LIMIT = 25;

    @Test
    void eventGridFilterListsExactlyTheHandledOperations() {
        List<String> filter = EVENTGRID.stringArrayVar("handledOperations");
        assertEquals(filter.size(), new HashSet<>(filter).size(), "duplicate operation in eventgrid.bicep: " + filter);
        assertEquals(new TreeSet<>(HandledOperations.ALL), new TreeSet<>(filter),
                "eventgrid.bicep handledOperations must equal com.dlpguard.events.HandledOperations.ALL");
        assertTrue(filter.size() <= EVENT_GRID_FILTER_VALUE_LIMIT, "Event Grid allows 25 filter values, got " + filter.size());
    }

    @Test
    void theFilterListIsWhatTheSubscriptionFiltersOn() {
        assertTrue(EVENTGRID.text.contains("operationNames: handledOperations"), "eventgrid.bicep must pass handledOperations to the subscription module");
        String module = EVENT_SUBSCRIPTION.text;
        assertTrue(Pattern.compile("operatorType: 'StringIn'\\s+key: 'data.operationName'\\s+values: operationNames").matcher(module).find(),
                "the advanced filter must be StringIn on data.operationName with the handled operations");
        assertEquals(1, occurrences(module, "operatorType:"), "one advanced filter only: the 25-value budget is the operation list's");
        assertEquals(List.of("Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess"),
                quotedStringsIn(block(module, "includedEventTypes: [", "]")));
        assertTrue(module.contains("endpointType: 'AzureFunction'"));
        assertTrue(EVENTGRID.text.contains("'${functionAppId}/functions/DlpGuardEventGrid'"), "the subscription must target DlpGuardEventGrid");
        assertTrue(module.contains("retryPolicy: {"));
        assertTrue(module.contains("deadLetterWithResourceIdentity: deadLetterIdentity ? {"), "dead letters are written with the topic's identity, not a key");
        assertFalse(module.contains("deadLetterDestination: {\n      endpointType"), "never a key- or SAS-based dead-letter destination");
        assertTrue(module.contains("endpointType: 'StorageBlob'"));
    }

    @Test
    void customRoleActionsAreExactlyTheGatewayPermissions() {
        List<String> actions = ROLE.stringArrayVar("guardActions");
        assertEquals(actions.size(), new HashSet<>(actions).size(), "duplicate action: " + actions);
        assertEquals(new TreeSet<>(ArmPermissions.all()), new TreeSet<>(actions),
                "guard-role-definition.bicep guardActions must equal com.dlpguard.arm.ArmPermissions.all()");
        assertTrue(actions.stream().noneMatch(a -> a.contains("*")), "no wildcard action");
        String permissions = block(ROLE.text, "permissions: [", "    ]");
        assertTrue(permissions.contains("actions: guardActions"));
        assertTrue(permissions.contains("notActions: []"));
        assertTrue(permissions.contains("dataActions: []"), "the guard needs no data-plane action on protected resources");
    }

    @Test
    void everySettingTheGuardReadsIsSetInMainBicep() {
        List<String> keys = MAIN.objectVarKeys("appSettings");
        assertEquals(keys.size(), new HashSet<>(keys).size(), "duplicate app setting: " + keys);
        Set<String> missing = new TreeSet<>(SettingNames.ALL);
        missing.removeAll(keys);
        assertEquals(Set.of(), missing, "settings read by the guard but not set in main.bicep appSettings");
        // The other way round: a guard-looking setting nobody reads is a typo or a leftover.
        Set<String> unknown = keys.stream()
                .filter(k -> k.startsWith("DLP_GUARD_") && !SettingNames.ALL.contains(k))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unknown, "DLP_GUARD_* settings in main.bicep that SettingNames does not list");
    }

    @Test
    void everyGuardSettingNamedInTheCodeIsInSettingNames() throws IOException {
        // Catches a setting read through a constant of its own package (AlertSettings,
        // StateSettings, ...) that was never added to the single list, and so never deployed.
        Pattern name = Pattern.compile("\"%?(DLP_GUARD_[A-Z0-9_]+)%?\"");
        Set<String> named = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Repo.root().resolve("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = name.matcher(read(source));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertTrue(named.containsAll(Set.of(SettingNames.DRY_RUN, SettingNames.CONFIG)), "the scan found nothing: " + named);
        named.removeAll(SettingNames.ALL);
        assertEquals(Set.of(), named, "settings named in src/main/java but missing from com.dlpguard.app.SettingNames.ALL");
    }

    @Test
    void theFunctionsHostUsesTheIdentityForStorageAndTelemetry() {
        List<String> keys = MAIN.objectVarKeys("appSettings");
        assertEquals("'managedidentity'", MAIN.objectVarValue("appSettings", "AzureWebJobsStorage__credential"));
        assertTrue(keys.contains("AzureWebJobsStorage__accountName"));
        assertTrue(keys.contains("AzureWebJobsStorage__clientId"));
        assertFalse(keys.contains("AzureWebJobsStorage"), "no storage connection string");
        assertTrue(MAIN.objectVarValue("appSettings", "APPLICATIONINSIGHTS_AUTHENTICATION_STRING").contains("Authorization=AAD"));
        assertEquals("identity.outputs.clientId", MAIN.objectVarValue("appSettings", SettingNames.AZURE_CLIENT_ID));
        // Flex Consumption rejects these: the runtime comes from functionAppConfig.runtime.
        assertFalse(keys.contains("FUNCTIONS_WORKER_RUNTIME"));
        assertFalse(keys.contains("FUNCTIONS_EXTENSION_VERSION"));
    }

    @Test
    void alertSecretsAreKeyVaultReferencesOrEmpty() {
        // Either a Key Vault reference (once the sink's secret exists) or empty: never a value.
        Pattern referenceOrEmpty = Pattern.compile("^\\w+Configured \\? '@Microsoft\\.KeyVault\\(SecretUri=\\$\\{vaultSecretsUri}/\\$\\{secretNames\\.\\w+}/\\)' : ''$");
        for (String name : List.of(SettingNames.TEAMS_WEBHOOK_URL, SettingNames.WEBHOOK_URL, SettingNames.WEBHOOK_SECRET)) {
            String value = MAIN.objectVarValue("appSettings", name);
            assertTrue(referenceOrEmpty.matcher(value).matches(), name + " must be a Key Vault reference or empty, is " + value);
        }
        // The local-only connection string is never set by the deployment.
        assertEquals("''", MAIN.objectVarValue("appSettings", SettingNames.STATE_CONNECTION_STRING));
    }

    @Test
    void deploymentsStartInDryRun() {
        assertEquals("dryRun", MAIN.objectVarValue("appSettings", SettingNames.DRY_RUN));
        assertTrue(MAIN.text.contains("param dryRun string = 'true'"), "the dryRun parameter must default to 'true'");
        assertTrue(MAIN.text.contains("param sweepSchedule string = '0 0 */6 * * *'"));
        JsonObject parameters = parametersOf(INFRA.resolve("main.parameters.json"));
        assertEquals("${GUARD_DRY_RUN=true}", parameters.getAsJsonObject("dryRun").get("value").getAsString(),
                "azd must also default to dry-run");
    }

    @Test
    void localSettingsSampleListsEverySetting() {
        JsonObject sample = strictJson(Repo.root().resolve("local.settings.sample.json")).getAsJsonObject();
        assertFalse(sample.get("IsEncrypted").getAsBoolean());
        JsonObject values = sample.getAsJsonObject("Values");
        Set<String> missing = new TreeSet<>(SettingNames.ALL);
        missing.removeAll(values.keySet());
        assertEquals(Set.of(), missing, "settings missing from local.settings.sample.json");
        assertEquals("java", values.get("FUNCTIONS_WORKER_RUNTIME").getAsString());
        assertEquals("UseDevelopmentStorage=true", values.get("AzureWebJobsStorage").getAsString());
        assertEquals("true", values.get(SettingNames.DRY_RUN).getAsString());
        for (Map.Entry<String, JsonElement> e : values.entrySet()) {
            assertTrue(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isString(), e.getKey() + " must be a string");
        }
        for (String secret : List.of(SettingNames.TEAMS_WEBHOOK_URL, SettingNames.WEBHOOK_URL, SettingNames.WEBHOOK_SECRET)) {
            assertEquals("", values.get(secret).getAsString(), secret + " must stay an empty placeholder in the sample");
        }
    }

    @Test
    void mainParametersNameEveryParameterWithoutADefault() {
        JsonObject parameters = parametersOf(INFRA.resolve("main.parameters.json"));
        Map<String, Boolean> params = MAIN.params();
        Set<String> required = params.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(required.isEmpty(), "main.bicep parameters were not found");
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(parameters.keySet());
        assertEquals(Set.of(), missing, "main.parameters.json must name every parameter without a default");
        Set<String> unknown = new TreeSet<>(parameters.keySet());
        unknown.removeAll(params.keySet());
        assertEquals(Set.of(), unknown, "main.parameters.json names parameters main.bicep does not declare");
    }

    @Test
    void thePostdeployHookPassesWhatEventgridBicepNeedsFromMainOutputs() {
        String hook = read(INFRA.resolve("hooks/postdeploy.sh"));
        Map<String, Boolean> params = EVENTGRID.params();
        Set<String> passed = new TreeSet<>();
        Matcher m = Pattern.compile("\"(\\w+)\": \\{ \"value\": \"?\\$(\\w+)").matcher(hook);
        Set<String> envUsed = new TreeSet<>();
        while (m.find()) {
            passed.add(m.group(1));
            envUsed.add(m.group(2));
        }
        Set<String> required = params.entrySet().stream().filter(e -> !e.getValue()).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(passed.containsAll(required), "hook passes " + passed + ", eventgrid.bicep requires " + required);
        assertTrue(params.keySet().containsAll(passed), "hook passes parameters eventgrid.bicep does not declare: " + passed);
        for (String env : envUsed) {
            assertTrue(MAIN.text.contains("output " + env + " "), "the hook reads " + env + ", which main.bicep does not output");
        }
        String azureYaml = read(Repo.root().resolve("azure.yaml"));
        assertTrue(azureYaml.contains("postdeploy:"));
        assertTrue(azureYaml.contains("run: ./infra/hooks/postdeploy.sh"));
        assertTrue(azureYaml.contains("run: ./infra/hooks/postdeploy.ps1"));
        assertTrue(Files.isRegularFile(INFRA.resolve("hooks/postdeploy.ps1")));
        assertTrue(azureYaml.contains("host: function") && azureYaml.contains("language: java"));
        assertTrue(read(INFRA.resolve("modules/functionapp.bicep")).contains("'azd-service-name': 'guard'"),
                "azd finds the app of service 'guard' by its tag");
    }

    @Test
    void readmeExplainsEveryRoleActionAndEverySetting() {
        String readme = read(INFRA.resolve("README.md"));
        for (String action : ArmPermissions.all()) {
            assertTrue(readme.contains("`" + action + "`"), "infra/README.md must explain " + action);
        }
        for (String setting : SettingNames.ALL) {
            assertTrue(readme.contains("`" + setting + "`"), "infra/README.md must document " + setting);
        }
        assertTrue(readme.contains("azd up"));
        assertTrue(readme.contains("az deployment sub create"));
    }

    private static JsonObject parametersOf(Path file) {
        JsonObject root = strictJson(file).getAsJsonObject();
        assertEquals("1.0.0.0", root.get("contentVersion").getAsString());
        return root.getAsJsonObject("parameters");
    }

    /** Strict JSON (no comments, trailing commas or duplicate keys), as Azure tooling expects. */
    static JsonElement strictJson(Path file) {
        try {
            return StrictJson.parse(read(file));
        } catch (JsonInputException e) {
            throw new AssertionError(file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static String block(String text, String open, String close) {
        int start = text.indexOf(open);
        assertTrue(start >= 0, "no '" + open + "'");
        int end = text.indexOf(close, start + open.length());
        assertTrue(end >= 0, "'" + open + "' is not closed");
        return text.substring(start + open.length(), end);
    }

    private static List<String> quotedStringsIn(String text) {
        Matcher m = Pattern.compile("'([^']*)'").matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static int occurrences(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
