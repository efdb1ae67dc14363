// The deployment the baseline tests look at: every optional part switched on (the inbox
// subscription and the Front Door CDN included), with azd's defaults for the rest. infra/check.sh turns it into
// artifacts/infra/main.snapshot.json, the resources ARM would be asked to create.
using 'main.bicep'

param environmentName = 'baseline'
param location = 'eastus2'
param inboxSubscriptionEnabled = true
param enableFrontDoor = true
