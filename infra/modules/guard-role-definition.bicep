// The custom role the guard acts with: exactly the ARM actions its gateway performs
// (com.dlpguard.arm.ArmPermissions.all(); InfraCrossCheckTest keeps the two equal) and nothing
// else: no '*', no resource-group or subscription writes, no role or policy actions.
targetScope = 'subscription'

@description('Name of the azd environment; makes the role name unique in the tenant.')
param environmentName string

@description('Scopes the role may be assigned at: the subscriptions holding protected resource groups (role.bicep). It is assigned only at the resource groups.')
param assignableScopes array

// Single place in infra/ listing the guard's actions. Reads cover everything the reconcile path
// re-reads; writes are child PUT/DELETEs only (never a whole VNet, NSG or SEP). The joins: a subnet
// PUT resends the whole subnet and ARM checks `join` on EVERY resource the body links (NSG, route
// table, SEPs, NAT gateway, IP allocations, IPAM pool, network intent policy), changed or not;
// adding a service endpoint is `joinViaServiceEndpoint` on the subnet (Microsoft's subnet
// permissions table). Without one of them, every rollback of such a subnet fails with
// LinkedAuthorizationFailed.
var guardActions = [
  'Microsoft.Network/virtualNetworks/read'
  'Microsoft.Network/virtualNetworks/subnets/read'
  'Microsoft.Network/virtualNetworks/subnets/write'
  'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action'
  'Microsoft.Network/networkSecurityGroups/read'
  'Microsoft.Network/networkSecurityGroups/join/action'
  'Microsoft.Network/networkSecurityGroups/securityRules/read'
  'Microsoft.Network/networkSecurityGroups/securityRules/write'
  'Microsoft.Network/networkSecurityGroups/securityRules/delete'
  'Microsoft.Network/serviceEndpointPolicies/read'
  'Microsoft.Network/serviceEndpointPolicies/join/action'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/read'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete'
  'Microsoft.Network/routeTables/read'
  'Microsoft.Network/routeTables/join/action'
  'Microsoft.Network/routeTables/routes/read'
  'Microsoft.Network/routeTables/routes/write'
  'Microsoft.Network/routeTables/routes/delete'
  'Microsoft.Network/natGateways/join/action'
  'Microsoft.Network/ipAllocations/join/action'
  'Microsoft.Network/networkManagers/ipamPools/associateResourcesToPool/action'
  'Microsoft.Network/networkIntentPolicies/join/action'
  'Microsoft.Network/locations/operations/read'
  'Microsoft.MachineLearningServices/workspaces/read'
  'Microsoft.MachineLearningServices/workspaces/environments/read'
  'Microsoft.MachineLearningServices/workspaces/environments/versions/read'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/read'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/delete'
  // Polling that delete (202 + Location under .../Microsoft.MachineLearningServices/locations/...):
  // the closest documented status read; the spec does not publish the exact path (ArmPermissions).
  'Microsoft.MachineLearningServices/locations/workspaceOperationsStatus/read'
  // The self-check: the identity's own effective permissions at a protected resource group.
  'Microsoft.Authorization/permissions/read'
]

// Deterministic per environment and the deployment's (the guard's) subscription, never per list
// entry: the same inputs give the same GUID whatever order protectedResourceGroups has, so a
// reordered list updates this role instead of creating a second one with the same roleName
// (RoleDefinitionWithSameNameExists). main.bicep computes the same expression to assign it.
var roleGuid = guid(subscription().id, 'dlp-guard-role', environmentName)

resource guardRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleGuid
  properties: {
    roleName: 'DLP Guard remediator (${environmentName})'
    description: 'Reads the network and Azure ML resources DLP Guard protects and restores their data exfiltration prevention settings (child resources only).'
    type: 'CustomRole'
    permissions: [
      {
        actions: guardActions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

@description('The role definition GUID; assignments resolve it in their own subscription.')
output roleGuid string = guardRole.name
output roleDefinitionId string = guardRole.id
