package com.dlpguard.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * Event Grid {@code Microsoft.Resources.*} events in the shape ARM sends, made from
 * examples/events/alias-removed.json with another subject, operation and time: what the Java
 * worker hands the function (one event as a String).
 */
final class Events {
    static final String SUBSCRIPTION = "3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11";
    static final String NET = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final String VNET = NET + "/virtualNetworks/ml-vnet";
    static final String SUBNET = VNET + "/subnets/compute";
    static final String NSG = NET + "/networkSecurityGroups/compute-nsg";
    static final String SEP = NET + "/serviceEndpointPolicies/aml-dlp";
    static final String ALIAS = SEP + "/serviceEndpointPolicyDefinitions/ml-alias";

    private static JsonObject template;

    private Events() {
    }

    /** The event kinds whose ARM cost is measured, each with the subject and operation ARM reports. */
    enum Kind {
        SUBNET_WRITE("subnet write", SUBNET, "Microsoft.Network/virtualNetworks/subnets/write"),
        SEP_DEFINITION_DELETE("SEP definition delete", ALIAS,
                "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete"),
        SECURITY_RULE_WRITE("security rule write", NSG + "/securityRules/allow-batch-inbound",
                "Microsoft.Network/networkSecurityGroups/securityRules/write"),
        NSG_WRITE("NSG write", NSG, "Microsoft.Network/networkSecurityGroups/write"),
        VNET_WRITE("VNet write", VNET, "Microsoft.Network/virtualNetworks/write");

        final String label;
        final String subject;
        final String operation;

        Kind(String label, String subject, String operation) {
            this.label = label;
            this.subject = subject;
            this.operation = operation;
        }

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static String of(Kind kind, String id, Instant time) {
        return of(kind.subject, kind.operation, id, time);
    }

    static String of(String subject, String operation, String id, Instant time) {
        JsonObject e = template().deepCopy();
        boolean delete = operation.endsWith("/delete");
        e.addProperty("id", id);
        e.addProperty("eventTime", time.toString());
        e.addProperty("subject", subject);
        e.addProperty("eventType", delete ? "Microsoft.Resources.ResourceDeleteSuccess" : "Microsoft.Resources.ResourceWriteSuccess");
        JsonObject data = e.getAsJsonObject("data");
        data.addProperty("resourceUri", subject);
        data.addProperty("operationName", operation);
        data.getAsJsonObject("authorization").addProperty("scope", subject);
        data.getAsJsonObject("authorization").addProperty("action", operation);
        JsonObject http = data.getAsJsonObject("httpRequest");
        http.addProperty("method", delete ? "DELETE" : "PUT");
        http.addProperty("url", "https://management.azure.com" + subject + "?api-version=2025-03-01");
        data.addProperty("correlationId", id);
        return e.toString();
    }

    private static synchronized JsonObject template() {
        if (template == null) {
            try {
                JsonElement e = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")));
                template = (e.isJsonArray() ? e.getAsJsonArray().get(0) : e).getAsJsonObject();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return template;
    }
}
