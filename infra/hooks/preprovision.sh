#!/bin/sh
# azd preprovision hook: creates (or updates) the guard's custom role with infra/role.bicep, then
# waits until every protected subscription can see it. main.bicep only ASSIGNS the role: a role
# created and assigned in one deployment fails intermittently while the definition replicates
# (RoleDefinitionDoesNotExist). Needs the Azure CLI signed in (`az login`) as a principal allowed
# to write role definitions (see infra/README.md, Prerequisites).
set -eu

here=$(cd "$(dirname "$0")" && pwd)

for name in AZURE_ENV_NAME AZURE_LOCATION AZURE_SUBSCRIPTION_ID GUARD_PROTECTED_RESOURCE_GROUPS; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then
        echo "preprovision: $name is not set (azd env set $name ...)" >&2
        exit 1
    fi
done

case "$GUARD_PROTECTED_RESOURCE_GROUPS" in
    \[*) ;;
    *)
        echo "preprovision: GUARD_PROTECTED_RESOURCE_GROUPS is not a JSON array" >&2
        exit 1
        ;;
esac

params=$(mktemp)
trap 'rm -f "$params"' EXIT
cat > "$params" <<JSON
{
  "\$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "environmentName": { "value": "$AZURE_ENV_NAME" },
    "protectedResourceGroups": { "value": $GUARD_PROTECTED_RESOURCE_GROUPS }
  }
}
JSON

echo "preprovision: creating or updating the DLP Guard custom role"
role=$(az deployment sub create \
    --subscription "$AZURE_SUBSCRIPTION_ID" \
    --name "dlpguard-role-$AZURE_ENV_NAME" \
    --location "$AZURE_LOCATION" \
    --template-file "$here/../role.bicep" \
    --parameters "@$params" \
    --query properties.outputs.GUARD_ROLE_GUID.value --output tsv)
subscriptions=$(az deployment sub show --subscription "$AZURE_SUBSCRIPTION_ID" --name "dlpguard-role-$AZURE_ENV_NAME" \
    --query "properties.outputs.GUARD_ROLE_SUBSCRIPTIONS.value[]" --output tsv)

# Replication: wait (bounded) until each subscription the role will be assigned in lists it.
for sub in $subscriptions; do
    attempt=0
    until [ "$(az role definition list --subscription "$sub" --scope "/subscriptions/$sub" --name "$role" \
        --query "length(@)" --output tsv 2>/dev/null || echo 0)" = "1" ]; do
        attempt=$((attempt + 1))
        if [ "$attempt" -ge 30 ]; then
            echo "preprovision: role $role is still not visible in subscription $sub after 5 minutes" >&2
            exit 1
        fi
        sleep 10
    done
done
echo "preprovision: role $role visible in every protected subscription"
