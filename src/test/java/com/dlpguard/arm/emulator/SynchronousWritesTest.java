package com.dlpguard.arm.emulator;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ArmEmulator.Builder#synchronousWrites}: writes finish in their first answer unless a fault asks otherwise. */
class SynchronousWritesTest {
    static final String SEP = ArmEmulatorTest.SEP;
    static final String DEFINITION = SEP + "/serviceEndpointPolicyDefinitions/extra";
    static final String API = ArmEmulatorTest.API;

    ArmEmulator emulator;
    HttpClient http;

    @BeforeEach
    void start() {
        emulator = ArmEmulator.builder().synchronousWrites(true).start();
        emulator.seed(Path.of("src/test/resources/emulator/estate"));
        http = HttpClient.newBuilder().sslContext(emulator.clientSslContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    HttpResponse<String> send(String method, String path, Optional<String> body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(emulator.endpoint() + path + API))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + emulator.token())
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static final String BODY = "{\"properties\":{\"service\":\"Microsoft.Storage\",\"serviceResources\":[]}}";

    @Test
    void aPutAndADeleteCompleteWithoutAnOperationToPoll() throws Exception {
        HttpResponse<String> put = send("PUT", DEFINITION, Optional.of(BODY));
        assertEquals(201, put.statusCode());
        assertTrue(put.headers().firstValue("Azure-AsyncOperation").isEmpty());
        JsonObject answer = JsonParser.parseString(put.body()).getAsJsonObject();
        assertEquals("Succeeded", answer.getAsJsonObject("properties").get("provisioningState").getAsString());
        assertTrue(emulator.resource(DEFINITION).isPresent());

        HttpResponse<String> delete = send("DELETE", DEFINITION, Optional.empty());
        assertEquals(200, delete.statusCode());
        assertTrue(delete.headers().firstValue("Location").isEmpty());
        assertFalse(emulator.resource(DEFINITION).isPresent());
    }

    @Test
    void aQueuedOperationFaultStillAnswersAsynchronously() throws Exception {
        emulator.faults().add("PUT", ".*/serviceEndpointPolicyDefinitions/extra", Fault.longOperation(2));
        HttpResponse<String> put = send("PUT", DEFINITION, Optional.of(BODY));
        assertEquals(201, put.statusCode());
        assertTrue(put.headers().firstValue("Azure-AsyncOperation").isPresent());
        assertEquals(0, emulator.faults().pending());
    }
}
