package com.dlpguard.hardening;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where people make their changes: the in-memory ARM, or the HTTPS emulator (out of band, as the portal would). */
interface World {
    /** The resource as a GET shows it, children inline. */
    Optional<JsonObject> resource(ResourceId id);

    /** Someone's PUT of {@code resource} (its id inside). */
    void put(JsonObject resource) throws SnapshotException;

    /** Someone's DELETE. */
    void delete(ResourceId id) throws SnapshotException;

    static World of(InMemoryArmGateway arm) {
        return new World() {
            @Override
            public Optional<JsonObject> resource(ResourceId id) {
                return arm.resource(id);
            }

            @Override
            public void put(JsonObject resource) throws SnapshotException {
                arm.putExternally(resource);
            }

            @Override
            public void delete(ResourceId id) {
                arm.deleteExternally(id);
            }
        };
    }

    /** The emulator: a child is deleted through its parent (a PUT of the parent without it drops it). */
    static World of(ArmEmulator emulator) {
        Map<String, String> inline = Map.of("subnets", "subnets", "securityrules", "securityRules",
                "serviceendpointpolicydefinitions", "serviceEndpointPolicyDefinitions", "routes", "routes");
        return new World() {
            @Override
            public Optional<JsonObject> resource(ResourceId id) {
                return emulator.resource(id.toString());
            }

            @Override
            public void put(JsonObject resource) {
                emulator.put(resource.get("id").getAsString(), resource);
            }

            @Override
            public void delete(ResourceId id) {
                String type = id.type().substring(id.type().lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
                String segment = inline.get(type);
                Optional<ResourceId> parent = id.parent().filter(ResourceId::isProviderResource);
                if (segment == null || parent.isEmpty()) {
                    return; // the emulator has no out-of-band delete of a top-level resource; the platform edit suffices
                }
                emulator.edit(parent.get().toString(), view -> {
                    JsonObject props = view.getAsJsonObject("properties");
                    JsonArray kept = new JsonArray();
                    for (JsonElement child : props.getAsJsonArray(segment)) {
                        if (!child.getAsJsonObject().get("name").getAsString().equalsIgnoreCase(id.name())) {
                            kept.add(child);
                        }
                    }
                    props.add(segment, kept);
                });
            }
        };
    }
}
