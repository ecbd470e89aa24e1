# azd preprovision hook (Windows): same steps as preprovision.sh. Creates or updates the guard's
# custom role (infra/role.bicep), then waits until every protected subscription sees it, so that
# main.bicep's assignments never race the definition's replication (RoleDefinitionDoesNotExist).
$ErrorActionPreference = 'Stop'

$required = 'AZURE_ENV_NAME', 'AZURE_LOCATION', 'AZURE_SUBSCRIPTION_ID', 'GUARD_PROTECTED_RESOURCE_GROUPS'
foreach ($name in $required) {
    if (-not [Environment]::GetEnvironmentVariable($name)) {
        throw "preprovision: $name is not set (azd env set $name ...)"
    }
}

$groups = $env:GUARD_PROTECTED_RESOURCE_GROUPS | ConvertFrom-Json -NoEnumerate
$params = [ordered]@{
    '$schema'      = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#'
    contentVersion = '1.0.0.0'
    parameters     = [ordered]@{
        environmentName         = @{ value = $env:AZURE_ENV_NAME }
        protectedResourceGroups = @{ value = $groups }
    }
}
$file = New-TemporaryFile
try {
    $params | ConvertTo-Json -Depth 10 | Set-Content -Path $file -Encoding utf8
    Write-Host 'preprovision: creating or updating the DLP Guard custom role'
    $role = az deployment sub create --subscription $env:AZURE_SUBSCRIPTION_ID `
        --name "dlpguard-role-$($env:AZURE_ENV_NAME)" --location $env:AZURE_LOCATION `
        --template-file (Join-Path $PSScriptRoot '..' 'role.bicep') `
        --parameters "@$file" --query properties.outputs.GUARD_ROLE_GUID.value --output tsv
    if ($LASTEXITCODE -ne 0) { throw 'preprovision: az deployment sub create failed' }
    $subscriptions = az deployment sub show --subscription $env:AZURE_SUBSCRIPTION_ID `
        --name "dlpguard-role-$($env:AZURE_ENV_NAME)" `
        --query 'properties.outputs.GUARD_ROLE_SUBSCRIPTIONS.value[]' --output tsv
} finally {
    Remove-Item $file -ErrorAction SilentlyContinue
}

# Replication: wait (bounded) until each subscription lists the role.
foreach ($sub in $subscriptions) {
    $visible = $false
    for ($attempt = 0; $attempt -lt 30 -and -not $visible; $attempt++) {
        $count = az role definition list --subscription $sub --scope "/subscriptions/$sub" --name $role `
            --query 'length(@)' --output tsv 2>$null
        if ($count -eq '1') { $visible = $true } else { Start-Sleep -Seconds 10 }
    }
    if (-not $visible) {
        throw "preprovision: role $role is still not visible in subscription $sub after 5 minutes"
    }
}
Write-Host 'preprovision: role visible in every protected subscription'
