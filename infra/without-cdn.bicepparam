// The baseline without the Front Door CDN (enableFrontDoor's default): the app open to all and
// linking to its own address. infra/check.sh turns it into artifacts/infra/main.without-cdn.snapshot.json.
using 'main.bicep'

param environmentName = 'baseline'
param location = 'eastus2'
param inboxSubscriptionEnabled = true
