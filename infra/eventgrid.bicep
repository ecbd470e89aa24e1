// Event subscriptions from each watched subscription's system topic to the guard's Event Grid
// function. Separate from main.bicep because Event Grid validates an AzureFunction endpoint when
// the subscription is created: the code must be deployed first. azd runs this in the postdeploy
// hook (infra/hooks/postdeploy.sh); by hand: `az deployment sub create` after deploying the code.
targetScope = 'subscription'

@description('A system topic created by main.bicep (its GUARD_EVENT_TOPICS output).')
type eventTopic = {
  subscriptionId: string
  resourceGroup: string
  topicName: string
  @description('False for a reused topic without a system-assigned identity: no dead-letter destination (the self-check reports it).')
  deadLetterIdentity: bool?
}

@description('Resource id of the guard\'s function app (main.bicep output GUARD_FUNCTION_APP_ID).')
param functionAppId string

@minLength(1)
@description('System topics to subscribe to (main.bicep output GUARD_EVENT_TOPICS).')
param eventTopics eventTopic[]

@description('Resource id of the guard\'s storage account (main.bicep output GUARD_STORAGE_ACCOUNT_ID).')
param deadLetterStorageAccountId string

@description('Dead-letter container in that account (main.bicep output GUARD_DEADLETTER_CONTAINER).')
param deadLetterContainerName string = 'eventgrid-deadletter'

@description('Name of the event subscription on each topic.')
param eventSubscriptionName string = 'dlp-guard'

@minValue(1)
@maxValue(30)
@description('Delivery attempts before an event is dead-lettered (Event Grid default 30).')
param maxDeliveryAttempts int = 30

@minValue(1)
@maxValue(1440)
@description('Minutes an event is retried before it is dead-lettered; the guard remembers event ids for the same 24 h.')
param eventTimeToLiveInMinutes int = 1440

// The ARM operations whose events can change a protected scope: exactly
// com.dlpguard.events.HandledOperations.ALL (InfraCrossCheckTest keeps them equal). Event Grid
// allows 25 advanced-filter values per subscription in total.
var handledOperations = [
  'Microsoft.Network/virtualNetworks/write'
  'Microsoft.Network/virtualNetworks/delete'
  'Microsoft.Network/virtualNetworks/subnets/write'
  'Microsoft.Network/virtualNetworks/subnets/delete'
  'Microsoft.Network/networkSecurityGroups/write'
  'Microsoft.Network/networkSecurityGroups/delete'
  'Microsoft.Network/networkSecurityGroups/securityRules/write'
  'Microsoft.Network/networkSecurityGroups/securityRules/delete'
  'Microsoft.Network/serviceEndpointPolicies/write'
  'Microsoft.Network/serviceEndpointPolicies/delete'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write'
  'Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete'
  'Microsoft.Network/routeTables/write'
  'Microsoft.Network/routeTables/delete'
  'Microsoft.Network/routeTables/routes/write'
  'Microsoft.Network/routeTables/routes/delete'
  'Microsoft.MachineLearningServices/workspaces/environments/versions/write'
  'Microsoft.MachineLearningServices/workspaces/write'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/write'
  'Microsoft.MachineLearningServices/workspaces/outboundRules/delete'
]

module subscriptions 'modules/eventgrid-subscription.bicep' = [for (t, i) in eventTopics: {
  name: 'dlpguard-eventsub-${i}'
  scope: resourceGroup(t.subscriptionId, t.resourceGroup)
  params: {
    topicName: t.topicName
    subscriptionName: eventSubscriptionName
    functionResourceId: '${functionAppId}/functions/DlpGuardEventGrid'
    operationNames: handledOperations
    deadLetterStorageAccountId: deadLetterStorageAccountId
    deadLetterContainerName: deadLetterContainerName
    deadLetterIdentity: t.?deadLetterIdentity ?? true
    maxDeliveryAttempts: maxDeliveryAttempts
    eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
  }
}]

output GUARD_EVENT_SUBSCRIPTION_IDS array = [for (t, i) in eventTopics: subscriptions[i].outputs.id]
