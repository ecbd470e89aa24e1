// Lets one system topic's managed identity write dead-lettered events into the dead-letter
// container, and nowhere else in the storage account.
targetScope = 'resourceGroup'

param storageAccountName string
param containerName string

@description('Principal (object) id of the system topic\'s system-assigned identity; empty for a reused topic without one (no grant then: its event subscription gets no dead-letter destination, and the self-check says so).')
param topicPrincipalId string

var storageBlobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: containerName
}

resource deadLetterWriter 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(topicPrincipalId)) {
  name: guid(container.id, topicPrincipalId, storageBlobDataContributorRoleId)
  scope: container
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributorRoleId)
    principalId: topicPrincipalId
    principalType: 'ServicePrincipal'
    description: 'Event Grid system topic: dead letters of DLP Guard deliveries.'
  }
}
