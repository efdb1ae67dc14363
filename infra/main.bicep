// SyndicationFunctions in one resource group: a Flex Consumption Functions app that runs as a
// user-assigned identity, its storage (Entra ID only), monitoring, the Event Grid topic that
// feeds the blob inbox and, when enableFrontDoor is on, an Azure Front Door CDN in front of it.
// `azd up` deploys it with main.parameters.json.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@minLength(1)
@description('Region for every resource (one that offers Flex Consumption).')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Resource group name; empty means rg-<environmentName>.')
param resourceGroupName string = ''

@description('Create the inbox Event Grid subscription. Needs the app\'s code deployed first (see docs/DEPLOYMENT.md).')
param inboxSubscriptionEnabled bool = false

@description('Largest article body the API accepts, in bytes.')
@minValue(1024)
param maxBodyBytes int = 1048576

@description('Seconds feed readers may cache a feed.')
@minValue(0)
param feedCacheSeconds int = 300

@description('Seconds readers and shared caches may keep an article (how long a correction or withdrawal can go unseen).')
@minValue(0)
@maxValue(3600)
param articleCacheSeconds int = 60

@description('Public base URL the feeds link to; empty means the Front Door endpoint when it is on, else the app\'s own https address.')
param publicBaseUrl string = ''

@description('Put an Azure Front Door (Standard) CDN in front of the app: it caches by the app\'s Cache-Control, becomes the feeds\' public base URL, and the app then admits only requests through it (and Event Grid\'s).')
param enableFrontDoor bool = false

@description('The publisher\'s own site; feeds\' home links lead there. Empty: the app\'s front page.')
param siteUrl string = ''

@description('Days the change feed keeps each change (at least 30).')
@minValue(30)
param changeRetentionDays int = 30

@description('Pinned section display names, as slug=Name;slug=Name (for example world=World News).')
param sectionNames string = ''

@description('Other host names (comma-separated) whose requests may shape links; used only when publicBaseUrl is empty.')
param allowedHosts string = ''

@description('Items in a feed page when the reader does not ask for a number.')
@minValue(1)
@maxValue(100)
param defaultFeedLimit int = 20

@description('Title of the feeds (a section feed adds the section name).')
@minLength(1)
param feedTitle string = 'SyndicationFunctions'

@description('Language of the feeds, a BCP 47 tag.')
@minLength(2)
param feedLanguage string = 'en'

@description('E-mail address the alerts go to (docs/OPERATIONS.md); empty: the alerts fire with no receiver.')
param alertEmail string = ''

@description('NCRONTAB schedule of the backup (six fields, UTC): daily at 03:17 by default.')
param backupSchedule string = '0 17 3 * * *'

@description('Days a backup is kept in the backups container (soft delete keeps a deleted one a week longer).')
@minValue(1)
param backupRetentionDays int = 30

@description('Other WebSub hubs (comma-separated URLs, e.g. Superfeedr\'s) that feeds also advertise and the app pings.')
param externalHubs string = ''

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

// Every container and table the app uses (StorageNames in the Functions project; a test keeps them in step).
var articleContainers = [
  'articles-inbox'
  'articles-archive'
  'articles-rejected'
  'articles-content'
  'backups'
]
var articleTables = [
  'syndication'
]
// Push: WebSub subscriptions and partner endpoints, and the fan-out queues (PushNames in the Functions project).
var pushTables = [
  'websubsubscriptions'
  'webhookendpoints'
]
var pushQueues = [
  'push-changes'
  'websub-fanout'
  'websub-deliveries'
  'websub-verifications'
  'webhook-pumps'
]
var inboxDeadLetterContainer = 'articles-inbox-deadletter'
var identityName = 'id-${resourceToken}'
var storageAccountName = 'st${resourceToken}'
var functionAppName = 'func-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'
var frontDoorProfileName = 'afd-${resourceToken}'
var frontDoorEndpointName = 'fde-${resourceToken}'

resource rg 'Microsoft.Resources/resourceGroups@2024-11-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    containers: concat(articleContainers, [inboxDeadLetterContainer])
    tables: concat(articleTables, pushTables)
    queues: pushQueues
    deploymentContainerName: deploymentContainerName
  }
}

module storageAccess 'app/storage-access.bicep' = {
  name: 'storage-access'
  scope: rg
  params: {
    storageAccountName: storageAccountName
    identityName: identityName
  }
  dependsOn: [
    identity
    storage
  ]
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
    publisherIdentityName: identityName
  }
  dependsOn: [
    identity
  ]
}

// The CDN's profile and endpoint come first: the endpoint's address is the app's public base URL.
module frontDoor 'app/front-door.bicep' = if (enableFrontDoor) {
  name: 'front-door'
  scope: rg
  params: {
    profileName: frontDoorProfileName
    endpointName: frontDoorEndpointName
    tags: tags
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    planName: 'plan-${resourceToken}'
    name: functionAppName
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    maxBodyBytes: maxBodyBytes
    feedCacheSeconds: feedCacheSeconds
    articleCacheSeconds: articleCacheSeconds
    // An operator's own address (a custom domain on the CDN) wins; else the CDN's; else the app's own.
    publicBaseUrl: !empty(publicBaseUrl) ? publicBaseUrl : (enableFrontDoor ? frontDoor!.outputs.url : '')
    behindFrontDoor: enableFrontDoor
    frontDoorId: enableFrontDoor ? frontDoor!.outputs.frontDoorId : ''
    allowedHosts: allowedHosts
    changeRetentionDays: changeRetentionDays
    siteUrl: siteUrl
    sectionNames: sectionNames
    defaultFeedLimit: defaultFeedLimit
    feedTitle: feedTitle
    feedLanguage: feedLanguage
    backupSchedule: backupSchedule
    backupRetentionDays: backupRetentionDays
    externalHubs: externalHubs
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
  }
  // The app must not start before its identity may read the deployment package and host storage.
  dependsOn: [
    storageAccess
  ]
}

// The app as the CDN's origin, and the caching route, once the app exists.
module frontDoorRoute 'app/front-door-route.bicep' = if (enableFrontDoor) {
  name: 'front-door-route'
  scope: rg
  params: {
    profileName: frontDoorProfileName
    endpointName: frontDoorEndpointName
    // The app's outputs come after the endpoint's (its settings name the endpoint), so the profile exists by then.
    originHostName: functionApp.outputs.defaultHostName
  }
}

module alerts 'app/alerts.bicep' = {
  name: 'alerts'
  scope: rg
  params: {
    location: location
    tags: tags
    applicationInsightsName: 'appi-${resourceToken}'
    actionGroupName: 'ag-${resourceToken}'
    workbookName: 'wb-${resourceToken}'
    alertEmail: alertEmail
  }
  dependsOn: [
    monitoring
  ]
}

module inboxEvents 'app/inbox-events.bicep' = {
  name: 'inbox-events'
  scope: rg
  params: {
    systemTopicName: 'evgt-${resourceToken}'
    location: location
    tags: tags
    storageAccountName: storageAccountName
    functionAppName: functionAppName
    identityId: identity.outputs.id
    deadLetterContainerName: inboxDeadLetterContainer
    subscribe: inboxSubscriptionEnabled
  }
  dependsOn: [
    storage
    functionApp
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url
output AZURE_FRONT_DOOR_URL string = enableFrontDoor ? frontDoor!.outputs.url : ''
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint
output AZURE_STORAGE_QUEUE_ENDPOINT string = storage.outputs.queueEndpoint
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = inboxEvents.outputs.systemTopicName
output AZURE_INBOX_DEADLETTER_CONTAINER string = inboxDeadLetterContainer
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
