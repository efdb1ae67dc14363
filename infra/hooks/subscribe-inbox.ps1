# azd postdeploy hook (Windows): the same steps as subscribe-inbox.sh, which explains why they are needed.
$ErrorActionPreference = 'Stop'

if (-not $env:AZURE_RESOURCE_GROUP -or -not $env:AZURE_FUNCTION_APP_NAME) {
    throw 'Run through azd (azd up / azd deploy), which sets AZURE_RESOURCE_GROUP and AZURE_FUNCTION_APP_NAME.'
}
if ($env:INBOX_SUBSCRIPTION_ENABLED -eq 'true') {
    Write-Host 'Inbox Event Grid subscription already declared by the infrastructure; nothing to do.'
    exit 0
}

$identityId = az identity list --resource-group $env:AZURE_RESOURCE_GROUP `
    --query "[?clientId=='$($env:AZURE_MANAGED_IDENTITY_CLIENT_ID)'].id | [0]" --output tsv

$attempt = 0
while (-not (az functionapp keys list --resource-group $env:AZURE_RESOURCE_GROUP --name $env:AZURE_FUNCTION_APP_NAME `
        --query 'systemKeys.blobs_extension' --output tsv 2>$null)) {
    $attempt++
    if ($attempt -ge 30) {
        throw "The host has no blobs_extension key yet; is IngestInboxBlob deployed? Run 'azd deploy' again later."
    }
    Write-Host "Waiting for the host's blobs_extension key ($attempt/30)..."
    Start-Sleep -Seconds 10
}

$tags = @{ 'azd-env-name' = $env:AZURE_ENV_NAME } | ConvertTo-Json -Compress
az deployment group create `
    --resource-group $env:AZURE_RESOURCE_GROUP `
    --name inbox-events `
    --template-file ./infra/app/inbox-events.bicep `
    --parameters systemTopicName=$env:AZURE_EVENTGRID_SYSTEM_TOPIC_NAME location=$env:AZURE_LOCATION `
        "tags=$tags" storageAccountName=$env:AZURE_STORAGE_ACCOUNT_NAME functionAppName=$env:AZURE_FUNCTION_APP_NAME `
        identityId=$identityId deadLetterContainerName=$env:AZURE_INBOX_DEADLETTER_CONTAINER subscribe=true `
    --output none
if ($LASTEXITCODE -ne 0) { throw 'Deploying the inbox subscription failed.' }

azd env set INBOX_SUBSCRIPTION_ENABLED true
Write-Host 'Inbox subscribed: files dropped into articles-inbox now reach IngestInboxBlob.'
