package com.dlpguard.arm.emulator;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator itself, driven with the JDK's HTTP client: what it promises the gateway tests. */
class ArmEmulatorTest {
    static final String SUB = "00000000-0000-0000-0000-000000000001";
    static final String RG = "/subscriptions/" + SUB + "/resourceGroups/ml-rg";
    static final String NET = RG + "/providers/Microsoft.Network";
    static final String VNET = NET + "/virtualNetworks/ml-vnet";
    static final String SUBNET = VNET + "/subnets/compute";
    static final String NSG = NET + "/networkSecurityGroups/compute-nsg";
    static final String SEP = NET + "/serviceEndpointPolicies/aml-dlp";
    static final String API = "?api-version=2025-03-01";

    ArmEmulator emulator;
    HttpClient http;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.start();
        emulator.seed(Path.of("src/test/resources/emulator/estate"));
        http = HttpClient.newBuilder().sslContext(emulator.clientSslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    HttpResponse<String> send(String method, String pathAndQuery, Optional<String> body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("https:") ? pathAndQuery : emulator.endpoint() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + emulator.token())
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(HttpResponse<String> r) {
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static String errorCode(HttpResponse<String> r) {
        return json(r).getAsJsonObject("error").get("code").getAsString();
    }

    @Test
    void seedsEveryFormatAndComposesInlineChildren() throws Exception {
        HttpResponse<String> vnet = send("GET", VNET + API, Optional.empty());
        assertEquals(200, vnet.statusCode());
        JsonArray subnets = json(vnet).getAsJsonObject("properties").getAsJsonArray("subnets");
        assertEquals(3, subnets.size());

        HttpResponse<String> subnet = send("GET", SUBNET + API, Optional.empty());
        assertEquals(200, subnet.statusCode());
        assertEquals(json(vnet).get("etag"), json(subnet).get("etag"), "a subnet shows its VNet's etag");
        assertEquals(subnets.get(0), json(subnet), "the inline copy is the child itself");

        HttpResponse<String> definition = send("GET", SEP + "/serviceEndpointPolicyDefinitions/ml-alias" + API, Optional.empty());
        assertEquals(200, definition.statusCode());
        assertEquals("Global", json(definition).getAsJsonObject("properties").get("service").getAsString());

        HttpResponse<String> versions = send("GET", RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml/environments/train-env/versions?api-version=2025-09-01", Optional.empty());
        assertEquals(2, json(versions).getAsJsonArray("value").size());
        HttpResponse<String> environments = send("GET", RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml/environments?api-version=2025-09-01", Optional.empty());
        assertEquals(2, json(environments).getAsJsonArray("value").size(), "containers are made for seeded versions");
    }

    @Test
    void seedsResourceGraphRowsAndSpecExamplesAndMergesStandaloneChildren() {
        try (ArmEmulator other = ArmEmulator.start()) {
            other.seed("{\"data\":[{\"id\":\"" + NSG + "\",\"type\":\"microsoft.network/networksecuritygroups\",\"location\":\"westeurope\",\"properties\":{\"securityRules\":[]}}]}");
            other.seed("{\"responses\":{\"200\":{\"body\":{\"name\":\"r1\",\"id\":\"" + NSG + "/securityRules/r1\",\"properties\":{\"priority\":100,\"direction\":\"Inbound\",\"access\":\"Deny\",\"protocol\":\"*\"}}}}}");
            JsonObject nsg = other.resource(NSG).orElseThrow();
            assertEquals(1, nsg.getAsJsonObject("properties").getAsJsonArray("securityRules").size());
            assertEquals(other.etag(NSG), other.etag(NSG + "/securityRules/r1"));
        }
    }

    @Test
    void putIsLongRunningChangesTheFamilyEtagAndKeepsTheInlineCopyConsistent() throws Exception {
        String before = emulator.etag(VNET).orElseThrow();
        JsonObject subnet = emulator.resource(SUBNET).orElseThrow();
        subnet.getAsJsonObject("properties").remove("routeTable");

        HttpResponse<String> put = send("PUT", SUBNET + API, Optional.of(subnet.toString()), "If-Match", before);
        assertEquals(200, put.statusCode(), put.body());
        String status = put.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        assertEquals("InProgress", json(send("GET", status, Optional.empty())).get("status").getAsString());
        assertEquals("Succeeded", json(send("GET", status, Optional.empty())).get("status").getAsString());

        String after = emulator.etag(SUBNET).orElseThrow();
        assertNotEquals(before, after);
        assertEquals(after, emulator.etag(VNET).orElseThrow(), "the whole family moves together");
        JsonObject inline = emulator.resource(VNET).orElseThrow().getAsJsonObject("properties").getAsJsonArray("subnets").get(0).getAsJsonObject();
        assertFalse(inline.getAsJsonObject("properties").has("routeTable"));
        JsonArray users = emulator.resource(NET + "/routeTables/compute-rt").orElseThrow().getAsJsonObject("properties").getAsJsonArray("subnets");
        assertEquals(0, users.size(), "the route table's back-reference follows the subnet");
    }

    @Test
    void staleIfMatchIsRefusedWith412AndNothingChanges() throws Exception {
        JsonObject rule = emulator.resource(NSG + "/securityRules/allow-aml-inbound").orElseThrow();
        String etag = emulator.etag(NSG).orElseThrow();
        HttpResponse<String> put = send("PUT", NSG + "/securityRules/allow-aml-inbound" + API, Optional.of(rule.toString()),
                "If-Match", "W/\"stale\"");
        assertEquals(412, put.statusCode());
        assertEquals("PreconditionFailed", errorCode(put));
        assertEquals(etag, emulator.etag(NSG).orElseThrow());

        HttpResponse<String> create = send("PUT", NSG + "/securityRules/new-rule" + API, Optional.of(rule.toString().replace("allow-aml-inbound", "new-rule")),
                "If-None-Match", "*");
        assertEquals(400, create.statusCode(), "same priority and direction as an existing rule");
        assertEquals("SecurityRuleConflict", errorCode(create));
        HttpResponse<String> exists = send("PUT", NSG + "/securityRules/allow-aml-inbound" + API, Optional.of(rule.toString()),
                "If-None-Match", "*");
        assertEquals(412, exists.statusCode());
    }

    @Test
    void deleteAnswers202WithLocationAndRemovesTheChild() throws Exception {
        String etag = emulator.etag(NSG).orElseThrow();
        HttpResponse<String> delete = send("DELETE", NSG + "/securityRules/allow-aml-inbound" + API, Optional.empty(), "If-Match", etag);
        assertEquals(202, delete.statusCode());
        String location = delete.headers().firstValue("Location").orElseThrow();
        assertEquals(202, send("GET", location, Optional.empty()).statusCode());
        assertEquals(204, send("GET", location, Optional.empty()).statusCode());
        assertTrue(emulator.resource(NSG + "/securityRules/allow-aml-inbound").isEmpty());
        assertEquals(5, emulator.resource(NSG).orElseThrow().getAsJsonObject("properties").getAsJsonArray("securityRules").size());
        assertEquals(404, send("GET", NSG + "/securityRules/allow-aml-inbound" + API, Optional.empty()).statusCode());
        assertEquals(204, send("DELETE", NSG + "/securityRules/allow-aml-inbound" + API, Optional.empty()).statusCode());
    }

    @Test
    void listsArePagedWithNextLink() throws Exception {
        try (ArmEmulator paged = ArmEmulator.builder().pageSize(2).start()) {
            paged.seed(Path.of("src/test/resources/emulator/estate"));
            List<JsonElement> all = new ArrayList<>();
            String url = "/subscriptions/" + SUB + "/providers/Microsoft.Network/routeTables" + API;
            int pages = 0;
            HttpClient client = HttpClient.newBuilder().sslContext(paged.clientSslContext()).build();
            while (url != null) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url.startsWith("https:") ? url : paged.endpoint() + url))
                        .header("Authorization", "Bearer " + paged.token()).build(), HttpResponse.BodyHandlers.ofString());
                JsonObject page = json(r);
                page.getAsJsonArray("value").forEach(all::add);
                url = page.has("nextLink") ? page.get("nextLink").getAsString() : null;
                pages++;
            }
            assertEquals(2, all.size());
            assertEquals(1, pages);
            HttpResponse<String> subnets = client.send(HttpRequest.newBuilder(URI.create(paged.endpoint() + VNET + "/subnets" + API))
                    .header("Authorization", "Bearer " + paged.token()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(json(subnets).has("nextLink"), "3 subnets at 2 per page");
            assertEquals(RequestLog.Kind.LIST, paged.requests().entries().get(0).kind());
        }
    }

    @Test
    void refusesRequestsWithoutTheTokenAndNeverLogsIt() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(emulator.endpoint() + VNET + API)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        send("GET", VNET + API, Optional.empty());
        List<RequestLog.Entry> entries = emulator.requests().entries();
        assertFalse(entries.get(0).authorized());
        assertTrue(entries.get(1).authorized());
        assertFalse(emulator.requests().describe().contains(emulator.token()));
    }

    @Test
    void injectedFaultsFireOnceOnTheirMatch() throws Exception {
        emulator.faults().add("GET", ".*/subnets/compute", Fault.anotherOperation(3));
        // The JDK client silently retries an idempotent request once when a pooled connection drops.
        emulator.faults().add("GET", ".*/networkSecurityGroups/compute-nsg", Fault.dropConnection(), 2);
        HttpResponse<String> throttled = send("GET", SUBNET + API, Optional.empty());
        assertEquals(429, throttled.statusCode());
        assertEquals("RetryableErrorDueToAnotherOperation", errorCode(throttled));
        assertEquals("3", throttled.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(200, send("GET", SUBNET + API, Optional.empty()).statusCode());
        assertThrows(IOException.class, () -> send("GET", NSG + API, Optional.empty()));
        assertEquals(0, emulator.faults().pending());
        assertEquals(2, emulator.requests().count(e -> e.status() == 0 && e.path().endsWith("compute-nsg")));
    }

    @Test
    void aFailedOperationLeavesTheResourceUnchanged() throws Exception {
        String path = SEP + "/serviceEndpointPolicyDefinitions/approved-storage";
        JsonObject before = emulator.resource(path).orElseThrow();
        JsonObject body = before.deepCopy();
        body.getAsJsonObject("properties").add("serviceResources", new JsonArray());
        emulator.faults().add("PUT", ".*/approved-storage", Fault.operationFails("InternalServerError", "boom"));
        HttpResponse<String> put = send("PUT", path + API, Optional.of(body.toString()), "If-Match", before.get("etag").getAsString());
        assertEquals(200, put.statusCode());
        String status = put.headers().firstValue("Azure-AsyncOperation").orElseThrow();
        send("GET", status, Optional.empty());
        JsonObject done = json(send("GET", status, Optional.empty()));
        assertEquals("Failed", done.get("status").getAsString());
        assertEquals("InternalServerError", done.getAsJsonObject("error").get("code").getAsString());
        assertEquals(before, emulator.resource(path).orElseThrow());
    }

    @Test
    void aConcurrentEditMakesTheNextConditionalWriteStale() throws Exception {
        String etag = emulator.etag(SUBNET).orElseThrow();
        JsonObject subnet = emulator.resource(SUBNET).orElseThrow();
        emulator.faults().add("PUT", ".*/subnets/compute", Fault.concurrentEdit(VNET,
                vnet -> vnet.getAsJsonObject("properties").getAsJsonObject("addressSpace").add("addressPrefixes",
                        JsonParser.parseString("[\"10.0.0.0/16\",\"10.1.0.0/16\"]"))));
        HttpResponse<String> put = send("PUT", SUBNET + API, Optional.of(subnet.toString()), "If-Match", etag);
        assertEquals(412, put.statusCode());
        assertEquals(2, emulator.resource(VNET).orElseThrow().getAsJsonObject("properties").getAsJsonObject("addressSpace")
                .getAsJsonArray("addressPrefixes").size());
        assertEquals(subnet.get("properties"), emulator.resource(SUBNET).orElseThrow().get("properties"),
                "the edit through the VNet kept its subnets");
    }

    @Test
    void refusesWhatTheNetworkProviderRefuses() throws Exception {
        JsonObject subnet = emulator.resource(SUBNET).orElseThrow();
        subnet.getAsJsonObject("properties").add("serviceEndpoints", new JsonArray());
        HttpResponse<String> noEndpoint = send("PUT", SUBNET + API, Optional.of(subnet.toString()));
        assertEquals(400, noEndpoint.statusCode());

        JsonObject dangling = emulator.resource(SUBNET).orElseThrow();
        dangling.getAsJsonObject("properties").getAsJsonObject("networkSecurityGroup").addProperty("id", NET + "/networkSecurityGroups/gone");
        assertEquals("InvalidResourceReference", errorCode(send("PUT", SUBNET + API, Optional.of(dangling.toString()))));
        assertEquals("MissingApiVersionParameter", errorCode(send("GET", SUBNET, Optional.empty())));
        assertEquals(404, send("GET", NET + "/virtualNetworks/nope" + API, Optional.empty()).statusCode());
        assertEquals("ResourceNotFound", errorCode(send("GET", NET + "/virtualNetworks/nope" + API, Optional.empty())));
    }
}
