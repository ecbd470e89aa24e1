package com.dlpguard.reconcile;

import com.dlpguard.events.EventContext;
import com.dlpguard.json.Json;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.Objects;
import java.util.Optional;

/**
 * Who made a change the guard undid, as the event named them (UPN, application id, client IP):
 * kept in the fight history so an escalation names every actor of the fight, including an
 * insider who repeats the change through several identities. Encoded as small JSON for the
 * state store, which treats it as opaque text.
 */
public record ChangeActor(Optional<String> upn, Optional<String> appId, Optional<String> clientIp) {
    public static final ChangeActor UNKNOWN = new ChangeActor(Optional.empty(), Optional.empty(), Optional.empty());

    public ChangeActor {
        upn = Objects.requireNonNull(upn, "upn").filter(s -> !s.isBlank());
        appId = Objects.requireNonNull(appId, "appId").filter(s -> !s.isBlank());
        clientIp = Objects.requireNonNull(clientIp, "clientIp").filter(s -> !s.isBlank());
    }

    /** The actor of the event behind a reconcile ({@link #UNKNOWN} for a sweep or a re-check). */
    public static ChangeActor of(EventContext context) {
        return new ChangeActor(context.actorUpn(), context.actorAppId().or(context::actorObjectId), context.clientIp());
    }

    public boolean isKnown() {
        return upn.isPresent() || appId.isPresent();
    }

    /** The store's text: {@code ""} when nothing is known. */
    public String encode() {
        if (!isKnown() && clientIp.isEmpty()) {
            return "";
        }
        JsonObject o = new JsonObject();
        upn.ifPresent(v -> o.addProperty("upn", cut(v)));
        appId.ifPresent(v -> o.addProperty("appId", cut(v)));
        clientIp.ifPresent(v -> o.addProperty("ip", cut(v)));
        return Json.compact(o);
    }

    /** What {@link #encode} wrote; anything else (an older row, a cut value) reads as {@link #UNKNOWN}. */
    public static ChangeActor decode(String text) {
        try {
            JsonElement e = JsonParser.parseString(text);
            if (!e.isJsonObject()) {
                return UNKNOWN;
            }
            JsonObject o = e.getAsJsonObject();
            return new ChangeActor(Json.string(o, "upn"), Json.string(o, "appId"), Json.string(o, "ip"));
        } catch (RuntimeException malformed) {
            return UNKNOWN;
        }
    }

    /** Each value at most 80 characters: three of them stay inside the store's actor limit. */
    private static String cut(String v) {
        return v.length() <= 80 ? v : v.substring(0, 80);
    }
}
