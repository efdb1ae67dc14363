// The Functions app as the origin of the Front Door endpoint, and the routes to it.
// The caching route keeps what the app says: it caches by the app's Cache-Control (no override rule
// set), keeps the query string in the cache key (feed pages differ by ?limit= and ?cursor=), and
// never compresses, because the app already compresses every cacheable body itself (gzip or Brotli
// by Accept-Encoding, with Vary and an ETag per coding) and a second coding on top would break them.
// Front Door honours no Vary but Accept-Encoding's, and does not forward Accept when it caches, so
// the app renders every cached copy for a client that named no type: the feed, the article's JSON.
// A browser names text/html, and a rule sends exactly those requests past the cache, with Accept,
// so it still gets its page (docs/DEPLOYMENT.md, "A CDN in front").
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

resource browsers 'Microsoft.Cdn/profiles/ruleSets@2024-02-01' = {
  parent: profile
  name: 'browsers'

  // The app gives a page only to a request that names text/html (RepresentationChoice.PrefersHtml); every
  // such request skips the cache, and every other one is served the copy rendered for no Accept at all.
  resource pastTheCache 'rules' = {
    name: 'pastTheCache'
    properties: {
      order: 1
      matchProcessingBehavior: 'Stop'
      conditions: [
        {
          name: 'RequestHeader'
          parameters: {
            typeName: 'DeliveryRuleRequestHeaderConditionParameters'
            selector: 'Accept'
            operator: 'Contains'
            negateCondition: false
            matchValues: [
              'text/html'
              'application/xhtml+xml'
            ]
            transforms: [
              'Lowercase'
            ]
          }
        }
      ]
      actions: [
        {
          // No cacheConfiguration: caching off for these requests, so Accept reaches the app.
          name: 'RouteConfigurationOverride'
          parameters: {
            typeName: 'DeliveryRuleRouteConfigurationOverrideActionParameters'
            originGroupOverride: {
              originGroup: {
                id: originGroup.id
              }
              forwardingProtocol: 'HttpsOnly'
            }
          }
        }
      ]
    }
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
    ruleSets: [
      {
        id: browsers.id
      }
    ]
    cacheConfiguration: {
      // Every query parameter is part of the cache key: ?limit=5 and ?cursor=... are different pages.
      queryStringCachingBehavior: 'UseQueryString'
      // Off: the app compresses (and varies on Accept-Encoding) itself.
      compressionSettings: {
        isCompressionEnabled: false
      }
    }
  }
  // A route needs an origin in its group, and its rule set's rules, before it can be created.
  dependsOn: [
    origin
    browsers::pastTheCache
  ]
}
