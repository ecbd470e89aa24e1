// The Event Grid system topic of one Azure subscription (Microsoft.Resources.Subscriptions): every
// control-plane write and delete in that subscription is published to it. Azure allows one system
// topic per source: when the subscription already has one, pass its name and resource group and
// this deployment adds a system-assigned identity to it (used only to write dead letters).
targetScope = 'resourceGroup'

param topicName string
param tags object

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: topicName
  // Subscription and resource-group topics are global, whatever the resource group's region.
  location: 'global'
  tags: tags
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    source: subscription().id
    topicType: 'Microsoft.Resources.Subscriptions'
  }
}

output id string = topic.id
output name string = topic.name
output principalId string = topic.identity.principalId
