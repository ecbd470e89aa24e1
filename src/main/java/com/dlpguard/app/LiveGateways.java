package com.dlpguard.app;

import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;

import java.util.Map;
import java.util.Optional;

/**
 * The live ARM gateway for the function app: the public cloud, the user-assigned managed
 * identity named by {@code AZURE_CLIENT_ID} (DefaultAzureCredential falls back to the others).
 * The client is built here, once per instance, on the first event (see {@link GuardRuntime}).
 */
final class LiveGateways {
    private LiveGateways() {
    }

    static ArmGateway fromEnvironment(Map<String, String> env, Optional<String> managedIdentityClientId) {
        AzureCloud cloud = AzureCloud.PUBLIC;
        AzureArmGateway gateway = AzureArmGateway.create(AzureArmSettings.defaults(cloud),
                ArmCredentials.defaultAzureCredential(cloud, managedIdentityClientId));
        // The token and the TLS handshake start now, while the rest of the guard is built and the event parsed.
        gateway.warmUp();
        return gateway;
    }
}
