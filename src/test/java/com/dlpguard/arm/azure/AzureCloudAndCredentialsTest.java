package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.emulator.ArmEmulator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.COMPUTE;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.scopeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which ARM, and whose token: clouds by name, custom endpoints, the token from an environment variable. */
class AzureCloudAndCredentialsTest {

    @Test
    void cloudsAreNamedAsTheGuardAndTheAzureCliNameThem() {
        assertSame(AzureCloud.PUBLIC, AzureCloud.named("public"));
        assertSame(AzureCloud.PUBLIC, AzureCloud.named("AzureCloud"));
        assertSame(AzureCloud.US_GOVERNMENT, AzureCloud.named("usgov"));
        assertSame(AzureCloud.US_GOVERNMENT, AzureCloud.named("AzureUSGovernment"));
        assertSame(AzureCloud.CHINA, AzureCloud.named("AzureChinaCloud"));
        assertEquals("https://management.usgovcloudapi.net/", AzureCloud.US_GOVERNMENT.resourceManagerEndpoint());
        assertEquals("https://management.chinacloudapi.cn/", AzureCloud.CHINA.resourceManagerEndpoint());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AzureCloud.named("germany"));
        assertTrue(e.getMessage().contains("--arm-endpoint"));
    }

    @Test
    void aCustomEndpointIsHttpsOnlyAndCarriesItsAudience() {
        AzureCloud stack = AzureCloud.custom(URI.create("https://management.local.azurestack.external"),
                Optional.of("https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155"),
                Optional.of(URI.create("https://adfs.local.azurestack.external/adfs")));
        assertEquals("https://management.local.azurestack.external/", stack.resourceManagerEndpoint());
        assertEquals("https://management.adfs.azurestack.local/4de154de-f8a8-4017-af41-df619da68155/",
                stack.environment().getManagementEndpoint());
        assertEquals("https://adfs.local.azurestack.external/adfs/", stack.environment().getActiveDirectoryEndpoint());
        assertThrows(IllegalArgumentException.class,
                () -> AzureCloud.custom(URI.create("http://127.0.0.1:8080"), Optional.empty(), Optional.empty()));
    }

    @Test
    void theTokenComesFromTheNamedVariableAndIsNeverShown() {
        TokenCredential credential = ArmCredentials.bearerTokenFromEnvironment("ARM_TOKEN",
                Map.of("ARM_TOKEN", "Bearer eyJ0eXAiOiJKV1Qi.secret.part")::get);
        assertEquals("eyJ0eXAiOiJKV1Qi.secret.part",
                credential.getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default")).getToken());
        assertFalse(credential.toString().contains("secret"));
        assertTrue(credential.toString().contains("ARM_TOKEN"));

        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> ArmCredentials.bearerTokenFromEnvironment("ARM_TOKEN", Map.of("ARM_TOKEN", "  ")::get));
        assertTrue(unset.getMessage().contains("ARM_TOKEN"));
        IllegalArgumentException pasted = assertThrows(IllegalArgumentException.class,
                () -> ArmCredentials.bearerTokenFromEnvironment("eyJ0eXAiOiJKV1Qi.secret", x -> "v"));
        assertFalse(pasted.getMessage().contains("secret"), "not even a mistakenly pasted token is echoed");
    }

    /** Production trust: without the endpoint's CA in the JVM trust store the TLS handshake fails and no request is made. */
    @Test
    void theProductionClientDoesNotTrustAnUnknownCertificate() {
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(EmulatedArm.ESTATE);
            AzureArmSettings settings = EmulatedArm.settingsFor(emulator).withRetries(1, Duration.ofMillis(10), Duration.ofMillis(50));
            try (AzureArmGateway gateway = AzureArmGateway.create(settings,
                    ArmCredentials.bearerTokenFromEnvironment("T", Map.of("T", emulator.token())::get))) {
                ArmException e = assertThrows(ArmException.class, () -> gateway.read(scopeOf(Set.of(COMPUTE), false)));
                assertTrue(e.getMessage().contains("certificate is not trusted"), e.getMessage());
                assertFalse(e.isTransient(), "a trust store problem does not pass by itself");
                assertEquals(0, emulator.requests().entries().size(), "no request, so no token, reached the untrusted endpoint");
            }
        }
    }
}
