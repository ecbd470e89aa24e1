package com.dlpguard.arm.azure;

import com.azure.core.management.AzureEnvironment;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Azure Resource Manager the guard talks to: a sovereign cloud by name, or a custom ARM
 * endpoint ({@code --arm-endpoint URL}: Azure Stack Hub, private clouds, the test emulator). A
 * custom endpoint's certificate is trusted through the JVM's standard trust store settings
 * ({@code -Djavax.net.ssl.trustStore=...}); nothing here weakens TLS.
 */
public record AzureCloud(String name, AzureEnvironment environment) {
    public static final AzureCloud PUBLIC = new AzureCloud("public", AzureEnvironment.AZURE);
    public static final AzureCloud US_GOVERNMENT = new AzureCloud("usgov", AzureEnvironment.AZURE_US_GOVERNMENT);
    public static final AzureCloud CHINA = new AzureCloud("china", AzureEnvironment.AZURE_CHINA);

    public AzureCloud {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(environment, "environment");
    }

    /** {@code public}, {@code usgov} or {@code china}, also under the Azure CLI's names ({@code AzureCloud}, ...). */
    public static AzureCloud named(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "public", "azure", "azurecloud" -> PUBLIC;
            case "usgov", "usgovernment", "azureusgovernment" -> US_GOVERNMENT;
            case "china", "azurechinacloud" -> CHINA;
            default -> throw new IllegalArgumentException("unknown cloud '" + name
                    + "': use public, usgov or china, or --arm-endpoint URL for a custom ARM endpoint");
        };
    }

    /**
     * A custom ARM endpoint. {@code audience} is the token audience ARM expects (Azure Stack Hub
     * publishes it in its metadata endpoint; defaults to the endpoint itself); {@code authorityHost}
     * is the Entra ID / AD FS login host (defaults to the public cloud's).
     */
    public static AzureCloud custom(URI armEndpoint, Optional<String> audience, Optional<URI> authorityHost) {
        Objects.requireNonNull(armEndpoint, "armEndpoint");
        if (!"https".equalsIgnoreCase(armEndpoint.getScheme()) || armEndpoint.getHost() == null) {
            // Bearer tokens are never sent in clear text; azure-core refuses it as well.
            throw new IllegalArgumentException("--arm-endpoint must be an https URL, got '" + armEndpoint + "'");
        }
        String url = withTrailingSlash(armEndpoint.toString());
        Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
        endpoints.put("resourceManagerEndpointUrl", url);
        endpoints.put("managementEndpointUrl", audience.map(AzureCloud::withTrailingSlash).orElse(url));
        authorityHost.ifPresent(a -> endpoints.put("activeDirectoryEndpointUrl", withTrailingSlash(a.toString())));
        return new AzureCloud("custom:" + url, new AzureEnvironment(endpoints));
    }

    /** The ARM base URL, e.g. {@code https://management.azure.com/}. */
    public String resourceManagerEndpoint() {
        return environment.getResourceManagerEndpoint();
    }

    private static String withTrailingSlash(String s) {
        return s.endsWith("/") ? s : s + "/";
    }
}
