package com.dlpguard.report;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.events.EventDecision;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Status;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Human output: findings grouped by workspace and subnet, severity first (a critical unknown
 * before a high violation; at equal severity violations before unknowns); passes are counted,
 * not listed (with {@code verbose} they are listed too), so the problems are what a reader sees.
 */
public final class TextReportRenderer {

    private TextReportRenderer() {
    }

    public static String render(Report report, boolean verbose) {
        StringBuilder out = new StringBuilder();
        Map<String, Map<String, List<Assessment>>> groups = new LinkedHashMap<>();
        for (Assessment a : report.evaluation().assessments()) {
            Finding f = a.finding();
            String subnet = f.subnetId().map(s -> s.parent().map(v -> v.name() + "/").orElse("") + s.name())
                    .orElse("(workspace-wide)");
            groups.computeIfAbsent(f.workspace(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(subnet, k -> new java.util.ArrayList<>()).add(a);
        }
        if (groups.isEmpty()) {
            out.append("No findings: no workspace configured, or every rule is off.\n");
        }
        for (var workspace : groups.entrySet()) {
            out.append("Workspace ").append(workspace.getKey()).append('\n');
            for (var subnet : workspace.getValue().entrySet()) {
                List<Assessment> rows = subnet.getValue().stream()
                        .sorted(Comparator.comparing((Assessment a) -> a.finding().status() == Status.PASS)
                                .thenComparing(a -> a.finding().severity())
                                .thenComparing(a -> statusRank(a.finding().status()))
                                .thenComparing(a -> a.finding().ruleId()))
                        .collect(Collectors.toList());
                long passes = rows.stream().filter(a -> a.finding().status() == Status.PASS).count();
                out.append("  Subnet ").append(subnet.getKey())
                        .append("  (").append(passes).append(" of ").append(rows.size()).append(" checks pass)\n");
                for (Assessment a : rows) {
                    Finding f = a.finding();
                    if (f.status() == Status.PASS && !verbose) {
                        continue;
                    }
                    out.append(String.format("    %-9s %-8s %-6s %s%n", label(a), f.severity().wireName(), f.ruleId(),
                            f.resourceId().name()));
                    out.append("              ").append(f.message()).append('\n');
                    if (f.status() == Status.VIOLATION) {
                        out.append("              fix: ").append(f.remediation()).append('\n');
                    }
                    a.exemption().ifPresent(e -> out.append("              exempted until ").append(e.until())
                            .append(": ").append(e.reason()).append('\n'));
                }
            }
        }
        report.plan().ifPresent(plan -> {
            out.append('\n').append("Rollback plan: ").append(plan.writes().size()).append(" write(s)\n");
            int i = 1;
            for (PlannedWrite w : plan.writes()) {
                out.append(String.format("  %d. %-30s %s %s%n", i++, w.action() + " " + w.ruleIds(),
                        w.request().method(), w.request().url()));
                out.append("     ").append(w.reason()).append('\n');
                w.request().ifMatch().ifPresent(m -> out.append("     If-Match: ").append(m).append('\n'));
            }
        });
        report.events().ifPresent(events -> {
            out.append('\n').append("Events: ").append(events.size()).append('\n');
            for (EventDecision e : events) {
                out.append("  ").append(e.accepted() ? "accepted " : "ignored  ").append(e.eventId())
                        .append(": ").append(e.reason()).append('\n');
                e.scopes().forEach(s -> out.append("           scope ").append(s).append('\n'));
            }
        });
        report.alerts().ifPresent(alerts -> {
            out.append('\n').append("Alerts the guard would send: ").append(alerts.size()).append('\n');
            for (AlertLine a : alerts) {
                out.append("  ").append(a.kind()).append(' ').append(a.ruleId()).append(' ').append(a.resourceId())
                        .append(a.action().map(v -> ": " + v).orElse("")).append('\n');
            }
        });
        report.outcomes().ifPresent(outcomes -> {
            out.append('\n').append("Writes: ").append(outcomes.size()).append('\n');
            for (WriteOutcome o : outcomes) {
                out.append("  ").append(o.result().wireName()).append("  ").append(o.write().action()).append(' ')
                        .append(o.write().target()).append(": ").append(o.detail()).append('\n');
            }
        });
        long violations = report.evaluation().assessments().stream().filter(Assessment::isViolation).count();
        long unknown = report.evaluation().assessments().stream().filter(a -> a.finding().status() == Status.UNKNOWN).count();
        out.append('\n').append(String.format("%d finding(s): %d violation(s) (%d counting, %d exempted), %d unknown%n",
                report.evaluation().assessments().size(), violations, report.evaluation().countingViolations(),
                violations - report.evaluation().countingViolations(), unknown));
        return out.toString();
    }

    private static int statusRank(Status s) {
        return switch (s) {
            case VIOLATION -> 0;
            case UNKNOWN -> 1;
            case PASS -> 2;
        };
    }

    private static String label(Assessment a) {
        if (a.isViolation() && a.exemption().isPresent()) {
            return "EXEMPT";
        }
        return switch (a.finding().status()) {
            case VIOLATION -> "VIOLATION";
            case UNKNOWN -> "UNKNOWN";
            case PASS -> "pass";
        };
    }
}
