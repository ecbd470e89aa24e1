// Key Vault for the alert secrets (Teams Workflows URL, generic webhook URL and signing secret).
// The app reads them as Key Vault references, so they never appear in app settings, templates,
// deployment history or logs. Secrets are normally set out of band (az keyvault secret set); the
// optional secure parameters only seed them, and an empty value never overwrites a vault secret.
param name string
param location string
param tags object

@description('Principal (object) id of the guard\'s managed identity.')
param guardPrincipalId string

@description('Secret names in the vault, keyed teamsWebhookUrl / webhookUrl / webhookSecret.')
param secretNames object

@secure()
param teamsWebhookUrl string

@secure()
param webhookUrl string

@secure()
param webhookSecret string

var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    // Azure RBAC instead of access policies: the guard gets read on secret values only.
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource teamsWebhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(teamsWebhookUrl)) {
  parent: vault
  name: secretNames.teamsWebhookUrl
  properties: {
    value: teamsWebhookUrl
    contentType: 'text/plain'
  }
}

resource webhookUrlSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(webhookUrl)) {
  parent: vault
  name: secretNames.webhookUrl
  properties: {
    value: webhookUrl
    contentType: 'text/plain'
  }
}

resource webhookSecretSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(webhookSecret)) {
  parent: vault
  name: secretNames.webhookSecret
  properties: {
    value: webhookSecret
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, guardPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: guardPrincipalId
    principalType: 'ServicePrincipal'
    description: 'DLP Guard: resolve the alert secrets referenced by app settings.'
  }
}

output name string = vault.name
output vaultUri string = vault.properties.vaultUri
