// Optional built-in Reader at one extra resource group, only when the readerScopes parameter asks
// for it (e.g. a workspace's resources kept apart from the protected network). Reader has no write
// action.
targetScope = 'resourceGroup'

@description('Principal (object) id of the guard\'s user-assigned managed identity.')
param principalId string

// Built-in Reader.
var readerRoleId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, readerRoleId)
  properties: {
    roleDefinitionId: readerRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'DLP Guard: read-only, requested by the readerScopes parameter.'
  }
}
