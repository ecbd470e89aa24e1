package com.dlpguard.arm.azure;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import com.azure.identity.DefaultAzureCredentialBuilder;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The credentials the guard signs ARM requests with. A token never appears in a message, a log
 * line or {@code toString()}.
 */
public final class ArmCredentials {
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private ArmCredentials() {
    }

    /**
     * {@code DefaultAzureCredential}: managed identity in Azure (a user-assigned one when its client
     * id is given), {@code az login} / environment credentials on a laptop or build agent.
     */
    public static TokenCredential defaultAzureCredential(AzureCloud cloud, Optional<String> managedIdentityClientId) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .authorityHost(cloud.environment().getActiveDirectoryEndpoint());
        managedIdentityClientId.filter(id -> !id.isBlank()).ifPresent(builder::managedIdentityClientId);
        return builder.build();
    }

    /**
     * {@code --token-env VAR}: the bearer token a pipeline already holds ({@code az account
     * get-access-token}) in environment variable {@code variable}. The error names the variable, never its value.
     */
    public static TokenCredential bearerTokenFromEnvironment(String variable, Function<String, String> environment) {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(environment, "environment");
        if (!VARIABLE_NAME.matcher(variable).matches()) {
            // Not echoed: what was passed may be the token itself, pasted in the wrong place.
            throw new IllegalArgumentException("--token-env needs the name of an environment variable (letters, digits,"
                    + " underscores), not a value");
        }
        String value = environment.apply(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("environment variable " + variable + " (from --token-env) is not set or empty");
        }
        String token = value.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        return new StaticBearerToken(token, variable);
    }

    /** A token obtained elsewhere; it cannot be refreshed, so a pipeline must finish within its lifetime. */
    private static final class StaticBearerToken implements TokenCredential {
        private final String token;
        private final String source;

        StaticBearerToken(String token, String source) {
            this.token = token;
            this.source = source;
        }

        @Override
        public Mono<AccessToken> getToken(TokenRequestContext request) {
            return Mono.fromSupplier(() -> getTokenSync(request));
        }

        @Override
        public AccessToken getTokenSync(TokenRequestContext request) {
            // Its real expiry is inside the JWT, which the guard does not parse; ARM answers 401 once it lapses.
            return new AccessToken(token, OffsetDateTime.now().plusHours(1));
        }

        @Override
        public String toString() {
            return "bearer token from environment variable " + source;
        }
    }
}
