#!/bin/sh
# azd postdeploy hook: subscribes the deployed DlpGuardEventGrid function to the system topic of
# every watched subscription (infra/eventgrid.bicep). It runs after `azd deploy` because Event
# Grid validates an AzureFunction endpoint when the event subscription is created. Needs the
# Azure CLI signed in (`az login`) as a principal allowed to create event subscriptions there.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

for name in AZURE_ENV_NAME AZURE_LOCATION AZURE_SUBSCRIPTION_ID AZURE_RESOURCE_GROUP \
    GUARD_FUNCTION_APP_NAME GUARD_FUNCTION_APP_ID GUARD_STORAGE_ACCOUNT_ID \
    GUARD_DEADLETTER_CONTAINER GUARD_EVENT_TOPICS; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
        echo "postdeploy: $name is not set; run 'azd provision' first" >&2
        exit 1
    fi
done

case "$GUARD_EVENT_TOPICS" in
    \[*) ;;
    *)
        echo "postdeploy: GUARD_EVENT_TOPICS is not a JSON array" >&2
        exit 1
        ;;
esac

# Flex Consumption indexes a new package's functions asynchronously: wait (bounded) until the
# Event Grid function is listed, otherwise the endpoint validation fails.
attempt=0
until az functionapp function show --subscription "$AZURE_SUBSCRIPTION_ID" \
    --resource-group "$AZURE_RESOURCE_GROUP" --name "$GUARD_FUNCTION_APP_NAME" \
    --function-name DlpGuardEventGrid --output none 2>/dev/null; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then
        echo "postdeploy: DlpGuardEventGrid is still not listed on $GUARD_FUNCTION_APP_NAME after 5 minutes" >&2
        exit 1
    fi
    sleep 10
done

# The Event Grid trigger's endpoint is authenticated with the host's `eventgrid_extension`
# system key, which the host creates when it first starts with the trigger: until then, Event
# Grid's endpoint validation fails although the function is listed. Wait (bounded) for the key.
# The query prints only whether the key exists (true/false), never the key.
attempt=0
until case "$(az functionapp keys list --subscription "$AZURE_SUBSCRIPTION_ID" \
        --resource-group "$AZURE_RESOURCE_GROUP" --name "$GUARD_FUNCTION_APP_NAME" \
        --query "systemKeys.eventgrid_extension != null" --output tsv 2>/dev/null)" in
        [Tt]rue) true ;;
        *) false ;;
    esac; do
    attempt=$((attempt + 1))
    if [ "$attempt" -ge 30 ]; then
        echo "postdeploy: the Event Grid extension's system key of $GUARD_FUNCTION_APP_NAME does not exist after 5 minutes" >&2
        exit 1
    fi
    sleep 10
done

params=$(mktemp)
trap 'rm -f "$params"' EXIT
cat > "$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "functionAppId": { "value": "$GUARD_FUNCTION_APP_ID" },
    "eventTopics": { "value": $GUARD_EVENT_TOPICS },
    "deadLetterStorageAccountId": { "value": "$GUARD_STORAGE_ACCOUNT_ID" },
    "deadLetterContainerName": { "value": "$GUARD_DEADLETTER_CONTAINER" }
  }
}
JSON

echo "postdeploy: subscribing DlpGuardEventGrid to the watched subscriptions' system topics"
az deployment sub create \
    --subscription "$AZURE_SUBSCRIPTION_ID" \
    --name "dlpguard-eventgrid-$AZURE_ENV_NAME" \
    --location "$AZURE_LOCATION" \
    --template-file "$here/../eventgrid.bicep" \
    --parameters "@$params" \
    --output none
echo "postdeploy: event subscriptions in place"
