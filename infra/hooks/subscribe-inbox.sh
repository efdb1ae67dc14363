#!/bin/sh
# azd postdeploy hook: subscribes the blob inbox to Event Grid once the app's code is live.
# The webhook needs the host's blobs_extension system key, which exists only after the code
# with the Event Grid blob trigger has started, so `azd provision` alone cannot create it.
# It deploys infra/app/inbox-events.bicep with subscribe=true (the same module main.bicep uses),
# then records INBOX_SUBSCRIPTION_ENABLED=true so every later `azd provision` keeps declaring it.
# Needs the Azure CLI (az), signed in to the same tenant as azd.
set -eu

: "${AZURE_RESOURCE_GROUP:?run through azd (azd up / azd deploy), which sets the environment}"
: "${AZURE_FUNCTION_APP_NAME:?missing azd output AZURE_FUNCTION_APP_NAME}"

if [ "${INBOX_SUBSCRIPTION_ENABLED:-false}" = "true" ]; then
  echo "Inbox Event Grid subscription already declared by the infrastructure; nothing to do."
  exit 0
fi

identity_id="$(az identity list --resource-group "$AZURE_RESOURCE_GROUP" \
  --query "[?clientId=='$AZURE_MANAGED_IDENTITY_CLIENT_ID'].id | [0]" --output tsv)"

# The host writes its system keys a few moments after the first start; wait for the blob extension's.
attempt=0
until az functionapp keys list --resource-group "$AZURE_RESOURCE_GROUP" --name "$AZURE_FUNCTION_APP_NAME" \
  --query "systemKeys.blobs_extension" --output tsv 2>/dev/null | grep -q .; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 30 ]; then
    echo "The host has no blobs_extension key yet; is IngestInboxBlob deployed? Run 'azd deploy' again later." >&2
    exit 1
  fi
  echo "Waiting for the host's blobs_extension key ($attempt/30)..."
  sleep 10
done

az deployment group create \
  --resource-group "$AZURE_RESOURCE_GROUP" \
  --name inbox-events \
  --template-file ./infra/app/inbox-events.bicep \
  --parameters \
    systemTopicName="$AZURE_EVENTGRID_SYSTEM_TOPIC_NAME" \
    location="$AZURE_LOCATION" \
    tags="{\"azd-env-name\":\"$AZURE_ENV_NAME\"}" \
    storageAccountName="$AZURE_STORAGE_ACCOUNT_NAME" \
    functionAppName="$AZURE_FUNCTION_APP_NAME" \
    identityId="$identity_id" \
    deadLetterContainerName="$AZURE_INBOX_DEADLETTER_CONTAINER" \
    subscribe=true \
  --output none

azd env set INBOX_SUBSCRIPTION_ENABLED true
echo "Inbox subscribed: files dropped into articles-inbox now reach IngestInboxBlob."
