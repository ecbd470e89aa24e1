// The custom role the guard acts with: exactly the ARM actions its gateway performs
// (com.dlpguard.arm.ArmPermissions.all(); InfraCrossCheckTest keeps the two equal) and nothing
// else: no '*', no resource-group or subscription writes, no role or policy actions.
targetScope = 'subscription'

@description('Name of the azd environment; makes the role name unique in the tenant.')
param environmentName string

@description('Resource group ids the role may be assigned at (the protected scopes).')
param assignableScopes array

// Single place in infra/ listing the guard's actions. Reads cover everything the reconcile path
// re-reads; writes are child PUT/DELETEs only (never a whole VNet, NSG or SEP); the joins are
// checked by ARM on a subnet PUT that carries a SEP, an NSG or a route table, even unchanged.
var guardActions = [
  'Microsoft.Network/virtualNetworks/read'
  'Microsoft.Network/virtualNetworks/subnets/read'
  'Microsoft.Network/virtualNetworks/subnets/write'
  'Microsoft.Network/networkSecurityGroups/read'
  'Microsoft.Network/networkSecurityGroups/join/action'
  'Microsoft.Network/networkSecurityGroups/securityRules/read'
  'Microsoft.Network/networkSecurityGroups/securityRules/write'
  'Microsoft.Network/networkSecurityGroups/securityRules/delete'
  'Microsoft.Network/serviceEndpointPolicies/read'
  'Microsoft.Network/serviceEndpointPolicies/join/action'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/read'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write'
  'Microsoft.Network/routeTables/read'
  'Microsoft.Network/routeTables/join/action'
  'Microsoft.Network/routeTables/routes/read'
  'Microsoft.Network/routeTables/routes/write'
  'Microsoft.Network/locations/operations/read'
  'Microsoft.MachineLearningServices/workspaces/read'
  'Microsoft.MachineLearningServices/workspaces/environments/read'
  'Microsoft.MachineLearningServices/workspaces/environments/versions/read'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/read'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/delete'
]

// Deterministic per environment, so a redeployment updates the same role instead of adding one.
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
