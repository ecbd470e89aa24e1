// The Event Grid system topic of one Azure subscription (Microsoft.Resources.Subscriptions): every
// control-plane write and delete in that subscription is published to it. Azure allows one system
// topic per source. With reuseExisting (the event source named its existing topic), this module
// only REFERENCES the topic: a PUT would replace the whole resource, and with it an identity of
// type 'SystemAssigned, UserAssigned' that other subscriptions deliver with, and its owner's tags.
targetScope = 'resourceGroup'

param topicName string
param tags object

@description('True when the topic already exists (another tool created it): never written, only read.')
param reuseExisting bool = false

// The guard's own topic: created here, with a system-assigned identity used only to write dead letters.
resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' = if (!reuseExisting) {
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

// Someone else's topic: read as it is. Its system-assigned identity, when it has one (type
// 'SystemAssigned' or 'SystemAssigned, UserAssigned'), writes the guard's dead letters.
resource existingTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = if (reuseExisting) {
  name: topicName
}

var existingPrincipalId = reuseExisting ? (existingTopic.?identity.?principalId ?? '') : ''

output id string = reuseExisting ? existingTopic.id : topic.id
output name string = topicName
output principalId string = reuseExisting ? existingPrincipalId : topic.identity.principalId
output hasSystemIdentity bool = reuseExisting ? !empty(existingPrincipalId) : true
