package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A route child PUT or DELETE (never a route table PUT, which would replace every route):
 * DLP012's control-plane routes to the Internet, DLP014's route back to the declared firewall, and
 * DLP014's delete of a route that sends public space to an appliance in the NSG case.
 */
final class RouteWriter {
    static final String NEXT_HOP = "Internet";
    static final String APPLIANCE = "VirtualAppliance";

    private RouteWriter() {
    }

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.AddRoute || remedy instanceof Remedy.DeleteRoute
                || remedy instanceof Remedy.RouteToAppliance;
    }

    /** What one route should become: its prefix, next hop and (for an appliance) address; empty: deleted. */
    private record Desired(String addressPrefix, String nextHopType, Optional<String> nextHopIpAddress) {
        static Optional<Desired> of(Remedy remedy) {
            if (remedy instanceof Remedy.AddRoute a) {
                return Optional.of(new Desired(a.addressPrefix(), NEXT_HOP, Optional.empty()));
            }
            if (remedy instanceof Remedy.RouteToAppliance r) {
                return Optional.of(new Desired(r.addressPrefix(), APPLIANCE, Optional.of(r.nextHopIpAddress())));
            }
            return Optional.empty();
        }

        String key() {
            return (addressPrefix + "|" + nextHopType + "|" + nextHopIpAddress.orElse("")).toLowerCase(Locale.ROOT);
        }

        String describe() {
            return addressPrefix + " to " + nextHopType + nextHopIpAddress.map(ip -> " " + ip).orElse("");
        }
    }

    static Outcome write(ResourceId routeId, List<Claim> claims, Estate estate) {
        ResourceId tableId = routeId.parent().orElseThrow();
        Optional<RouteTable> table = estate.routeTable(tableId);
        if (table.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, routeId, SubnetWriter.notRead("route table", tableId, estate)));
        }
        List<Optional<Desired>> wanted = claims.stream().map(c -> Desired.of(c.remedy())).toList();
        if (wanted.stream().map(d -> d.map(Desired::key).orElse("delete")).distinct().count() > 1) {
            return Outcome.skipped(Claim.skipAll(claims, routeId, "contradictory remedies: route " + routeId.name()
                    + " is wanted with different address prefixes or next hops, or both kept and deleted"));
        }
        Optional<Route> existing = table.get().routes().stream().filter(r -> r.name().equalsIgnoreCase(routeId.name())).findFirst();
        String rules = String.join(", ", Claim.ruleIdsOf(claims));
        if (wanted.get(0).isEmpty()) {
            return delete(routeId, claims, existing, rules);
        }
        Desired desired = wanted.get(0).get();

        JsonObject body;
        JsonBodies.Change change;
        if (existing.isPresent()) {
            body = JsonBodies.updateBody(existing.get().json());
            JsonObject properties = JsonBodies.properties(body);
            JsonObject before = properties.deepCopy();
            apply(desired, properties);
            change = JsonBodies.change(before, properties);
            if (change.isEmpty()) {
                return Outcome.skipped(Claim.skipAll(claims, routeId, "already in the desired state: route "
                        + routeId.name() + " sends " + desired.describe()));
            }
        } else {
            JsonObject properties = new JsonObject();
            apply(desired, properties);
            body = new JsonObject();
            body.add("properties", properties);
            change = JsonBodies.creation(properties);
        }
        boolean toFirewall = desired.nextHopType().equals(APPLIANCE);
        String reason = rules + ": " + (existing.isPresent() ? "rewrite" : "re-create") + " route " + routeId.name()
                + " sending " + desired.describe() + " in route table " + tableId.name()
                + (toFirewall ? ", so public traffic goes through the declared firewall"
                              : ", so Azure ML control traffic skips the firewall");
        ArmRequest request = new ArmRequest("PUT", NetworkApi.url(routeId), existing.flatMap(Route::etag),
                Optional.of(JsonBodies.compact(body)));
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), toFirewall ? "route-to-firewall" : "add-route", routeId,
                request, reason, change.property(), change.before(), change.after()), List.of());
    }

    private static void apply(Desired desired, JsonObject properties) {
        properties.addProperty("addressPrefix", desired.addressPrefix());
        properties.addProperty("nextHopType", desired.nextHopType());
        if (desired.nextHopIpAddress().isPresent()) {
            properties.addProperty("nextHopIpAddress", desired.nextHopIpAddress().get());
        } else {
            // ARM rejects a next hop address unless the next hop is a VirtualAppliance.
            properties.remove("nextHopIpAddress");
        }
    }

    private static Outcome delete(ResourceId routeId, List<Claim> claims, Optional<Route> existing, String rules) {
        if (existing.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, routeId, "already in the desired state: route "
                    + routeId.name() + " no longer exists"));
        }
        Route route = existing.get();
        String before = JsonBodies.compact(JsonBodies.properties(JsonBodies.parseObject(route.json())));
        String reason = rules + ": delete route " + route.name() + " sending " + route.addressPrefix().trim() + " to "
                + route.nextHopType().trim() + route.nextHopIpAddress().map(ip -> " " + ip).orElse("")
                + " from route table " + routeId.parent().orElseThrow().name()
                + " (the workspace declares the NSG case: public traffic must not go to an appliance)";
        // If-Match: the route as judged; a route changed since is re-read and re-judged, never deleted blind.
        ArmRequest request = new ArmRequest("DELETE", NetworkApi.url(routeId), route.etag(), Optional.empty());
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), "delete-route", routeId, request, reason,
                "properties", before, "null"), List.of());
    }
}
