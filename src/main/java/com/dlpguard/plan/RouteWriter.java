package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

/** A route child PUT (never a route table PUT, which would replace every route). */
final class RouteWriter {
    static final String NEXT_HOP = "Internet";

    private RouteWriter() {
    }

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.AddRoute;
    }

    static Outcome write(ResourceId routeId, List<Claim> claims, Estate estate) {
        ResourceId tableId = routeId.parent().orElseThrow();
        Optional<RouteTable> table = estate.routeTable(tableId);
        if (table.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, routeId, SubnetWriter.notRead("route table", tableId, estate)));
        }
        if (claims.stream().map(c -> ((Remedy.AddRoute) c.remedy()).addressPrefix().toLowerCase(java.util.Locale.ROOT))
                .distinct().count() > 1) {
            return Outcome.skipped(Claim.skipAll(claims, routeId, "contradictory remedies: route " + routeId.name()
                    + " is wanted with different address prefixes"));
        }
        Remedy.AddRoute remedy = (Remedy.AddRoute) claims.get(0).remedy();
        Optional<Route> existing = table.get().routes().stream().filter(r -> r.name().equalsIgnoreCase(routeId.name())).findFirst();
        String rules = String.join(", ", Claim.ruleIdsOf(claims));

        JsonObject body;
        JsonBodies.Change change;
        if (existing.isPresent()) {
            body = JsonBodies.updateBody(existing.get().json());
            JsonObject properties = JsonBodies.properties(body);
            JsonObject before = properties.deepCopy();
            properties.addProperty("addressPrefix", remedy.addressPrefix());
            properties.addProperty("nextHopType", NEXT_HOP);
            // ARM rejects a next hop address unless the next hop is a VirtualAppliance.
            properties.remove("nextHopIpAddress");
            change = JsonBodies.change(before, properties);
            if (change.isEmpty()) {
                return Outcome.skipped(Claim.skipAll(claims, routeId, "already in the desired state: route "
                        + routeId.name() + " sends " + remedy.addressPrefix() + " to " + NEXT_HOP));
            }
        } else {
            JsonObject properties = new JsonObject();
            properties.addProperty("addressPrefix", remedy.addressPrefix());
            properties.addProperty("nextHopType", NEXT_HOP);
            body = new JsonObject();
            body.add("properties", properties);
            change = JsonBodies.creation(properties);
        }
        String reason = rules + ": " + (existing.isPresent() ? "rewrite" : "re-create") + " route " + routeId.name()
                + " sending " + remedy.addressPrefix() + " to " + NEXT_HOP + " in route table " + tableId.name()
                + ", so Azure ML control traffic skips the firewall";
        ArmRequest request = new ArmRequest("PUT", NetworkApi.url(routeId), existing.flatMap(Route::etag),
                Optional.of(JsonBodies.compact(body)));
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), "add-route", routeId, request, reason,
                change.property(), change.before(), change.after()), List.of());
    }
}
