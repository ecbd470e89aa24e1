package com.dlpguard.health;

import com.dlpguard.model.ResourceId;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Objects;

/** A system topic as read, with its event subscriptions (or why they could not be listed). */
public record EventTopic(ResourceId id, JsonObject json, Observed<List<JsonObject>> eventSubscriptions) {
    public EventTopic {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(eventSubscriptions, "eventSubscriptions");
    }
}
