// The guard's custom role, deployed on its own before main.bicep (azd: the preprovision hook,
// which then waits until every protected subscription sees the definition). A role created and
// assigned in one deployment fails intermittently: the definition replicates to the other
// subscriptions (and regions) after a delay, and the assignment answers RoleDefinitionDoesNotExist.
targetScope = 'subscription'

@description('A resource group, given as its subscription and name.')
type resourceGroupRef = {
  subscriptionId: string
  resourceGroup: string
}

@minLength(1)
@maxLength(40)
@description('Name of the azd environment; part of the role name and GUID.')
param environmentName string

@minLength(1)
@description('The same list as main.bicep: every resource group holding a protected resource.')
param protectedResourceGroups resourceGroupRef[]

// Assignable at the SUBSCRIPTIONS of the protected resource groups (plus this one, where the
// definition lives), not at the groups themselves: removing an assignable scope that still holds
// an assignment fails (RoleScopeBeingRemovedContainsAssignments), so a list of groups could never
// shrink. The role is still ASSIGNED only at the resource groups (main.bicep); being assignable at
// a subscription gives nobody anything, and whoever could assign it there could assign Owner.
var roleSubscriptions = union([subscription().subscriptionId], map(protectedResourceGroups, g => g.subscriptionId))

module guardRole 'modules/guard-role-definition.bicep' = {
  name: 'dlpguard-role-definition'
  params: {
    environmentName: environmentName
    assignableScopes: map(roleSubscriptions, s => '/subscriptions/${s}')
  }
}

output GUARD_ROLE_GUID string = guardRole.outputs.roleGuid
output GUARD_ROLE_DEFINITION_ID string = guardRole.outputs.roleDefinitionId
output GUARD_ROLE_SUBSCRIPTIONS array = roleSubscriptions
