// Delivers one subscription's ARM write/delete successes for the operations the guard handles to
// the DlpGuardEventGrid function. Deployed after the code (azd postdeploy): Event Grid validates
// an AzureFunction endpoint when the subscription is created, so the function must exist.
targetScope = 'resourceGroup'

param topicName string
param subscriptionName string

@description('Resource id of the DlpGuardEventGrid function (…/sites/{app}/functions/DlpGuardEventGrid).')
param functionResourceId string

@description('ARM operation names to deliver (data.operationName StringIn).')
@maxLength(25)
param operationNames array

param deadLetterStorageAccountId string
param deadLetterContainerName string

@description('True when the topic has a system-assigned identity to write dead letters with.')
param deadLetterIdentity bool

@minValue(1)
@maxValue(30)
param maxDeliveryAttempts int

@minValue(1)
@maxValue(1440)
param eventTimeToLiveInMinutes int

resource topic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: topicName
}

resource eventSubscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: topic
  name: subscriptionName
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: functionResourceId
        // The Java worker binds one event per invocation; small batches keep every call well
        // inside Event Grid's 30-second response limit.
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
      ]
      // Event Grid compares strings case-insensitively, which matches ARM's mixed casing.
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.operationName'
          values: operationNames
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: maxDeliveryAttempts
      eventTimeToLiveInMinutes: eventTimeToLiveInMinutes
    }
    // Events that exhaust their retries are kept as blobs for a human (and a later sweep), written
    // with the topic's own identity: no storage key or SAS anywhere. A reused topic without a
    // system-assigned identity cannot do that: no destination then (never a key instead), and the
    // guard's self-check raises a guard-health alert until the topic's owner enables one.
    deadLetterWithResourceIdentity: deadLetterIdentity ? {
      identity: {
        type: 'SystemAssigned'
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageAccountId
          blobContainerName: deadLetterContainerName
        }
      }
    } : null
  }
}

output id string = eventSubscription.id
