package com.dlpguard.arm;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

/**
 * The reads of the guard's self-check that are not about the protected estate: the identity's own
 * effective permissions and the Event Grid resources that deliver events to it. Implemented by the
 * live gateway ({@code arm.azure}); answers are ARM JSON as received, the {@code health} package
 * interprets them.
 */
public interface SelfCheckReads {

    /** Microsoft.Authorization API version of {@code permissions}. */
    String AUTHORIZATION_API_VERSION = "2022-04-01";
    /** Microsoft.EventGrid API version of system topics and their event subscriptions (infra/ uses the same). */
    String EVENT_GRID_API_VERSION = "2025-02-15";

    /**
     * The caller's effective permissions at {@code scope}: the {@code value} items of
     * {@code GET {scope}/providers/Microsoft.Authorization/permissions} ({@code actions},
     * {@code notActions}, ...), every page. Throws for any refusal or failure.
     */
    List<JsonObject> permissions(ResourceId scope) throws ArmException;

    /** A resource by id (GET), empty when ARM answers 404; throws for other refusals and failures. */
    Optional<JsonObject> resource(ResourceId id, String apiVersion) throws ArmException;

    /**
     * Every item of a list ({@code path} relative to the ARM endpoint, starting with
     * {@code /subscriptions/}, without query), following {@code nextLink}.
     */
    List<JsonObject> list(String path, String apiVersion) throws ArmException;
}
