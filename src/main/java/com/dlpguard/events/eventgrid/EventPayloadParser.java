package com.dlpguard.events.eventgrid;

import com.azure.core.models.CloudEvent;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.dlpguard.events.EventPayloadException;
import com.dlpguard.events.ParsedEvent;
import com.dlpguard.events.ResourceEvent;
import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses an Event Grid delivery (Event Grid schema or CloudEvents 1.0; one event or an array)
 * with azure-messaging-eventgrid, one element at a time so one malformed event does not take the
 * rest of the batch with it. The JSON is first read strictly (a lenient parser could turn a
 * corrupted subject into a different resource id).
 *
 * <p>Quirks handled: some producers spell CloudEvents' {@code specversion} as {@code specVersion};
 * older payloads carry {@code claims}, {@code authorization} and {@code httpRequest} as
 * JSON-encoded strings rather than objects.
 */
public final class EventPayloadParser {

    private static final List<String> EVENT_GRID_STRINGS = List.of("id", "topic", "subject", "eventType", "eventTime",
            "dataVersion", "metadataVersion");
    private static final List<String> CLOUD_EVENT_STRINGS = List.of("id", "source", "specversion", "type", "subject",
            "time", "datacontenttype", "dataschema", "data_base64");

    private EventPayloadParser() {
    }

    public static List<ParsedEvent> parse(byte[] payload) throws EventPayloadException {
        try {
            return parse(StrictJson.decodeUtf8(payload));
        } catch (JsonInputException e) {
            throw new EventPayloadException("not JSON: " + e.getMessage());
        }
    }

    public static List<ParsedEvent> parse(String payload) throws EventPayloadException {
        StrictJson.Items document;
        try {
            // Item by item: a duplicate key or absurd nesting inside one event makes that event
            // malformed, not the whole delivery (the valid events next to it are still handled).
            document = StrictJson.parseItems(payload);
        } catch (JsonInputException e) {
            throw new EventPayloadException("not JSON: " + e.getMessage());
        }
        List<StrictJson.Item> items = document.items();
        if (!document.array()) {
            StrictJson.Item only = items.get(0);
            if (only.problem().isPresent()) {
                throw new EventPayloadException("not JSON: " + only.problem().get().getMessage());
            }
            JsonElement root = only.value();
            if (!root.isJsonObject()) {
                throw new EventPayloadException("not an event or an array of events (top level is " + kind(root) + ")");
            }
            if (!looksLikeEvent(root.getAsJsonObject())) {
                throw new EventPayloadException("not an event or an array of events: the object has neither "
                        + "'eventType' (Event Grid schema) nor 'specversion' (CloudEvents)");
            }
        }
        List<ParsedEvent> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            StrictJson.Item item = items.get(i);
            if (item.problem().isPresent()) {
                String id = item.value().isJsonObject() ? Json.string(item.value().getAsJsonObject(), "id")
                        .filter(s -> !s.isBlank()).map(EventPayloadParser::shorten).orElse("(none)") : "(none)";
                events.add(new ParsedEvent.Malformed(id, "event [" + i + "] is not strict JSON: "
                        + item.problem().get().getMessage()));
            } else {
                events.add(parseOne(item.value(), i));
            }
        }
        return events;
    }

    private static boolean looksLikeEvent(JsonObject o) {
        return o.has("eventType") || Json.getIgnoreCase(o, "specversion").isPresent();
    }

    static ParsedEvent parseOne(JsonElement element, int index) {
        String where = "event [" + index + "]";
        if (!element.isJsonObject()) {
            return new ParsedEvent.Malformed("(none)", where + " is " + kind(element) + ", not an object");
        }
        JsonObject o = element.getAsJsonObject().deepCopy();
        String id = Json.string(o, "id").filter(s -> !s.isBlank()).map(EventPayloadParser::shorten).orElse("(none)");
        try {
            if (Json.getIgnoreCase(o, "specversion").isPresent()) {
                Json.getIgnoreCase(o, "specversion").ifPresent(v -> {
                    o.entrySet().removeIf(en -> en.getKey().equalsIgnoreCase("specversion"));
                    o.add("specversion", v);
                });
                Optional<String> wrong = nonStringAttribute(o, CLOUD_EVENT_STRINGS);
                if (wrong.isPresent()) {
                    return new ParsedEvent.Malformed(id, where + ": " + wrong.get());
                }
                return cloudEvent(o, id, where);
            }
            if (o.has("eventType")) {
                Optional<String> wrong = nonStringAttribute(o, EVENT_GRID_STRINGS);
                if (wrong.isPresent()) {
                    return new ParsedEvent.Malformed(id, where + ": " + wrong.get());
                }
                return eventGridEvent(o, id, where);
            }
            return new ParsedEvent.Malformed(id, where + " has neither 'eventType' nor 'specversion'");
        } catch (RuntimeException e) {
            // The SDK's validation messages may quote the payload: shorten, never echo it whole.
            return new ParsedEvent.Malformed(id, where + " rejected by the Event Grid SDK: "
                    + shorten(String.valueOf(e.getMessage()).replace(" for the object at index 0", "")));
        }
    }

    /**
     * The SDK's generated readers loop forever on some wrongly typed envelope attributes (e.g.
     * {@code "dataVersion": []} late in the object: {@code getString} leaves the array unread and
     * the reader never meets the object's end again). A delivery must never hang the function, so
     * the attributes the SDK reads as strings are checked here first.
     */
    private static Optional<String> nonStringAttribute(JsonObject o, List<String> names) {
        for (String name : names) {
            JsonElement v = o.get(name);
            if (v != null && !v.isJsonNull() && !(v.isJsonPrimitive() && v.getAsJsonPrimitive().isString())) {
                return Optional.of("'" + name + "' is " + kind(v) + ", not a string");
            }
        }
        return Optional.empty();
    }

    private static ParsedEvent eventGridEvent(JsonObject o, String id, String where) {
        EventGridEvent event = EventGridEvent.fromString(Json.compact(o)).get(0);
        if (event.getSubject() == null || event.getSubject().isBlank()) {
            return new ParsedEvent.Malformed(id, where + " has no subject");
        }
        return resourceEvent(event.getId(), event.getEventType(), event.getSubject(),
                event.getData() == null ? null : event.getData().toString(),
                event.getEventTime() == null ? null : event.getEventTime().toString(), where);
    }

    private static ParsedEvent cloudEvent(JsonObject o, String id, String where) {
        Json.getIgnoreCase(o, "specversion").ifPresent(v -> {
            o.entrySet().removeIf(en -> en.getKey().equalsIgnoreCase("specversion"));
            o.add("specversion", v);
        });
        CloudEvent event = CloudEvent.fromString(Json.compact(o)).get(0);
        if (event.getSubject() == null || event.getSubject().isBlank()) {
            return new ParsedEvent.Malformed(id, where + " has no subject");
        }
        return resourceEvent(event.getId(), event.getType(), event.getSubject(),
                event.getData() == null ? null : event.getData().toString(),
                event.getTime() == null ? null : event.getTime().toString(), where);
    }

    private static ParsedEvent resourceEvent(String id, String type, String subject, String dataText, String time,
                                             String where) {
        if (id == null || id.isBlank()) {
            return new ParsedEvent.Malformed("(none)", where + " has no id");
        }
        JsonObject data = new JsonObject();
        if (dataText != null && !dataText.isBlank() && !dataText.equals("null")) {
            try {
                JsonElement parsed = StrictJson.parse(dataText);
                if (!parsed.isJsonObject()) {
                    return new ParsedEvent.Malformed(shorten(id), where + ": data is " + kind(parsed) + ", not an object");
                }
                data = parsed.getAsJsonObject();
            } catch (JsonInputException e) {
                return new ParsedEvent.Malformed(shorten(id), where + ": data is not JSON: " + e.getMessage());
            }
        }
        JsonObject claims = objectOrEncoded(data, "claims");
        JsonObject authorization = objectOrEncoded(data, "authorization");
        JsonObject httpRequest = objectOrEncoded(data, "httpRequest");
        Map<String, String> claimMap = new LinkedHashMap<>();
        claims.entrySet().forEach(en -> {
            if (en.getValue().isJsonPrimitive()) {
                claimMap.put(en.getKey(), en.getValue().getAsString());
            }
        });
        Optional<String> principalId = Json.object(authorization, "evidence").flatMap(ev -> Json.string(ev, "principalId"));
        return new ParsedEvent.Valid(new ResourceEvent(shorten(id), type, subject,
                Json.string(data, "operationName"), Json.string(data, "status"), Json.string(data, "resourceUri"),
                Json.string(data, "correlationId"), claimMap, principalId,
                Json.string(httpRequest, "clientIpAddress"), Optional.ofNullable(time)));
    }

    /** {@code key} as an object, or decoded from a JSON string (older payloads); empty when neither. */
    private static JsonObject objectOrEncoded(JsonObject data, String key) {
        JsonElement e = data.get(key);
        if (e == null || e.isJsonNull()) {
            return new JsonObject();
        }
        if (e.isJsonObject()) {
            return e.getAsJsonObject();
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            try {
                JsonElement decoded = StrictJson.parse(e.getAsString());
                if (decoded.isJsonObject()) {
                    return decoded.getAsJsonObject();
                }
            } catch (JsonInputException ignored) {
                // An unreadable claims string only costs the actor's name in alerts; routing does
                // not depend on it (the reconcile re-reads state either way).
            }
        }
        return new JsonObject();
    }

    private static String kind(JsonElement e) {
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        return "a " + (e.getAsJsonPrimitive().isString() ? "string" : e.getAsJsonPrimitive().isNumber() ? "number" : "boolean");
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
