// The guard's user-assigned managed identity: the only principal the guard acts as (ARM, storage,
// Key Vault, Application Insights). User-assigned so its ids are known before the app exists and
// survive a re-created app (role assignments and DLP_GUARD_IDENTITY_IDS stay valid).
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
