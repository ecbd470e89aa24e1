package com.dlpguard.rules;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.SecurityRule.Access;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The effective answer of one NSG to one {@link TrafficProbe}: allowed or denied, the rule that
 * decided (empty only when an NSG's own default rules leave the direction uncovered and nothing
 * matched, which Azure treats as a deny), and the assumptions made on the way.
 *
 * <p>Invariant: every assumption concerns a rule evaluated before the deciding one (a lower
 * priority number), because evaluation stops at the first match. So an assumed rule whose access
 * differs from the verdict could, if it did match after all, flip the verdict.
 */
public record NsgVerdict(ResourceId networkSecurityGroup, TrafficProbe probe, Access access,
                         Optional<SecurityRule> decidingRule, List<Assumption> assumptions) {

    /**
     * A rule the evaluator took as not matching: one it could not map offline (a local-side CIDR or
     * ASG: {@code canFlip}, the verdict may be wrong), or one with a public remote address, passed
     * over by the rule book's reading of public space (2.1), which is a stated assumption, not doubt.
     */
    public record Assumption(SecurityRule rule, String description, boolean canFlip) {
        public Assumption {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(description, "description");
        }

        public Assumption(SecurityRule rule, String description) {
            this(rule, description, true);
        }
    }

    public NsgVerdict {
        Objects.requireNonNull(networkSecurityGroup, "networkSecurityGroup");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(decidingRule, "decidingRule");
        assumptions = List.copyOf(assumptions);
    }

    public boolean allowed() {
        return access == Access.ALLOW;
    }

    /** Assumptions which, if wrong, would turn this verdict around. */
    public List<Assumption> flippingAssumptions() {
        return assumptions.stream().filter(a -> a.canFlip() && a.rule().access() != access).toList();
    }

    /** True when no assumption could flip the verdict: a rule may act on it. */
    public boolean isCertain() {
        return flippingAssumptions().isEmpty();
    }

    /**
     * The priority a new allow rule must stay below: the deciding deny rule's, or a lower one when an
     * assumed deny rule ahead of it might block the traffic too (it would then shadow the new rule).
     */
    public Optional<Integer> blockingPriority() {
        if (allowed()) {
            return Optional.empty();
        }
        return Stream.concat(decidingRule.stream(),
                        assumptions.stream().filter(Assumption::canFlip).map(Assumption::rule)
                                .filter(r -> r.access() == Access.DENY))
                .map(SecurityRule::priority).min(Integer::compare);
    }

    /** "rule deny-all-out (priority 4000)", "default rule DenyAllOutBound (priority 65500)" or "no rule". */
    public String decidingRuleText() {
        return decidingRule.map(NsgVerdict::describe).orElse("no rule");
    }

    /** "rule deny-all-out (priority 4000) blocks TCP 443 to Storage.westeurope". */
    public String summary() {
        if (decidingRule.isEmpty()) {
            return "no rule of NSG " + networkSecurityGroup.name() + " matches " + probe.describe()
                    + ", which Azure denies";
        }
        return decidingRuleText() + (allowed() ? " allows " : " blocks ") + probe.describe();
    }

    /** The summary followed by every assumption, for messages. */
    public String summaryWithAssumptions() {
        if (assumptions.isEmpty()) {
            return summary();
        }
        return summary() + " (" + String.join("; ", assumptions.stream().map(Assumption::description).toList()) + ")";
    }

    static String describe(SecurityRule rule) {
        return (rule.isDefault() ? "default rule " : "rule ") + rule.name() + " (priority " + rule.priority() + ")";
    }
}
