package com.dlpguard.bench;

import com.dlpguard.arm.azure.ArmCredentials;
import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.arm.azure.AzureArmSettings;
import com.dlpguard.arm.azure.AzureCloud;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.EmulatorCertificate;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTPS ARM emulator (the tests' own) with the real gateway in front of it: the
 * resource-manager pipeline over the JDK HTTP client, authenticated by a bearer
 * token as {@code --token-env} does. The emulator keeps its defaults (pages of 100, one
 * {@code InProgress} poll per long-running operation, {@code Retry-After: 1}).
 */
final class Emulated implements AutoCloseable {
    static final String TOKEN_VARIABLE = "DLP_GUARD_BENCH_ARM_TOKEN";

    final ArmEmulator emulator;

    private Emulated(ArmEmulator emulator) {
        this.emulator = emulator;
    }

    static Emulated compliantExample() {
        ArmEmulator emulator = ArmEmulator.start();
        emulator.seed(BenchGuard.EXAMPLES.resolve("compliant"));
        return new Emulated(emulator);
    }

    static Emulated seeded(List<JsonObject> resources) {
        ArmEmulator emulator = ArmEmulator.start();
        JsonArray all = new JsonArray();
        resources.forEach(all::add);
        emulator.seed(all);
        return new Emulated(emulator);
    }

    static AzureArmSettings settings(String endpoint) {
        return AzureArmSettings.defaults(AzureCloud.custom(URI.create(endpoint), Optional.empty(), Optional.empty()));
    }

    /** A gateway in this JVM (the warm measurements). */
    AzureArmGateway gateway() {
        return AzureArmGateway.create(settings(emulator.endpoint()),
                ArmCredentials.bearerTokenFromEnvironment(TOKEN_VARIABLE, Map.of(TOKEN_VARIABLE, emulator.token())::get),
                emulator.clientSslContext());
    }

    /** What a child JVM needs to reach the emulator with the production factory: trust store, endpoint, token. */
    List<String> childJvmArgs() {
        EmulatorCertificate cert = EmulatorCertificate.get();
        return List.of("-Djavax.net.ssl.trustStore=" + cert.trustStoreFile(),
                "-Djavax.net.ssl.trustStorePassword=" + new String(cert.trustStorePassword()),
                "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    Map<String, String> childEnvironment() {
        return Map.of(TOKEN_VARIABLE, emulator.token(), "DLP_GUARD_BENCH_ARM_ENDPOINT", emulator.endpoint());
    }

    JsonObject resource(String id) {
        return emulator.resource(id).orElseThrow(() -> new IllegalStateException("the emulator has no " + id));
    }

    /** A human's change, made out of band (not in the request log). */
    void apply(Drifts.Change change) {
        if (change.put().isPresent()) {
            emulator.put(change.id(), change.put().get());
            return;
        }
        // A child DELETE: the parent without it (PUT semantics replace the inline children).
        ResourceId child = ResourceId.parse(change.id());
        ResourceId parent = child.parent().orElseThrow();
        emulator.edit(parent.toString(), p -> {
            for (Map.Entry<String, JsonElement> e : p.getAsJsonObject("properties").entrySet()) {
                if (e.getValue().isJsonArray()) {
                    JsonArray kept = new JsonArray();
                    e.getValue().getAsJsonArray().forEach(c -> {
                        boolean isChild = c.isJsonObject() && c.getAsJsonObject().has("id")
                                && ResourceId.tryParse(c.getAsJsonObject().get("id").getAsString()).map(child::equals).orElse(false);
                        if (!isChild) {
                            kept.add(c);
                        }
                    });
                    e.setValue(kept);
                }
            }
        });
    }

    /** ARM requests by what they cost, from the emulator's request log. */
    record Calls(long gets, long lists, long polls, long writes, long getsBeforeFirstWrite, long getsAfterLastPoll) {
        long reads() {
            return gets + lists + polls;
        }

        long total() {
            return reads() + writes;
        }

        JsonObject json() {
            JsonObject o = new JsonObject();
            o.addProperty("resource_gets", gets);
            o.addProperty("list_gets", lists);
            o.addProperty("operation_polls", polls);
            o.addProperty("writes", writes);
            o.addProperty("reads_before_first_write", getsBeforeFirstWrite);
            o.addProperty("reads_after_last_operation", getsAfterLastPoll);
            o.addProperty("total", total());
            return o;
        }

        static Calls of(List<RequestLog.Entry> entries) {
            long gets = 0, lists = 0, polls = 0, writes = 0, before = 0, after = 0;
            int firstWrite = -1, lastPoll = -1;
            for (int i = 0; i < entries.size(); i++) {
                RequestLog.Entry e = entries.get(i);
                if (e.isWrite() && firstWrite < 0) {
                    firstWrite = i;
                }
                if (e.isRead() && e.kind() == RequestLog.Kind.OPERATION) {
                    lastPoll = i;
                }
            }
            for (int i = 0; i < entries.size(); i++) {
                RequestLog.Entry e = entries.get(i);
                if (e.isWrite()) {
                    writes++;
                } else if (e.isRead()) {
                    switch (e.kind()) {
                        case LIST -> lists++;
                        case OPERATION -> polls++;
                        default -> gets++;
                    }
                    if (e.kind() != RequestLog.Kind.OPERATION) {
                        if (firstWrite < 0 || i < firstWrite) {
                            before++;
                        } else if (i > lastPoll) {
                            after++;
                        }
                    }
                }
            }
            return new Calls(gets, lists, polls, writes, before, after);
        }
    }

    Calls calls() {
        return Calls.of(emulator.requests().entries());
    }

    @Override
    public void close() {
        emulator.close();
    }
}
