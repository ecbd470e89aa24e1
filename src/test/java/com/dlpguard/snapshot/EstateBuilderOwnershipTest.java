package com.dlpguard.snapshot;

import com.dlpguard.json.Json;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The records render their document text lazily from the tree the builder was given: a tree the
 * caller changes after {@link EstateBuilder#add} must not change what a record says it read (a
 * rollback body is built from that text). {@link EstateBuilder#add} copies; the text is the bytes
 * {@link Json#compact} gives for the document as it was read.
 */
class EstateBuilderOwnershipTest {

    static Stream<Path> snapshots() {
        return Stream.of("examples/compliant", "examples/drifted", "examples/managed/compliant", "examples/managed/drifted",
                "src/test/resources/snapshot/baseline", "src/test/resources/shared-fixtures/arm").map(Path::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void changingTheSourceTreesAfterAddingDoesNotChangeAnyRecordsText(Path snapshot) throws Exception {
        List<JsonObject> resources = SnapshotLoader.resources(snapshot);
        EstateBuilder builder = new EstateBuilder();
        for (int i = 0; i < resources.size(); i++) {
            builder.add(resources.get(i), "resource[" + i + "]: $");
        }
        Estate built = builder.build();
        // Nothing rendered yet: every record still holds a tree. Now change every source tree.
        resources.forEach(EstateBuilderOwnershipTest::tamper);

        Map<ResourceId, String> expected = texts(SnapshotLoader.load(snapshot));
        Map<ResourceId, String> actual = texts(built);
        assertFalse(expected.isEmpty(), "the snapshot maps no record");
        assertEquals(expected, actual);
        assertTrue(actual.values().stream().noneMatch(t -> t.contains("tampered")), actual.toString());
    }

    @Test
    void theTextIsTheCompactRenderingOfTheDocumentAsRead() throws Exception {
        JsonObject nsg = JsonParser.parseString("""
                {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg",
                 "type": "Microsoft.Network/networkSecurityGroups", "location": "westeurope", "etag": "W/\\"1\\"",
                 "properties": {"securityRules": [{"name": "out-443", "properties": {"priority": 100,
                   "direction": "Outbound", "access": "Allow", "protocol": "Tcp", "sourceAddressPrefix": "*",
                   "sourcePortRange": "*", "destinationAddressPrefix": "Storage.westeurope",
                   "destinationPortRange": "443", "description": "<443> & 'more' caf\\u00e9 \\u2028"}}]}}""").getAsJsonObject();
        String nsgText = Json.compact(nsg);
        String ruleText = Json.compact(nsg.getAsJsonObject("properties").getAsJsonArray("securityRules").get(0));
        EstateBuilder builder = new EstateBuilder();
        builder.add(nsg, "nsg: $");
        Estate estate = builder.build();
        tamper(nsg);

        var read = estate.networkSecurityGroups().values().iterator().next();
        assertEquals(nsgText, read.json());
        assertEquals(ruleText, read.securityRules().get(0).json());
        assertEquals(read.json(), read.json(), "memoised text is stable");
    }

    /** Every record's id with its document text, children included. */
    static Map<ResourceId, String> texts(Estate estate) {
        Map<ResourceId, String> out = new LinkedHashMap<>();
        estate.virtualNetworks().values().forEach(v -> out.put(v.id(), v.json()));
        estate.subnets().values().forEach(s -> out.put(s.id(), s.json()));
        estate.networkSecurityGroups().values().forEach(n -> {
            out.put(n.id(), n.json());
            n.securityRules().forEach(r -> out.put(r.id(), r.json()));
            n.defaultSecurityRules().forEach(r -> out.put(r.id(), r.json()));
        });
        estate.serviceEndpointPolicies().values().forEach(p -> {
            out.put(p.id(), p.json());
            p.definitions().forEach(d -> out.put(d.id(), d.json()));
        });
        estate.routeTables().values().forEach(t -> {
            out.put(t.id(), t.json());
            t.routes().forEach(r -> out.put(r.id(), r.json()));
        });
        estate.workspaces().values().forEach(w -> {
            out.put(w.id(), w.json());
            w.managedNetwork().ifPresent(m -> m.outboundRules().forEach(r -> out.put(r.id(), r.json())));
        });
        estate.environmentVersions().values().forEach(e -> out.put(e.id(), e.json()));
        return out;
    }

    /** Changes every object and array in the tree in place: values replaced, members added. */
    static void tamper(JsonElement element) {
        if (element.isJsonObject()) {
            JsonObject o = element.getAsJsonObject();
            for (String key : new ArrayList<>(o.keySet())) {
                JsonElement value = o.get(key);
                if (value.isJsonPrimitive()) {
                    o.addProperty(key, "tampered");
                } else {
                    tamper(value);
                }
            }
            o.addProperty("tampered", true);
        } else if (element.isJsonArray()) {
            JsonArray a = element.getAsJsonArray();
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isJsonPrimitive()) {
                    a.set(i, new com.google.gson.JsonPrimitive("tampered"));
                } else {
                    tamper(a.get(i));
                }
            }
            a.add("tampered");
        }
    }
}
