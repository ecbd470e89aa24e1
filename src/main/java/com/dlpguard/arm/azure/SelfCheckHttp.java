package com.dlpguard.arm.azure;

import com.dlpguard.arm.ArmException;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The self-check's reads (effective permissions, Event Grid topics and subscriptions) as plain GETs
 * and list pages through {@link ArmJson}, like every other read (same pipeline, strict streaming
 * parse, ARM's errors as azure-core's): a generic GET keeps the answer as ARM sent it.
 */
final class SelfCheckHttp {
    private final ArmJson json;

    SelfCheckHttp(ArmJson json) {
        this.json = json;
    }

    List<JsonObject> permissions(ResourceId scope) throws ArmException {
        return list(scope + "/providers/Microsoft.Authorization/permissions", com.dlpguard.arm.SelfCheckReads.AUTHORIZATION_API_VERSION);
    }

    Optional<JsonObject> resource(ResourceId id, String apiVersion) throws ArmException {
        try {
            return Optional.of(json.get(id.toString(), apiVersion));
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (failure.isNotFound()) {
                return Optional.empty();
            }
            throw new ArmException("cannot read " + id + ": " + failure.describe(), failure.transientFailure(), null);
        }
    }

    List<JsonObject> list(String path, String apiVersion) throws ArmException {
        if (!path.startsWith("/subscriptions/")) {
            throw new IllegalArgumentException("list paths start with /subscriptions/: " + path);
        }
        List<JsonObject> items = new ArrayList<>();
        try {
            json.list(path, apiVersion, items::add);
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            throw new ArmException("cannot list " + path + ": " + failure.describe(), failure.transientFailure(), null);
        }
        return items;
    }
}
