// Assigns the guard's custom role at one protected resource group: the only place the guard may
// read or write network and ML resources.
targetScope = 'resourceGroup'

@description('GUID of the custom role definition (guard-role-definition.bicep).')
param roleGuid string

@description('Principal (object) id of the guard\'s user-assigned managed identity.')
param principalId string

// Resolved in this resource group's subscription: a custom role is one tenant-wide object that
// every subscription in its assignable scopes can reference.
var roleDefinitionId = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleGuid)

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, roleDefinitionId)
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    // Set explicitly so a freshly created identity that has not replicated yet is accepted.
    principalType: 'ServicePrincipal'
    description: 'DLP Guard: read and restore data exfiltration prevention settings in this resource group.'
  }
}
