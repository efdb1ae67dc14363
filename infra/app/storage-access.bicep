// Data-plane roles for the app's identity on its storage account, and nothing at the control plane.
// - Blob Data Owner: the role Microsoft documents for the blob trigger and for identity-based host
//   storage (AzureWebJobsStorage). The host keeps its keys and locks in blobs, Flex reads the
//   deployment package, and the app reads the inbox, moves blobs to archive/rejected and writes
//   article bodies.
// - Queue Data Contributor: the blob extension parks blobs that keep failing in its poison queue,
//   and the host uses queues for its own bookkeeping.
// - Table Data Contributor: articles, sections and counters live in tables.
// Named guid(scope, identity, role) with the identity's resource id, known before deployment.
// Scoped to the account rather than to each container because the host creates its own
// containers (azure-webjobs-hosts, azure-webjobs-secrets) and queues at run time.
param storageAccountName string

@description('Name of the app\'s user-assigned managed identity (same resource group).')
param identityName string

var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource blobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, storageBlobDataOwner)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, storageQueueDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource tableData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, storageTableDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}
