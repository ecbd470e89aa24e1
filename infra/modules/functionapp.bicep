// The guard's function app on the Flex Consumption plan (Linux, Java 21: supported on Functions longer than 17; the bytecode targets 17, which 21 runs). It runs as the
// user-assigned identity for everything: deployment package, host storage, Key Vault references,
// telemetry and ARM.
param planName string
param appName string
param location string
param tags object

@description('Resource id of the guard\'s user-assigned managed identity.')
param identityId string

@description('Blob endpoint of the function app\'s storage account (ends with a slash).')
param blobEndpoint string

param deploymentContainerName string

@description('Complete app settings; main.bicep composes them from the guard\'s setting names.')
param appSettings object

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

// 512 MB is too small for the JVM with the Azure SDK.
@allowed([
  2048
  4096
])
param instanceMemoryMB int

@description('Always-ready instances for the Event Grid function (0: scale to zero, pay per use).')
@minValue(0)
param alwaysReadyInstances int

// Flex Consumption groups triggers for always-ready instances; a non-HTTP function is its own
// group 'function:<name>'. Warm instances spare Event Grid deliveries the JVM cold start.
var alwaysReady = alwaysReadyInstances > 0 ? [
  {
    name: 'function:DlpGuardEventGrid'
    instanceCount: alwaysReadyInstances
  }
] : []

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  // azd finds the app to deploy the 'guard' service to by this tag.
  tags: union(tags, {
    'azd-service-name': 'guard'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (the default would be a
    // system-assigned identity, which this app does not have).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
        alwaysReady: alwaysReady
      }
      runtime: {
        name: 'java'
        version: '21'
      }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: appSettings
}

// No FTP or basic-auth SCM publishing: azd and az deploy with Microsoft Entra tokens.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

output id string = site.id
output name string = site.name
output defaultHostName string = site.properties.defaultHostName
