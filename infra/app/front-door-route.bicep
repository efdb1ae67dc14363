// The Functions app as the origin of the Front Door endpoint, and the routes to it.
// The caching route keeps what the app says: it caches by the app's Cache-Control (no override rule
// set), keeps the query string in the cache key (feed pages differ by ?limit= and ?cursor=), and
// never compresses, because the app already compresses every cacheable body itself (gzip or Brotli
// by Accept-Encoding, with Vary and an ETag per coding) and a second coding on top would break them.
// Front Door honours no Vary but Accept-Encoding's, and does not forward Accept on a caching route:
// so articles, whose link gives a browser a page and an API client JSON, go through a second route
// that does not cache (docs/DEPLOYMENT.md, "A CDN in front").
param profileName string
param endpointName string

@description('The app\'s own host name (func-....azurewebsites.net): the origin, and the Host header it gets.')
param originHostName string

resource profile 'Microsoft.Cdn/profiles@2024-02-01' existing = {
  name: profileName

  resource endpoint 'afdEndpoints' existing = {
    name: endpointName
  }
}

resource originGroup 'Microsoft.Cdn/profiles/originGroups@2024-02-01' = {
  parent: profile
  name: 'app'
  properties: {
    loadBalancingSettings: {
      sampleSize: 4
      successfulSamplesRequired: 3
      additionalLatencyInMilliseconds: 50
    }
    // One origin: Front Door's advice is no health probes (they would only add requests from every edge).
    sessionAffinityState: 'Disabled'
  }
}

resource origin 'Microsoft.Cdn/profiles/originGroups/origins@2024-02-01' = {
  parent: originGroup
  name: 'function-app'
  properties: {
    hostName: originHostName
    // The app serves only its own host name (App Service routes by Host); links come from the public base URL.
    originHostHeader: originHostName
    httpPort: 80
    httpsPort: 443
    priority: 1
    weight: 1000
    enabledState: 'Enabled'
    enforceCertificateNameCheck: true
  }
}

resource route 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: profile::endpoint
  name: 'app'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
    cacheConfiguration: {
      // Every query parameter is part of the cache key: ?limit=5 and ?cursor=... are different pages.
      queryStringCachingBehavior: 'UseQueryString'
      // Off: the app compresses (and varies on Accept-Encoding) itself.
      compressionSettings: {
        isCompressionEnabled: false
      }
    }
  }
  // A route needs an origin in its group before it can be created.
  dependsOn: [
    origin
  ]
}

// Articles: negotiated on Accept (page or JSON), and the publishers' writes. Not cached at the edge.
resource articleRoute 'Microsoft.Cdn/profiles/afdEndpoints/routes@2024-02-01' = {
  parent: profile::endpoint
  name: 'articles'
  properties: {
    originGroup: {
      id: originGroup.id
    }
    supportedProtocols: [
      'Http'
      'Https'
    ]
    patternsToMatch: [
      '/api/articles'
      '/api/articles/*'
    ]
    forwardingProtocol: 'HttpsOnly'
    httpsRedirect: 'Enabled'
    linkToDefaultDomain: 'Enabled'
    enabledState: 'Enabled'
  }
  // Front Door takes one change to an endpoint's routes at a time.
  dependsOn: [
    route
  ]
}
