package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.rules.Remedy;
import com.google.gson.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Security rule child writes (PUT or DELETE of one rule, never an NSG PUT, which would replace every
 * rule). Holds the priorities it has handed out in this plan, so two restored rules in one NSG
 * never get the same number.
 */
final class SecurityRuleWriter {
    static final String SOURCE = "VirtualNetwork";
    static final String PORT = "443";
    /** Azure's limit on a security rule description. */
    static final int MAX_DESCRIPTION = 140;

    private final Map<ResourceId, Set<Integer>> assigned = new HashMap<>();

    static boolean handles(Remedy remedy) {
        return remedy instanceof Remedy.AddOutboundAllowRule || remedy instanceof Remedy.DeleteSecurityRule;
    }

    Outcome write(ResourceId ruleId, List<Claim> claims, Estate estate) {
        // No "AML-managed" skip here: every remedy names an NSG a protected subnet references (DLP006-
        // DLP010) or the configuration names, and rule book 2.2 says such an NSG is never managed,
        // whatever its name. A name test here would let an insider attach an NSG named like Batch's
        // and have it left alone (mimicry).
        ResourceId nsgId = ruleId.parent().orElseThrow();
        Optional<NetworkSecurityGroup> nsg = estate.networkSecurityGroup(nsgId);
        if (nsg.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, SubnetWriter.notRead("network security group", nsgId, estate)));
        }
        Optional<Remedy.AddOutboundAllowRule> add = mergedAdd(claims);
        if (claims.size() > 1 && add.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, "contradictory remedies for security rule " + ruleId.name()
                    + " of network security group " + nsgId.name()));
        }
        Optional<SecurityRule> existing = nsg.get().rule(ruleId.name());
        if (add.isPresent()) {
            return add(ruleId, add.get(), claims, nsg.get(), existing);
        }
        return delete(ruleId, claims, existing);
    }

    /** Identical requests for one rule name (two workspaces, one NSG) merge: the lowest blocker wins. */
    private static Optional<Remedy.AddOutboundAllowRule> mergedAdd(List<Claim> claims) {
        Remedy.AddOutboundAllowRule merged = null;
        for (Claim claim : claims) {
            if (!(claim.remedy() instanceof Remedy.AddOutboundAllowRule a)) {
                return Optional.empty();
            }
            if (merged == null) {
                merged = a;
            } else if (merged.destinationTag().equalsIgnoreCase(a.destinationTag()) && merged.protocol().equalsIgnoreCase(a.protocol())) {
                Optional<Integer> blocking = merged.blockingPriority().isEmpty() ? a.blockingPriority()
                        : a.blockingPriority().isEmpty() ? merged.blockingPriority()
                        : Optional.of(Math.min(merged.blockingPriority().get(), a.blockingPriority().get()));
                merged = new Remedy.AddOutboundAllowRule(merged.networkSecurityGroup(), merged.ruleName(),
                        merged.destinationTag(), merged.protocol(), blocking);
            } else {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(merged);
    }

    private Outcome add(ResourceId ruleId, Remedy.AddOutboundAllowRule remedy, List<Claim> claims,
                        NetworkSecurityGroup nsg, Optional<SecurityRule> existing) {
        Set<Integer> taken = new HashSet<>(assigned.getOrDefault(nsg.id(), Set.of()));
        for (SecurityRule rule : nsg.securityRules()) {
            boolean isSelf = existing.isPresent() && rule.name().equalsIgnoreCase(existing.get().name());
            if (rule.direction() == SecurityRule.Direction.OUTBOUND && !isSelf) {
                taken.add(rule.priority());
            }
        }
        String rules = String.join(", ", Claim.ruleIdsOf(claims));
        OptionalInt priority = PriorityPicker.pick(taken, remedy.blockingPriority());
        if (priority.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, "no free outbound priority in network security group "
                    + nsg.id().name() + " below " + remedy.blockingPriority().map(p -> "the blocking rule's " + p)
                    .orElse(String.valueOf(PriorityPicker.HIGHEST_CUSTOM + 1))));
        }
        assigned.computeIfAbsent(nsg.id(), k -> new HashSet<>()).add(priority.getAsInt());

        JsonObject properties = new JsonObject();
        properties.addProperty("description", description(rules, remedy));
        properties.addProperty("protocol", remedy.protocol());
        properties.addProperty("sourcePortRange", "*");
        properties.addProperty("destinationPortRange", PORT);
        properties.addProperty("sourceAddressPrefix", SOURCE);
        properties.addProperty("destinationAddressPrefix", remedy.destinationTag());
        properties.addProperty("access", "Allow");
        properties.addProperty("priority", priority.getAsInt());
        properties.addProperty("direction", "Outbound");
        JsonObject body = new JsonObject();
        body.add("properties", properties);

        JsonBodies.Change change = existing
                .map(rule -> JsonBodies.change(JsonBodies.properties(JsonBodies.parseObject(rule.json())), properties))
                .orElseGet(() -> JsonBodies.creation(properties));
        String placement = remedy.blockingPriority()
                .map(b -> b <= PriorityPicker.HIGHEST_CUSTOM
                        ? "just before the blocking rule at priority " + b
                        : "after every custom rule, before the default rule at priority " + b)
                .orElse("after every custom rule");
        String reason = rules + ": " + (existing.isPresent() ? "rewrite" : "add") + " security rule " + ruleId.name()
                + " allowing outbound " + remedy.protocol() + " " + PORT + " to " + remedy.destinationTag()
                + " in network security group " + nsg.id().name() + " at priority " + priority.getAsInt() + ", " + placement;
        // A rule that does not exist has no etag; the executor guards a create with the NSG's fresh read.
        ArmRequest request = new ArmRequest("PUT", NetworkApi.url(ruleId), existing.flatMap(SecurityRule::etag),
                Optional.of(JsonBodies.compact(body)));
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), "add-outbound-allow-rule", ruleId, request, reason,
                change.property(), change.before(), change.after()), List.of());
    }

    private static Outcome delete(ResourceId ruleId, List<Claim> claims, Optional<SecurityRule> existing) {
        if (existing.isEmpty()) {
            return Outcome.skipped(Claim.skipAll(claims, ruleId, "already in the desired state: security rule "
                    + ruleId.name() + " no longer exists"));
        }
        SecurityRule rule = existing.get();
        String before = JsonBodies.compact(JsonBodies.properties(JsonBodies.parseObject(rule.json())));
        String reason = String.join(", ", Claim.ruleIdsOf(claims)) + ": delete " + rule.direction().name().toLowerCase(java.util.Locale.ROOT)
                + " security rule " + ruleId.name() + " (priority " + rule.priority() + ") from network security group "
                + rule.networkSecurityGroupId().name();
        ArmRequest request = new ArmRequest("DELETE", NetworkApi.url(ruleId), rule.etag(), Optional.empty());
        return Outcome.of(new PlannedWrite(Claim.ruleIdsOf(claims), "delete-security-rule", ruleId, request, reason,
                "properties", before, "null"), List.of());
    }

    private static String description(String rules, Remedy.AddOutboundAllowRule remedy) {
        String text = "Restored by DLP Guard (" + rules + "): outbound " + PORT + " to " + remedy.destinationTag()
                + " needed by Azure Machine Learning compute";
        return text.length() <= MAX_DESCRIPTION ? text : text.substring(0, MAX_DESCRIPTION);
    }
}
