// DLP Guard: the function app, its identity and data stores, the custom role at the protected
// resource groups, and one Event Grid system topic per watched subscription. The event
// subscriptions themselves need the deployed function and come from eventgrid.bicep (azd runs it
// in the postdeploy hook). Deploy: `azd up`, or `az deployment sub create` (see README.md).
targetScope = 'subscription'

@description('A resource group, given as its subscription and name.')
type resourceGroupRef = {
  @description('Subscription id (GUID).')
  subscriptionId: string
  @description('Resource group name.')
  resourceGroup: string
}

@description('A subscription whose ARM events the guard receives.')
type eventSource = {
  @description('Subscription id (GUID) whose control-plane events are watched.')
  subscriptionId: string
  @description('Existing resource group in that subscription that holds its system topic.')
  resourceGroup: string
  @description('System topic name; give the existing one if the subscription already has a Microsoft.Resources.Subscriptions topic (Azure allows one per subscription).')
  topicName: string?
}

@minLength(1)
@maxLength(40)
@description('Name of the azd environment; part of every resource name and of the custom role name.')
param environmentName string

@minLength(1)
@description('Region of the guard\'s resources; it must offer the Flex Consumption plan.')
param location string

@description('Resource group of the guard itself (created when missing).')
param resourceGroupName string = 'rg-dlpguard-${environmentName}'

@minLength(1)
@description('Every resource group holding a protected VNet, NSG, service endpoint policy, route table or ML workspace. The custom role is assigned here and nowhere else.')
param protectedResourceGroups resourceGroupRef[]

@description('Optional extra resource groups where the guard may only read (built-in Reader). Leave empty unless a protected workspace references resources elsewhere.')
param readerResourceGroups resourceGroupRef[] = []

@minLength(1)
@description('Subscriptions whose ARM events reach the guard; usually every subscription in protectedResourceGroups.')
param eventSources eventSource[]

@description('Guard configuration: the content of dlp-guard.json (workspaces, rule modes, exemptions; no secrets). Pass {} to use guardConfigPath instead.')
param guardConfig object

@description('Path of the configuration file on the app\'s file system, when not inline.')
param guardConfigPath string = ''

@allowed([
  'true'
  'false'
])
@description('Global dry-run: "true" plans and alerts but never writes to ARM. Start with true; promote to false once the alerts look right.')
param dryRun string = 'true'

@description('NCRONTAB (six fields) of the timer sweep.')
param sweepSchedule string = '0 0 */6 * * *'

@minValue(5)
@maxValue(1440)
@description('The sweep schedule\'s interval in minutes (360 for the default every-6-hours schedule). The dead man\'s switch alerts when no sweep completed within twice this interval.')
param sweepIntervalMinutes int = 360

@description('E-mail addresses the dead man\'s switch alerts go to (function failures, no sweep, failed or dead-lettered Event Grid deliveries, guard-health in the logs).')
param alertEmails array = []

@minValue(0)
@maxValue(10080)
@description('Minutes during which an identical alert is not sent again (0: no de-duplication).')
param alertDedupeMinutes int = 60

@description('Portal base URL for links in alerts.')
param portalUrl string = environment().portal

@minValue(1)
@description('Rollbacks of one resource within the fight window after which the guard stops and escalates.')
param fightLimit int = 3

@minValue(1)
@description('Length of the fight window in minutes.')
param fightWindowMinutes int = 10

@description('Alert sinks whose secrets are in the Key Vault: \'teams\' (dlp-guard-teams-webhook-url), \'webhook\' (dlp-guard-webhook-url + dlp-guard-webhook-secret). Only these get Key Vault references: an unresolved reference would reach the guard as literal text.')
param alertSinks array = []

@secure()
@description('Optional: seeds the Teams Workflows webhook URL secret. Prefer `az keyvault secret set` after deployment.')
param teamsWebhookUrl string = ''

@secure()
@description('Optional: seeds the generic webhook URL secret.')
param webhookUrl string = ''

@secure()
@description('Optional: seeds the generic webhook signing secret.')
param webhookSecret string = ''

@minValue(1)
@maxValue(1000)
@description('Upper bound of Flex Consumption scale-out (also bounds concurrent ARM writers).')
param maximumInstanceCount int = 40

@allowed([
  2048
  4096
])
param instanceMemoryMB int = 2048

@minValue(0)
@description('Always-ready instances for DlpGuardEventGrid; 0 scales to zero.')
param alwaysReadyInstances int = 0

@minValue(30)
@maxValue(730)
@description('Retention of the decision logs in Log Analytics, in days.')
param logRetentionInDays int = 90

var tags = {
  'azd-env-name': environmentName
  application: 'dlp-guard'
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var stateTableName = 'dlpguardstate'
var deadLetterContainerName = 'eventgrid-deadletter'
var deploymentContainerName = 'app-package'
var defaultTopicName = 'dlpguard-arm-events'
var functionAppName = 'func-dlpguard-${token}'
// The system topics that deliver to the guard, by id (the self-check reads them; it has Reader
// on each topic, not on the subscription, so it cannot discover them by listing).
var eventTopicIds = [for s in eventSources: '/subscriptions/${s.subscriptionId}/resourceGroups/${s.resourceGroup}/providers/Microsoft.EventGrid/systemTopics/${s.?topicName ?? defaultTopicName}']
var secretNames = {
  teamsWebhookUrl: 'dlp-guard-teams-webhook-url'
  webhookUrl: 'dlp-guard-webhook-url'
  webhookSecret: 'dlp-guard-webhook-secret'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: resourceGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'dlpguard-identity'
  scope: rg
  params: {
    name: 'id-dlpguard-${token}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'dlpguard-storage'
  scope: rg
  params: {
    name: 'stdlpg${token}'
    location: location
    tags: tags
    guardPrincipalId: identity.outputs.principalId
    deploymentContainerName: deploymentContainerName
    deadLetterContainerName: deadLetterContainerName
    stateTableName: stateTableName
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'dlpguard-monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-dlpguard-${token}'
    applicationInsightsName: 'appi-dlpguard-${token}'
    location: location
    tags: tags
    guardPrincipalId: identity.outputs.principalId
    retentionInDays: logRetentionInDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'dlpguard-keyvault'
  scope: rg
  params: {
    name: 'kv-dlpg-${token}'
    location: location
    tags: tags
    guardPrincipalId: identity.outputs.principalId
    secretNames: secretNames
    teamsWebhookUrl: teamsWebhookUrl
    webhookUrl: webhookUrl
    webhookSecret: webhookSecret
  }
}

// Versionless references: the app picks up a rotated secret without a redeployment. A sink is
// wired only once its secret exists (seeded here or listed in alertSinks): App Service passes an
// unresolvable reference through as text, which the guard would reject as a malformed URL.
var vaultSecretsUri = '${keyVault.outputs.vaultUri}secrets'
var teamsConfigured = !empty(teamsWebhookUrl) || contains(alertSinks, 'teams')
var webhookConfigured = !empty(webhookUrl) || contains(alertSinks, 'webhook')

// Every setting the guard reads (com.dlpguard.app.SettingNames.ALL; InfraCrossCheckTest keeps
// them in step) plus the Functions host's identity-based storage and telemetry. Flex Consumption
// sets the worker runtime itself (functionAppConfig.runtime), so FUNCTIONS_WORKER_RUNTIME and
// FUNCTIONS_EXTENSION_VERSION must not appear here.
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.outputs.clientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
  AZURE_CLIENT_ID: identity.outputs.clientId
  DLP_GUARD_CONFIG: empty(guardConfig) ? '' : string(guardConfig)
  DLP_GUARD_CONFIG_PATH: guardConfigPath
  // Events caused by these ids are the guard's own writes: appid claim = client id, oid = principal id.
  DLP_GUARD_IDENTITY_IDS: '${identity.outputs.clientId},${identity.outputs.principalId}'
  DLP_GUARD_DRY_RUN: dryRun
  DLP_GUARD_SWEEP_SCHEDULE: sweepSchedule
  DLP_GUARD_TEAMS_WEBHOOK_URL: teamsConfigured ? '@Microsoft.KeyVault(SecretUri=${vaultSecretsUri}/${secretNames.teamsWebhookUrl}/)' : ''
  DLP_GUARD_WEBHOOK_URL: webhookConfigured ? '@Microsoft.KeyVault(SecretUri=${vaultSecretsUri}/${secretNames.webhookUrl}/)' : ''
  DLP_GUARD_WEBHOOK_SECRET: webhookConfigured ? '@Microsoft.KeyVault(SecretUri=${vaultSecretsUri}/${secretNames.webhookSecret}/)' : ''
  DLP_GUARD_ALERT_DEDUPE_MINUTES: string(alertDedupeMinutes)
  DLP_GUARD_PORTAL_URL: portalUrl
  DLP_GUARD_STATE_TABLE_ENDPOINT: storage.outputs.tableEndpoint
  DLP_GUARD_STATE_TABLE: stateTableName
  // Azurite / local development only (it would carry an account key): never set in Azure.
  DLP_GUARD_STATE_CONNECTION_STRING: ''
  DLP_GUARD_FIGHT_LIMIT: string(fightLimit)
  DLP_GUARD_FIGHT_WINDOW_MINUTES: string(fightWindowMinutes)
  // The self-check checks that the event subscriptions deliver to THIS app's function.
  DLP_GUARD_FUNCTION_APP_ID: '${rg.id}/providers/Microsoft.Web/sites/${functionAppName}'
  DLP_GUARD_EVENT_TOPICS: string(eventTopicIds)
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'dlpguard-functionapp'
  scope: rg
  params: {
    planName: 'plan-dlpguard-${token}'
    appName: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: storage.outputs.deploymentContainerName
    appSettings: appSettings
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    alwaysReadyInstances: alwaysReadyInstances
  }
}

// The custom role is NOT created here: role.bicep creates it first (azd: preprovision hook, which
// waits until every protected subscription sees it), because a role created and assigned in one
// deployment fails intermittently on replication (RoleDefinitionDoesNotExist). Same expression
// as guard-role-definition.bicep (InfraCrossCheckTest keeps them equal): both run in this
// subscription, so the GUID depends on neither the order nor the content of the lists.
var guardRoleGuid = guid(subscription().id, 'dlp-guard-role', environmentName)

resource guardRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' existing = {
  name: guardRoleGuid
}

// One assignment per protected resource group: no subscription-wide or broader grant exists.
// Assignment names are derived from the group, not the list index, so reordering or shrinking the
// list never re-points an existing assignment (an assignment of a group dropped from the list is
// left in place by this incremental deployment: remove it by hand, see README).
module guardRoleAssignments 'modules/guard-role-assignment.bicep' = [for g in protectedResourceGroups: {
  name: 'dlpguard-role-${uniqueString(g.subscriptionId, g.resourceGroup)}'
  scope: resourceGroup(g.subscriptionId, g.resourceGroup)
  params: {
    roleGuid: guardRoleGuid
    principalId: identity.outputs.principalId
  }
}]

module readerAssignments 'modules/reader-assignment.bicep' = [for (g, i) in readerResourceGroups: {
  name: 'dlpguard-reader-${i}'
  scope: resourceGroup(g.subscriptionId, g.resourceGroup)
  params: {
    principalId: identity.outputs.principalId
  }
}]

// System topics now, so their identities' dead-letter grants have replicated by the time
// eventgrid.bicep creates the event subscriptions after the code is deployed.
// A source naming topicName reuses that subscription's existing system topic (Azure allows one
// per source): the module then only REFERENCES it. A PUT would replace its identity (other
// subscriptions may deliver with 'SystemAssigned, UserAssigned') and its tags.
module eventTopics 'modules/eventgrid-topic.bicep' = [for (s, i) in eventSources: {
  name: 'dlpguard-topic-${i}'
  scope: resourceGroup(s.subscriptionId, s.resourceGroup)
  params: {
    topicName: s.?topicName ?? defaultTopicName
    reuseExisting: !empty(s.?topicName ?? '')
    tags: tags
  }
}]

// Only a topic with a system-assigned identity can write dead letters without a key; a reused
// topic without one gets no dead-letter destination, which the guard's self-check reports
// (guard-health) until its owner enables the identity.
module deadLetterAccess 'modules/deadletter-access.bicep' = [for (s, i) in eventSources: {
  name: 'dlpguard-deadletter-${i}'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    containerName: storage.outputs.deadLetterContainerName
    topicPrincipalId: eventTopics[i].outputs.principalId
  }
}]

// The guard's self-check reads each system topic and its event subscriptions (does the
// subscription exist, point at this app, filter on every handled operation, dead-letter?):
// built-in Reader on the topic resource only.
module topicReaders 'modules/topic-reader.bicep' = [for (s, i) in eventSources: {
  name: 'dlpguard-topic-reader-${i}'
  scope: resourceGroup(s.subscriptionId, s.resourceGroup)
  params: {
    topicName: eventTopics[i].outputs.name
    principalId: identity.outputs.principalId
  }
}]

// Dead man's switch: a guard that stops must page someone (modules/alerts.bicep).
module alerts 'modules/alerts.bicep' = {
  name: 'dlpguard-alerts'
  scope: rg
  params: {
    namePrefix: 'dlpguard-${token}'
    tags: tags
    location: location
    alertEmails: alertEmails
    logAnalyticsId: monitoring.outputs.logAnalyticsId
    sweepIntervalMinutes: sweepIntervalMinutes
    topicIds: [for (s, i) in eventSources: eventTopics[i].outputs.id]
  }
}

// azd stores these in the environment; the postdeploy hook passes them to eventgrid.bicep.
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = subscription().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output GUARD_FUNCTION_APP_NAME string = functionApp.outputs.name
output GUARD_FUNCTION_APP_ID string = functionApp.outputs.id
output GUARD_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output GUARD_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output GUARD_KEY_VAULT_NAME string = keyVault.outputs.name
output GUARD_STORAGE_ACCOUNT_ID string = storage.outputs.id
output GUARD_DEADLETTER_CONTAINER string = storage.outputs.deadLetterContainerName
output GUARD_ROLE_DEFINITION_ID string = guardRole.id
output GUARD_EVENT_TOPICS array = [for (s, i) in eventSources: {
  subscriptionId: s.subscriptionId
  resourceGroup: s.resourceGroup
  topicName: eventTopics[i].outputs.name
  deadLetterIdentity: eventTopics[i].outputs.hasSystemIdentity
}]
