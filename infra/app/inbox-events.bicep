// Event Grid drives the inbox: Flex Consumption supports only the Event Grid blob trigger, which
// the host exposes as a webhook guarded by its blobs_extension system key. That key exists only
// once the app's code (with the trigger) has started, so the subscription is created on request
// (subscribe = true): azd's postdeploy hook deploys this module again after the code is live.
param systemTopicName string
param location string
param tags object = {}

param storageAccountName string
param functionAppName string

@description('Identity Event Grid uses to write undeliverable events to the dead-letter container.')
param identityId string

@description('Container that keeps events Event Grid could not deliver, so no dropped file is lost silently.')
param deadLetterContainerName string

@description('Create the subscription; needs the deployed code, because the webhook key comes from it.')
param subscribe bool = false

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource app 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }

  resource inboxSubscription 'eventSubscriptions' = if (subscribe) {
    name: 'articles-inbox-to-function'
    properties: {
      eventDeliverySchema: 'EventGridSchema'
      destination: {
        endpointType: 'WebHook'
        properties: {
          // The blob extension's webhook; the Host.Functions. prefix is required or the host
          // accepts the event with 202 and drops it.
          endpointUrl: 'https://${app.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.IngestInboxBlob&code=${listKeys('${app.id}/host/default', '2024-11-01').systemKeys.blobs_extension}'
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      filter: {
        includedEventTypes: [
          'Microsoft.Storage.BlobCreated'
        ]
        subjectBeginsWith: '/blobServices/default/containers/articles-inbox/blobs/'
      }
      retryPolicy: {
        maxDeliveryAttempts: 30
        eventTimeToLiveInMinutes: 1440
      }
      deadLetterWithResourceIdentity: {
        identity: {
          type: 'UserAssigned'
          userAssignedIdentity: identityId
        }
        deadLetterDestination: {
          endpointType: 'StorageBlob'
          properties: {
            resourceId: storage.id
            blobContainerName: deadLetterContainerName
          }
        }
      }
    }
  }
}

output systemTopicName string = systemTopic.name
