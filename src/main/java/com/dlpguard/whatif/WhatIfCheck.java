package com.dlpguard.whatif;

import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Subnet;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.RuleEngine;
import com.dlpguard.rules.Status;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check --whatif}: the same rules on the current and on the predicted state, and for every
 * predicted violation or unknown whether the deployment introduces it, and through which changes.
 */
public final class WhatIfCheck {
    private final RuleEngine engine;

    public WhatIfCheck(RuleEngine engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public WhatIfVerdict check(GuardConfig config, Estate current, List<WhatIfResult> results, LocalDate today)
            throws WhatIfInputException {
        Prediction prediction = Predictor.predict(current, results);
        Evaluation before = engine.evaluate(config, current, today);
        Evaluation after = engine.evaluate(config, prediction.estate(), today);
        Optional<String> uncertainty = prediction.unpredictable().isEmpty()
                ? Optional.empty() : Optional.of(String.join("; ", prediction.unpredictable()));
        Set<Assessment> madeUnknown = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        if (uncertainty.isPresent()) {
            after = unknownWherePassing(after, uncertainty.get(), madeUnknown);
        }
        List<JudgedFinding> judged = new ArrayList<>();
        for (Assessment a : after.assessments()) {
            judged.add(judge(a, before, prediction, madeUnknown.contains(a) ? uncertainty : Optional.empty()));
        }
        return new WhatIfVerdict(prediction, before, after, judged);
    }

    /**
     * A pass on a state that is not fully known proves nothing: it becomes unknown. Violations
     * stay violations (what is known to be wrong is wrong whatever else happens).
     */
    private static Evaluation unknownWherePassing(Evaluation evaluation, String why, Set<Assessment> madeUnknown) {
        List<Assessment> out = new ArrayList<>();
        for (Assessment a : evaluation.assessments()) {
            Finding f = a.finding();
            if (f.status() != Status.PASS) {
                out.add(a);
                continue;
            }
            Finding unknown = new Finding(f.ruleId(), f.severity(), Status.UNKNOWN, f.resourceId(), f.workspace(),
                    f.subnetId(), "unknown: the predicted state is incomplete (" + why + "); on what is known: "
                    + f.message(), f.remediation(), f.offendingValues(), List.of());
            Assessment made = new Assessment(unknown, a.mode(), a.exemption());
            madeUnknown.add(made);
            out.add(made);
        }
        return new Evaluation(out);
    }

    /** {@code uncertainty}: present when the prediction's own gaps turned this finding unknown. */
    private static JudgedFinding judge(Assessment a, Evaluation before, Prediction prediction, Optional<String> uncertainty) {
        Finding f = a.finding();
        if (f.status() == Status.PASS) {
            return new JudgedFinding(a, JudgedFinding.Origin.NONE, List.of(), Optional.empty());
        }
        List<Finding> prior = before.assessments().stream().map(Assessment::finding)
                .filter(p -> p.ruleId().equals(f.ruleId()) && p.resourceId().equals(f.resourceId())
                        && p.workspace().equals(f.workspace()))
                .toList();
        boolean preExisting;
        if (f.status() == Status.VIOLATION) {
            // Same rule, same resource is not enough: a SEP that already allows one rogue account
            // must not let the deployment add a second one as "old debt". Every offending value
            // of the predicted violation must have been there already.
            Set<String> known = new HashSet<>();
            prior.stream().filter(p -> p.status() == Status.VIOLATION)
                    .forEach(p -> p.offendingValues().forEach(v -> known.add(v.toLowerCase(java.util.Locale.ROOT))));
            preExisting = prior.stream().anyMatch(p -> p.status() == Status.VIOLATION)
                    && f.offendingValues().stream().allMatch(v -> known.contains(v.toLowerCase(java.util.Locale.ROOT)));
        } else {
            preExisting = uncertainty.isEmpty() && prior.stream().anyMatch(p -> p.status() == Status.UNKNOWN)
                    && introducers(f, prediction).stream().noneMatch(c -> isUnpredictable(c, prediction));
        }
        if (preExisting) {
            return new JudgedFinding(a, JudgedFinding.Origin.PRE_EXISTING, List.of(), Optional.empty());
        }
        List<WhatIfChange> by = introducers(f, prediction);
        if (uncertainty.isPresent()) {
            // Unknown because the prediction is incomplete, not because of one change.
            return new JudgedFinding(a, JudgedFinding.Origin.INTRODUCED, List.of(), uncertainty);
        }
        return new JudgedFinding(a, JudgedFinding.Origin.INTRODUCED, by,
                by.isEmpty() ? Optional.of("no change of the deployment explains it") : Optional.empty());
    }

    private static boolean isUnpredictable(WhatIfChange c, Prediction prediction) {
        return prediction.changes().stream()
                .anyMatch(a -> a.change() == c && a.effect() == AppliedChange.Effect.UNPREDICTABLE);
    }

    /**
     * The changes a new finding follows from, nearest first: changes to the resource it names, its
     * parents or children (a VNet PUT for a subnet finding, a definition for a SEP finding); else
     * the same for its subnet; else changes to what the predicted subnet references (its route table, NSG,
     * policies); else every change that altered what the rules read. Never empty while any change
     * did: a new violation is always pinned on the deployment.
     */
    static List<WhatIfChange> introducers(Finding f, Prediction prediction) {
        List<AppliedChange> relevant = prediction.changes().stream().filter(AppliedChange::affectsRules).toList();
        List<WhatIfChange> found = related(relevant, Set.of(f.resourceId()));
        if (!found.isEmpty()) {
            return found;
        }
        if (f.subnetId().isPresent()) {
            found = related(relevant, Set.of(f.subnetId().get()));
            if (!found.isEmpty()) {
                return found;
            }
        }
        Set<ResourceId> referenced = new LinkedHashSet<>();
        f.subnetId().flatMap(prediction.estate()::subnet).ifPresent(s -> addReferences(s, referenced));
        found = related(relevant, referenced);
        if (!found.isEmpty()) {
            return found;
        }
        return relevant.stream().filter(a -> a.change().id().isPresent()).map(AppliedChange::change).toList();
    }

    private static void addReferences(Subnet s, Set<ResourceId> into) {
        s.networkSecurityGroupId().ifPresent(into::add);
        s.routeTableId().ifPresent(into::add);
        into.addAll(s.serviceEndpointPolicyIds());
    }

    private static List<WhatIfChange> related(List<AppliedChange> changes, Set<ResourceId> targets) {
        List<WhatIfChange> out = new ArrayList<>();
        for (AppliedChange a : changes) {
            Optional<ResourceId> id = a.change().id();
            if (id.isPresent() && targets.stream().anyMatch(t -> t.isWithin(id.get()) || id.get().isWithin(t))) {
                out.add(a.change());
            }
        }
        return out;
    }
}
