# azd postdeploy hook (Windows): same steps as postdeploy.sh. Subscribes the deployed
# DlpGuardEventGrid function to the system topic of every watched subscription
# (infra/eventgrid.bicep); Event Grid validates the function endpoint, so it runs after deploy.
$ErrorActionPreference = 'Stop'

$required = 'AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', 'AZURE_RESOURCE_GROUP',
    'GUARD_FUNCTION_APP_NAME', 'GUARD_FUNCTION_APP_ID', 'GUARD_STORAGE_ACCOUNT_ID',
    'GUARD_DEADLETTER_CONTAINER', 'GUARD_EVENT_TOPICS'
foreach ($name in $required) {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "postdeploy: $name is not set; run 'azd provision' first"
    }
}

$topics = $env:GUARD_EVENT_TOPICS | ConvertFrom-Json -NoEnumerate

# Flex Consumption indexes a new package's functions asynchronously: wait (bounded).
$listed = $false
for ($attempt = 0; $attempt -lt 30 -and -not $listed; $attempt++) {
    az functionapp function show --subscription $env:AZURE_SUBSCRIPTION_ID `
        --resource-group $env:AZURE_RESOURCE_GROUP --name $env:GUARD_FUNCTION_APP_NAME `
        --function-name DlpGuardEventGrid --output none 2>$null
    if ($LASTEXITCODE -eq 0) { $listed = $true } else { Start-Sleep -Seconds 10 }
}
if (-not $listed) {
    throw "postdeploy: DlpGuardEventGrid is still not listed on $($env:GUARD_FUNCTION_APP_NAME) after 5 minutes"
}

# The Event Grid trigger's endpoint is authenticated with the host's eventgrid_extension system
# key, created when the host first starts with the trigger: wait (bounded) for it. The query
# prints only whether the key exists, never the key.
$keyed = $false
for ($attempt = 0; $attempt -lt 30 -and -not $keyed; $attempt++) {
    $exists = az functionapp keys list --subscription $env:AZURE_SUBSCRIPTION_ID `
        --resource-group $env:AZURE_RESOURCE_GROUP --name $env:GUARD_FUNCTION_APP_NAME `
        --query 'systemKeys.eventgrid_extension != null' --output tsv 2>$null
    if ($exists -eq 'true') { $keyed = $true } else { Start-Sleep -Seconds 10 }
}
if (-not $keyed) {
    throw "postdeploy: the Event Grid extension's system key of $($env:GUARD_FUNCTION_APP_NAME) does not exist after 5 minutes"
}

$params = [ordered]@{
    '$schema'      = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'
    contentVersion = '1.0.0.0'
    parameters     = [ordered]@{
        functionAppId              = @{ value = $env:GUARD_FUNCTION_APP_ID }
        eventTopics                = @{ value = $topics }
        deadLetterStorageAccountId = @{ value = $env:GUARD_STORAGE_ACCOUNT_ID }
        deadLetterContainerName    = @{ value = $env:GUARD_DEADLETTER_CONTAINER }
    }
}
$file = New-TemporaryFile
try {
    $params | ConvertTo-Json -Depth 10 | Set-Content -Path $file -Encoding utf8
    Write-Host 'postdeploy: subscribing DlpGuardEventGrid to the watched subscriptions'' system topics'
    az deployment sub create --subscription $env:AZURE_SUBSCRIPTION_ID `
        --name "dlpguard-eventgrid-$($env:AZURE_ENV_NAME)" --location $env:AZURE_LOCATION `
        --template-file (Join-Path $PSScriptRoot '..' 'eventgrid.bicep') `
        --parameters "@$file" --output none
    if ($LASTEXITCODE -ne 0) { throw 'postdeploy: az deployment sub create failed' }
    Write-Host 'postdeploy: event subscriptions in place'
} finally {
    Remove-Item $file -ErrorAction SilentlyContinue
}
