// Log Analytics + workspace-based Application Insights: every guard decision is one structured log
// line, queryable in the workspace. Local authentication is disabled on both: Application Insights
// accepts telemetry only from the guard's identity (Monitoring Metrics Publisher below), and the
// workspace accepts no shared (workspace) key.
param logAnalyticsName string
param applicationInsightsName string
param location string
param tags object

@description('Principal (object) id of the guard\'s managed identity.')
param guardPrincipalId string

@minValue(30)
@maxValue(730)
param retentionInDays int

var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

resource logAnalytics 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
      // No shared-key (workspace key) access: ingestion and queries with Microsoft Entra ID only.
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logAnalytics.id
    IngestionMode: 'LogAnalytics'
    DisableLocalAuth: true
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, guardPrincipalId, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisherRoleId)
    principalId: guardPrincipalId
    principalType: 'ServicePrincipal'
    description: 'DLP Guard: Microsoft Entra ID authenticated telemetry ingestion.'
  }
}

// Not a secret: with local authentication disabled it only names the ingestion endpoint.
output connectionString string = applicationInsights.properties.ConnectionString
output applicationInsightsName string = applicationInsights.name
output logAnalyticsId string = logAnalytics.id
