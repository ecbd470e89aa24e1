package com.dlpguard.infra;

import com.dlpguard.health.HealthCheck;
import com.dlpguard.health.SelfCheckReport;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment defects of issue 13, each pinned by what the templates, hooks and build say
 * (the Bicep CLI and Azure are out of reach here; tree-sitter proves the files parse, BicepSyntaxTest).
 * Defect 1 (joins) is RolePermissionsTest; defect 2 was also checked by packaging a clean clone
 * with no node on PATH (see the report of issue 13).
 */
class InfraDeploymentDefectsTest {
    private static final Path INFRA = Repo.infra();

    static String read(String relative) {
        return InfraCrossCheckTest.read(INFRA.resolve(relative));
    }

    // ---- 2. `mvn package -DskipTests` needs no node/npm -----------------------------------------

    @Test
    void skippingTestsSkipsEveryNpmExecution() {
        String pom = InfraCrossCheckTest.read(Repo.root().resolve("pom.xml"));
        for (String property : List.of("skipTests", "maven.test.skip")) {
            Matcher profile = Pattern.compile("<activation>\\s*<property>\\s*<name>" + Pattern.quote(property)
                    + "</name>\\s*<value>true</value>\\s*</property>\\s*</activation>\\s*<properties>\\s*<skipNpm>true</skipNpm>")
                    .matcher(pom);
            assertTrue(profile.find(), "-D" + property + " must set skipNpm (azd packages with mvn package -DskipTests)");
        }
        // Every exec of npm or node (test tools, card renderer, ...) honours skipNpm.
        Matcher exec = Pattern.compile("<execution>(.*?)</execution>", Pattern.DOTALL).matcher(pom);
        int npmExecutions = 0;
        while (exec.find()) {
            String body = exec.group(1);
            if (body.matches("(?s).*<executable>(npm|npx|node)</executable>.*")) {
                npmExecutions++;
                assertTrue(body.contains("<skip>${skipNpm}</skip>"), "an npm/node execution without <skip>${skipNpm}</skip>:\n" + body);
            }
        }
        assertTrue(npmExecutions >= 1, "the npm install of the test tools was not found");
        assertTrue(pom.contains("<skipNpm>false</skipNpm>"), "mvn verify still installs the test tools by default");
    }

    // ---- 3. a reused system topic keeps its identity and tags ---------------------------------

    @Test
    void aReusedSystemTopicIsOnlyReferencedNeverWritten() {
        String topic = read("modules/eventgrid-topic.bicep");
        assertTrue(topic.contains("resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = if (!reuseExisting) {"),
                "the guard's own topic is PUT only when it is not a reused one");
        assertTrue(topic.contains("resource existingTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = if (reuseExisting) {"),
                "a reused topic is referenced as existing");
        // Nothing else in infra/ writes a system topic (which would replace a 'SystemAssigned, UserAssigned' identity).
        List<String> writers = new ArrayList<>();
        for (Path file : bicepFiles()) {
            Matcher m = Pattern.compile("'Microsoft\\.EventGrid/systemTopics@[^']+'\\s*=").matcher(InfraCrossCheckTest.read(file));
            while (m.find()) {
                writers.add(INFRA.relativize(file) + ": " + m.group());
            }
        }
        assertEquals(List.of("modules/eventgrid-topic.bicep: 'Microsoft.EventGrid/systemTopics@2025-02-15' ="), writers);
        String main = read("main.bicep");
        assertTrue(main.contains("reuseExisting: !empty(s.?topicName ?? '')"), "a named topic is the subscription's existing one");
        // Dead letters: granted only for a topic with a system identity; never a key instead.
        assertTrue(read("modules/deadletter-access.bicep").contains("= if (!empty(topicPrincipalId)) {"));
        assertTrue(main.contains("deadLetterIdentity: eventTopics[i].outputs.hasSystemIdentity"));
        assertTrue(read("eventgrid.bicep").contains("deadLetterIdentity: t.?deadLetterIdentity ?? true"));
    }

    // ---- 4. shrinking or reordering protectedResourceGroups is safe ---------------------------

    @Test
    void theRoleGuidAndNameDependOnTheEnvironmentAndTheGuardsSubscriptionOnly() {
        String definition = read("modules/guard-role-definition.bicep");
        String main = read("main.bicep");
        String expression = "guid(subscription().id, 'dlp-guard-role', environmentName)";
        assertTrue(definition.contains("var roleGuid = " + expression));
        assertTrue(main.contains("var guardRoleGuid = " + expression), "main.bicep assigns the role role.bicep created: same GUID");
        assertTrue(definition.contains("roleName: 'DLP Guard remediator (${environmentName})'"));
        String role = read("role.bicep");
        assertTrue(role.contains("targetScope = 'subscription'") && main.contains("targetScope = 'subscription'"));
        Matcher module = Pattern.compile("module guardRole 'modules/guard-role-definition.bicep' = \\{(.*?)\\n}", Pattern.DOTALL).matcher(role);
        assertTrue(module.find());
        assertFalse(module.group(1).contains("scope:"), "deployed in the deployment's subscription, never protectedResourceGroups[0]'s");
        assertFalse(role.contains("protectedResourceGroups[0]") || main.contains("protectedResourceGroups[0]"),
                "nothing may depend on the list's first entry (RoleDefinitionWithSameNameExists on reorder)");
    }

    @Test
    void shrinkingTheProtectedGroupsNeverRemovesAnAssignableScope() {
        String role = read("role.bicep");
        assertTrue(role.contains("var roleSubscriptions = union([subscription().subscriptionId], map(protectedResourceGroups, g => g.subscriptionId))"));
        assertTrue(role.contains("assignableScopes: map(roleSubscriptions, s => '/subscriptions/${s}')"));
        assertFalse(role.contains("/resourceGroups/"), "resource-group assignable scopes would fail RoleScopeBeingRemovedContainsAssignments on shrink");
        // Assignments are named by their group, not by list position.
        String main = read("main.bicep");
        assertTrue(main.contains("name: 'dlpguard-role-${uniqueString(g.subscriptionId, g.resourceGroup)}'"));
        assertTrue(read("modules/guard-role-assignment.bicep").contains("name: guid(resourceGroup().id, principalId, roleDefinitionId)"));
    }

    // ---- 5. first run: role before assignment; hook waits for the Event Grid system key --------

    @Test
    void theRoleIsCreatedAndReplicatedBeforeMainBicepAssignsIt() {
        String main = read("main.bicep");
        assertFalse(main.contains("modules/guard-role-definition.bicep"), "main.bicep must not create the role it assigns");
        assertTrue(main.contains("resource guardRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {"));
        String yaml = InfraCrossCheckTest.read(Repo.root().resolve("azure.yaml"));
        assertTrue(yaml.contains("preprovision:") && yaml.contains("run: ./infra/hooks/preprovision.sh")
                && yaml.contains("run: ./infra/hooks/preprovision.ps1"));
        for (String hook : List.of("hooks/preprovision.sh", "hooks/preprovision.ps1")) {
            String text = read(hook);
            assertTrue(text.contains("role.bicep"), hook + " deploys role.bicep");
            assertTrue(text.contains("az role definition list"), hook + " waits until each subscription sees the role");
            assertTrue(text.contains("GUARD_ROLE_SUBSCRIPTIONS"), hook + " waits in every subscription the role is assignable in");
        }
        assertTrue(read("role.bicep").contains("output GUARD_ROLE_SUBSCRIPTIONS array"));
        assertTrue(Files.isExecutable(INFRA.resolve("hooks/preprovision.sh")), "azd runs the posix hook as a file");
    }

    @Test
    void thePostdeployHookWaitsForTheEventGridExtensionSystemKeyWithoutPrintingIt() {
        for (String hook : List.of("hooks/postdeploy.sh", "hooks/postdeploy.ps1")) {
            String text = read(hook);
            int key = text.indexOf("systemKeys.eventgrid_extension != null");
            assertTrue(key >= 0, hook + " must wait for the eventgrid_extension system key");
            assertTrue(key < text.indexOf("az deployment sub create"), hook + ": wait before subscribing");
            assertFalse(text.contains("--query systemKeys.eventgrid_extension ") || text.contains("'systemKeys.eventgrid_extension'"),
                    hook + " must print only whether the key exists, never the key");
        }
    }

    // ---- 6. Log Analytics shared keys off; azure.yaml without the deprecated `shell:` -----------

    @Test
    void azureYamlNamesHookExecutorsWithKind() {
        String yaml = InfraCrossCheckTest.read(Repo.root().resolve("azure.yaml"));
        assertFalse(Pattern.compile("(?m)^\\s+shell:").matcher(yaml).find(), "`shell:` is deprecated in azd hooks");
        assertEquals(2, count(yaml, "kind: sh"));
        assertEquals(2, count(yaml, "kind: pwsh"));
    }

    // ---- dead man's switch ---------------------------------------------------------------------

    @Test
    void theDeadMansSwitchPagesOnFailuresMissingSweepsHealthGapsAndLostDeliveries() {
        String alerts = read("modules/alerts.bicep");
        String main = read("main.bicep");
        assertTrue(main.contains("module alerts 'modules/alerts.bicep' = {"));
        assertTrue(main.contains("alertEmails: alertEmails") && main.contains("param alertEmails array = []"));
        assertTrue(main.contains("topicIds: [for (s, i) in eventSources: eventTopics[i].outputs.id]"));
        assertTrue(alerts.contains("resource actionGroup 'Microsoft.Insights/actionGroups@"));
        assertTrue(alerts.contains("emailReceivers: [for (email, i) in alertEmails: {"));
        for (String rule : List.of("function-failures", "no-sweep", "guard-health")) {
            assertTrue(alerts.contains("name: '" + rule + "'"), "log alert " + rule);
        }
        assertTrue(alerts.contains("query: 'AppRequests | where Success == false'"));
        assertTrue(alerts.contains("windowSize: 'PT${2 * sweepIntervalMinutes}M'"), "no sweep within twice the schedule");
        assertTrue(alerts.contains("Message has \\'\"kind\":\"dlp-guard.sweep\"\\' and Message has \\'\"status\":\"completed\"\\'"),
                "the no-sweep query counts the line DlpGuardSweep logs (DlpGuardSweepHealthTest)");
        String gapLine = SelfCheckReport.logLine(new HealthCheck(HealthCheck.READ, "t",
                ResourceId.parse("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"), false, "d", List.of(), "r", ""));
        assertTrue(gapLine.contains("\"kind\":\"dlp-guard.health\"") && gapLine.contains("\"ok\":false"), gapLine);
        assertTrue(alerts.contains("Message has \\'\"kind\":\"dlp-guard.health\"\\' and Message has \\'\"ok\":false\\'"));
        for (String metric : List.of("DeliveryAttemptFailCount", "DeadLetteredCount")) {
            assertTrue(alerts.contains("metricName: '" + metric + "'"), metric);
        }
        assertTrue(alerts.contains("metricNamespace: 'Microsoft.EventGrid/systemTopics'"));
        // The interval default matches the schedule default: every 6 hours = 360 minutes.
        assertTrue(main.contains("param sweepSchedule string = '0 0 */6 * * *'"));
        assertTrue(main.contains("param sweepIntervalMinutes int = 360"));
    }

    private static List<Path> bicepFiles() {
        try (Stream<Path> walk = Files.walk(INFRA)) {
            return walk.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
