// Azure Front Door (Standard) profile and endpoint: the CDN readers reach the feeds through.
// The origin and the route come later (front-door-route.bicep), once the app exists; the app's
// public base URL is this endpoint's address, so this part is deployed before the app.
param profileName string
param endpointName string
param tags object = {}

resource profile 'Microsoft.Cdn/profiles@2024-02-01' = {
  name: profileName
  location: 'global'
  tags: tags
  sku: {
    name: 'Standard_AzureFrontDoor'
  }
  properties: {
    originResponseTimeoutSeconds: 60
  }
}

resource endpoint 'Microsoft.Cdn/profiles/afdEndpoints@2024-02-01' = {
  parent: profile
  name: endpointName
  location: 'global'
  tags: tags
  properties: {
    enabledState: 'Enabled'
  }
}

output url string = 'https://${endpoint.properties.hostName}'

@description('The profile\'s id that Front Door sends as X-Azure-FDID; the app admits only requests carrying it.')
output frontDoorId string = profile.properties.frontDoorId
