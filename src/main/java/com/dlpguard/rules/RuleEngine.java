package com.dlpguard.rules;

import com.dlpguard.config.Exemption;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.config.Mode;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.Estate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates the catalog's rules for every configured workspace and applies modes and exemptions.
 * Pure: {@code today} is passed in (exemptions expire), nothing is read or written.
 */
public final class RuleEngine {
    private final List<Rule> rules;

    public RuleEngine(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static RuleEngine withCatalog() {
        return new RuleEngine(RuleCatalog.all());
    }

    public List<Rule> rules() {
        return rules;
    }

    public Evaluation evaluate(GuardConfig config, Estate estate, LocalDate today) {
        return evaluate(config, config.workspaces(), config.managedWorkspaces(), estate, today);
    }

    /** Evaluates only {@code workspaces} and {@code managed} (a reconcile scoped to what an event touched). */
    public Evaluation evaluate(GuardConfig config, List<WorkspaceConfig> workspaces, List<ManagedWorkspaceConfig> managed,
                               Estate estate, LocalDate today) {
        List<Assessment> out = new ArrayList<>(evaluate(config, workspaces, estate, today).assessments());
        for (ManagedWorkspaceConfig workspace : managed) {
            ManagedRuleContext context = new ManagedRuleContext(workspace, estate);
            for (Rule rule : rules) {
                Mode mode = config.modeOf(rule.id());
                if (mode != Mode.OFF) {
                    rule.evaluateManaged(context).forEach(f -> out.add(assess(config, f, mode, today)));
                }
            }
        }
        return new Evaluation(out);
    }

    private static Assessment assess(GuardConfig config, Finding finding, Mode mode, LocalDate today) {
        Optional<Exemption> exemption = finding.status() == Status.VIOLATION
                ? config.exemptions().stream().filter(e -> e.covers(finding.ruleId(), finding.resourceId(), today)).findFirst()
                : Optional.empty();
        return new Assessment(finding, mode, exemption);
    }

    /** Evaluates only {@code workspaces} (a reconcile scoped to what an event touched). */
    public Evaluation evaluate(GuardConfig config, List<WorkspaceConfig> workspaces, Estate estate, LocalDate today) {
        Objects.requireNonNull(today, "today");
        List<Assessment> out = new ArrayList<>();
        for (WorkspaceConfig workspace : workspaces) {
            RuleContext context = new RuleContext(workspace, estate);
            for (Rule rule : rules) {
                Mode mode = config.modeOf(rule.id());
                if (mode == Mode.OFF) {
                    continue;
                }
                for (Finding finding : rule.evaluate(context)) {
                    Optional<Exemption> exemption = finding.status() == Status.VIOLATION
                            ? config.exemptions().stream()
                                .filter(e -> e.covers(finding.ruleId(), finding.resourceId(), today)).findFirst()
                            : Optional.empty();
                    out.add(new Assessment(finding, mode, exemption));
                }
            }
        }
        return new Evaluation(out);
    }
}
