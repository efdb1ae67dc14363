// The one storage account: Functions host storage (AzureWebJobsStorage), the Flex deployment
// package, the article inbox/archive/rejected/content containers and the article tables.
// Reached only with Entra ID: shared keys are off, so no connection string can exist.
param name string
param location string
param tags object = {}

@description('Blob containers the app reads and writes.')
param containers string[]

@description('Tables the app reads and writes.')
param tables string[]

@description('Queues of the queue-triggered functions (push fan-out); their -poison queues the host creates itself.')
param queues string[] = []

@description('Container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Days a deleted blob or container can still be restored: a dropped article is never silently lost.')
@minValue(1)
param softDeleteDays int = 7

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      // Flex Consumption without a virtual network reaches storage over its public endpoint;
      // access is still Entra-only (no keys, no SAS).
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }

  resource blobService 'blobServices' = {
    name: 'default'
    properties: {
      deleteRetentionPolicy: {
        enabled: true
        days: softDeleteDays
      }
      containerDeleteRetentionPolicy: {
        enabled: true
        days: softDeleteDays
      }
    }

    resource appContainers 'containers' = [
      for container in containers: {
        name: container
        properties: {
          publicAccess: 'None'
        }
      }
    ]

    resource deploymentContainer 'containers' = {
      name: deploymentContainerName
      properties: {
        publicAccess: 'None'
      }
    }
  }

  resource queueService 'queueServices' = {
    name: 'default'

    resource appQueues 'queues' = [
      for queue in queues: {
        name: queue
      }
    ]
  }

  resource tableService 'tableServices' = {
    name: 'default'

    resource appTables 'tables' = [
      for table in tables: {
        name: table
      }
    ]
  }
}

output id string = account.id
output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
