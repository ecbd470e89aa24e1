package com.dlpguard.plan;

import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Status;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the remedies of rollback candidates into ARM requests against the resources as read (rule
 * book 2.2). Pure: the estate is the state read just before planning; nothing is called.
 *
 * <ul>
 *   <li>Only {@link Assessment#isRollbackCandidate()} assessments are planned: violations (never
 *       unknown), not exempted, of rules in rollback mode.</li>
 *   <li>At most one write per resource: every subnet remedy of the plan for one subnet goes into a
 *       single subnet PUT listing every rule; remedies for one SEP definition merge likewise.</li>
 *   <li>Writes of one family (a VNet and its subnets, an NSG and its rules, a SEP and its
 *       definitions, a route table and its routes share one etag) are consecutive; the executor
 *       re-reads between them.</li>
 *   <li>{@code If-Match} is the etag of the resource written, as read. A child that does not exist
 *       yet has none: the request carries no {@code If-Match}, and the executor re-reads the parent
 *       (whose etag the family shares) right before creating it.</li>
 *   <li>Remedies only name resources protected subnets reference or the configuration names, which
 *       rule book 2.2 never treats as AML-managed (whatever their name); remedies that cannot or need
 *       not be applied are listed in {@link Plan#skipped()} with the reason.</li>
 * </ul>
 */
public final class RollbackPlanner {

    public Plan plan(Evaluation evaluation, Estate estate) {
        Objects.requireNonNull(evaluation, "evaluation");
        Objects.requireNonNull(estate, "estate");

        Map<Remedy, Set<String>> remedies = new LinkedHashMap<>();
        for (Assessment assessment : evaluation.assessments()) {
            if (!assessment.isRollbackCandidate() || assessment.finding().status() != Status.VIOLATION) {
                continue;
            }
            for (Remedy remedy : assessment.finding().remedies()) {
                remedies.computeIfAbsent(remedy, r -> new LinkedHashSet<>()).add(assessment.finding().ruleId());
            }
        }

        Map<ResourceId, List<Claim>> byTarget = new LinkedHashMap<>();
        for (Map.Entry<Remedy, Set<String>> entry : remedies.entrySet()) {
            ResourceId target = DefinitionWriter.handles(entry.getKey())
                    ? DefinitionWriter.target(entry.getKey(), estate) : entry.getKey().target();
            byTarget.computeIfAbsent(target, t -> new ArrayList<>()).add(new Claim(entry.getKey(), List.copyOf(entry.getValue())));
        }

        SecurityRuleWriter securityRules = new SecurityRuleWriter();
        Map<ResourceId, List<PlannedWrite>> byFamily = new LinkedHashMap<>();
        List<SkippedRemedy> skipped = new ArrayList<>();
        for (Map.Entry<ResourceId, List<Claim>> entry : byTarget.entrySet()) {
            ResourceId target = entry.getKey();
            List<Claim> claims = entry.getValue();
            Remedy first = claims.get(0).remedy();
            Outcome outcome;
            if (SubnetWriter.handles(first)) {
                outcome = SubnetWriter.write(target, claims, estate);
            } else if (DefinitionWriter.handles(first)) {
                outcome = DefinitionWriter.write(target, claims, estate);
            } else if (SecurityRuleWriter.handles(first)) {
                outcome = securityRules.write(target, claims, estate);
            } else if (RouteWriter.handles(first)) {
                outcome = RouteWriter.write(target, claims, estate);
            } else if (OutboundRuleWriter.handles(first)) {
                outcome = OutboundRuleWriter.write(target, claims, estate);
            } else {
                throw new IllegalStateException("no writer for remedy " + first.getClass().getSimpleName());
            }
            outcome.write().ifPresent(w -> byFamily.computeIfAbsent(family(w.target()), f -> new ArrayList<>()).add(w));
            skipped.addAll(outcome.skipped());
        }

        List<PlannedWrite> writes = new ArrayList<>();
        byFamily.values().forEach(writes::addAll);
        return new Plan(writes, skipped);
    }

    /** Every write target is a child resource (subnet, rule, definition, route); its parent names the family. */
    static ResourceId family(ResourceId target) {
        return target.parent().filter(ResourceId::isProviderResource).orElse(target);
    }
}
