package com.dlpguard.health;

import com.dlpguard.events.HandledOperations;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Event Grid resources as ARM's GET shows them (api-version 2025-02-15), for seeding the emulator:
 * the subscription's system topic, and the guard's event subscription as infra/eventgrid.bicep
 * deploys it (filter built from {@link HandledOperations#ALL}, so it follows the router).
 */
public final class EventGridSeed {
    public static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    public static final String RESOURCE_GROUP = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/ml-rg";
    public static final String FUNCTION_APP = "/subscriptions/" + SUBSCRIPTION
            + "/resourceGroups/rg-dlpguard-test/providers/Microsoft.Web/sites/func-dlpguard-test";
    public static final String TOPIC = RESOURCE_GROUP + "/providers/Microsoft.EventGrid/systemTopics/dlpguard-arm-events";
    public static final String EVENT_SUBSCRIPTION = TOPIC + "/eventSubscriptions/dlp-guard";

    private EventGridSeed() {
    }

    /** {@code seed} (the topic, an event subscription) moved to {@code subscription}: every id in it re-rooted. */
    public static JsonObject inSubscription(JsonObject seed, String subscription) {
        return com.google.gson.JsonParser.parseString(seed.toString().replace(SUBSCRIPTION, subscription)).getAsJsonObject();
    }

    public static JsonObject topic() {
        JsonObject topic = new JsonObject();
        topic.addProperty("id", TOPIC);
        topic.addProperty("name", "dlpguard-arm-events");
        topic.addProperty("type", "Microsoft.EventGrid/systemTopics");
        topic.addProperty("location", "global");
        JsonObject identity = new JsonObject();
        identity.addProperty("type", "SystemAssigned, UserAssigned");
        identity.addProperty("principalId", "3f2b8c1e-0000-4000-8000-000000000001");
        topic.add("identity", identity);
        JsonObject p = new JsonObject();
        p.addProperty("provisioningState", "Succeeded");
        p.addProperty("source", "/subscriptions/" + SUBSCRIPTION);
        p.addProperty("topicType", "Microsoft.Resources.Subscriptions");
        p.addProperty("metricResourceId", "7e0e8e1c-0000-4000-8000-000000000002");
        topic.add("properties", p);
        return topic;
    }

    /** The guard's event subscription with every handled operation and a dead-letter destination. */
    public static JsonObject eventSubscription() {
        return eventSubscription(HandledOperations.ALL, true);
    }

    public static JsonObject eventSubscription(Collection<String> operations, boolean deadLetter) {
        JsonObject sub = new JsonObject();
        sub.addProperty("id", EVENT_SUBSCRIPTION);
        sub.addProperty("name", "dlp-guard");
        sub.addProperty("type", "Microsoft.EventGrid/eventSubscriptions");
        JsonObject p = new JsonObject();
        p.addProperty("provisioningState", "Succeeded");
        p.addProperty("topic", TOPIC);
        p.addProperty("eventDeliverySchema", "EventGridSchema");
        JsonObject destination = new JsonObject();
        destination.addProperty("endpointType", "AzureFunction");
        JsonObject dp = new JsonObject();
        dp.addProperty("resourceId", FUNCTION_APP + "/functions/DlpGuardEventGrid");
        dp.addProperty("maxEventsPerBatch", 1);
        dp.addProperty("preferredBatchSizeInKilobytes", 64);
        destination.add("properties", dp);
        p.add("destination", destination);
        JsonObject filter = new JsonObject();
        JsonArray types = new JsonArray();
        types.add("Microsoft.Resources.ResourceWriteSuccess");
        types.add("Microsoft.Resources.ResourceDeleteSuccess");
        filter.add("includedEventTypes", types);
        filter.addProperty("subjectBeginsWith", "");
        filter.addProperty("subjectEndsWith", "");
        JsonArray advanced = new JsonArray();
        JsonObject stringIn = new JsonObject();
        stringIn.addProperty("operatorType", "StringIn");
        stringIn.addProperty("key", "data.operationName");
        JsonArray values = new JsonArray();
        new TreeSet<>(operations).forEach(values::add);
        stringIn.add("values", values);
        advanced.add(stringIn);
        filter.add("advancedFilters", advanced);
        p.add("filter", filter);
        JsonObject retry = new JsonObject();
        retry.addProperty("maxDeliveryAttempts", 30);
        retry.addProperty("eventTimeToLiveInMinutes", 1440);
        p.add("retryPolicy", retry);
        if (deadLetter) {
            JsonObject withIdentity = new JsonObject();
            JsonObject identity = new JsonObject();
            identity.addProperty("type", "SystemAssigned");
            withIdentity.add("identity", identity);
            JsonObject dest = new JsonObject();
            dest.addProperty("endpointType", "StorageBlob");
            JsonObject destProps = new JsonObject();
            destProps.addProperty("resourceId", "/subscriptions/" + SUBSCRIPTION
                    + "/resourceGroups/rg-dlpguard-test/providers/Microsoft.Storage/storageAccounts/stdlpgtest");
            destProps.addProperty("blobContainerName", "eventgrid-deadletter");
            dest.add("properties", destProps);
            withIdentity.add("deadLetterDestination", dest);
            p.add("deadLetterWithResourceIdentity", withIdentity);
        }
        sub.add("properties", p);
        return sub;
    }
}
