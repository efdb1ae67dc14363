// The Functions app on a Flex Consumption (FC1) plan, running as the user-assigned identity.
// Every setting the code reads in Azure is set here, and only identity-based connections:
// service URIs plus "managedidentity" and the identity's client id, never a key.
param planName string
param name string
param location string
param tags object = {}

@description('azd finds the app to deploy to by this tag (the service name in azure.yaml).')
param serviceName string = 'api'

param identityId string
param identityClientId string

param storageBlobEndpoint string
param storageQueueEndpoint string
param storageTableEndpoint string
param deploymentContainerName string

param applicationInsightsConnectionString string

@description('Largest request body the app accepts, in bytes (413 beyond it).')
param maxBodyBytes int

@description('Seconds readers may cache a feed (Cache-Control max-age).')
param feedCacheSeconds int

@description('Seconds readers may cache an article (Cache-Control max-age).')
param articleCacheSeconds int

@description('Public address the feeds link to; empty means the app\'s own https host name.')
param publicBaseUrl string = ''

@description('The publisher\'s site for feeds\' home links; empty means the app\'s front page.')
param siteUrl string = ''

@description('Days the change feed keeps each change.')
param changeRetentionDays int = 30

@description('Pinned section display names: slug=Name;slug=Name.')
param sectionNames string = ''

@description('Admit only requests through the Front Door profile with this id (X-Azure-FDID), and Event Grid\'s deliveries. Off: open to all.')
param behindFrontDoor bool = false

@description('The Front Door profile\'s id (its X-Azure-FDID header); used when behindFrontDoor.')
param frontDoorId string = ''

@description('Host names (comma-separated) besides loopback whose requests may shape links when no public base URL is set.')
param allowedHosts string = ''

@description('Items in a feed page when the reader does not ask for a number.')
param defaultFeedLimit int

@description('Title of the feeds.')
param feedTitle string

@description('Language of the feeds (BCP 47).')
param feedLanguage string

@description('NCRONTAB schedule of the scheduled backup (the BackupStore timer function reads it by name).')
param backupSchedule string

@description('Days a scheduled backup is kept.')
param backupRetentionDays int

@description('Other WebSub hubs (comma-separated URLs) every feed also advertises and the app pings on each change.')
param externalHubs string = ''

@description('Shortest WebSub lease granted, in seconds.')
@minValue(1)
param minLeaseSeconds int = 300

@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      // Behind Front Door the app takes requests only from that profile (the service tag alone would admit
      // every Front Door customer's), and the inbox's Event Grid deliveries, which call the app directly.
      // Deployments go to the scm site, which keeps its own (open) rules.
      ipSecurityRestrictionsDefaultAction: behindFrontDoor ? 'Deny' : 'Allow'
      ipSecurityRestrictions: !behindFrontDoor
        ? []
        : [
            {
              name: 'front-door'
              action: 'Allow'
              priority: 100
              tag: 'ServiceTag'
              ipAddress: 'AzureFrontDoor.Backend'
              headers: {
                'x-azure-fdid': [
                  frontDoorId
                ]
              }
            }
            {
              name: 'event-grid'
              action: 'Allow'
              priority: 200
              tag: 'ServiceTag'
              ipAddress: 'AzureEventGrid'
            }
          ]
      scmIpSecurityRestrictionsUseMain: false
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  // Flex Consumption sets FUNCTIONS_WORKER_RUNTIME and FUNCTIONS_EXTENSION_VERSION itself and rejects
  // them (and WEBSITE_RUN_FROM_PACKAGE, WEBSITE_CONTENT*) as app settings, so none appear here.
  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Host storage: keys, locks and the blob extension's bookkeeping.
      AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
      AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
      AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId

      // The site's root is the app's front page (host.json routePrefix ""), not the host's placeholder page.
      AzureWebJobsDisableHomepage: 'true'

      // The app's own storage (StorageNames.Connection): the inbox trigger, the article tables and blobs.
      ArticleStorage__blobServiceUri: storageBlobEndpoint
      ArticleStorage__queueServiceUri: storageQueueEndpoint
      ArticleStorage__tableServiceUri: storageTableEndpoint
      ArticleStorage__credential: 'managedidentity'
      ArticleStorage__clientId: identityClientId

      // Telemetry, authenticated with the identity because the component refuses local (key) auth.
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

      // The app's options (section "Syndication").
      Syndication__MaxBodyBytes: string(maxBodyBytes)
      Syndication__FeedCacheSeconds: string(feedCacheSeconds)
      Syndication__ArticleCacheSeconds: string(articleCacheSeconds)
      Syndication__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${app.properties.defaultHostName}' : publicBaseUrl
      Syndication__AllowedHosts: allowedHosts
      Syndication__ChangeRetentionDays: string(changeRetentionDays)
      Syndication__SiteUrl: siteUrl
      Syndication__SectionNames: sectionNames
      Syndication__DefaultFeedLimit: string(defaultFeedLimit)
      Syndication__FeedTitle: feedTitle
      Syndication__FeedLanguage: feedLanguage
      Syndication__BackupRetentionDays: string(backupRetentionDays)
      SYNDICATION_BACKUP_SCHEDULE: backupSchedule

      // Push (WebSub hub, webhooks). Callbacks to loopback, private and link-local addresses stay refused in Azure.
      Syndication__AllowPrivateNetworkCallbacks: 'false'
      Syndication__ExternalHubs: externalHubs
      Syndication__MinLeaseSeconds: string(minLeaseSeconds)
    }
  }

  // Deployments go through Entra ID (azd, az functionapp deployment); no basic-auth publishing.
  resource ftpPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmPublishing 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

output id string = app.id
output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output url string = 'https://${app.properties.defaultHostName}'
