// Data-plane roles for the app's identity on its storage account, and nothing at the control plane.
// - Blob Data Contributor: the host keeps its keys and locks in blobs, Flex reads the deployment
//   package, and the app reads the inbox, moves blobs to archive/rejected and writes article bodies.
//   Blob Data Owner adds only ACL and ownership rights on hierarchical-namespace accounts; this one
//   has no hierarchical namespace, so Owner would grant nothing the app uses.
// - Queue Data Contributor: the blob extension parks blobs that keep failing in its poison queue,
//   and the host uses queues for its own bookkeeping.
// - Table Data Contributor: articles, sections and counters live in tables.
// Named guid(scope, identity, role) with the identity's resource id, known before deployment.
// Scoped to the account rather than to each container because the host creates its own
// containers (azure-webjobs-hosts, azure-webjobs-secrets) and queues at run time.
param storageAccountName string

@description('Name of the app\'s user-assigned managed identity (same resource group).')
param identityName string

var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {
  name: storageAccountName
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource blobData 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(account.id, identity.id, storageBlobDataContributor)
  scope: account
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
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
