// Built-in Reader on ONE system topic (resource scope), for the guard's self-check: it reads the
// topic and its event subscriptions to confirm that events still reach the guard (the
// subscription exists, targets this app, filters on every handled operation, dead-letters).
// Reader has no write action; at this scope it covers nothing but the topic.
targetScope = 'resourceGroup'

param topicName string

@description('Principal (object) id of the guard\'s user-assigned managed identity.')
param principalId string

// Built-in Reader.
var readerRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(topic.id, principalId, readerRoleId)
  scope: topic
  properties: {
    roleDefinitionId: readerRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'DLP Guard self-check: read this system topic and its event subscriptions.'
  }
}
