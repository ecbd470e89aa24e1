package com.dlpguard.report;

import com.dlpguard.json.Json;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.Status;
import com.dlpguard.whatif.AppliedChange;
import com.dlpguard.whatif.JudgedFinding;
import com.dlpguard.whatif.WhatIfChange;
import com.dlpguard.whatif.WhatIfResult;
import com.dlpguard.whatif.WhatIfVerdict;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code check --whatif} in text, JSON and SARIF. JSON and SARIF start from the ordinary
 * renderers' output for the predicted state (same fields, same rule descriptors) and add what the
 * prediction knows: per finding {@code origin} (introduced / pre-existing) and {@code introducedBy},
 * and the what-if files with what each change did. In SARIF, introduced violations are
 * {@code error}, pre-existing findings {@code note}, and each result is located at the change it
 * follows from (the what-if file and line of the change, the changed resource as logical location).
 */
public final class WhatIfReportRenderer {

    private WhatIfReportRenderer() {
    }

    // ---- text ------------------------------------------------------------------------------

    public static String text(WhatIfVerdict v, boolean newOnly, boolean verbose) {
        StringBuilder out = new StringBuilder();
        for (WhatIfResult r : v.prediction().results()) {
            out.append("What-if ").append(r.source()).append(": ").append(r.status()).append(", ")
                    .append(r.changes().size()).append(" change(s)\n");
            r.error().ifPresent(e -> out.append("  ERROR ").append(e.code()).append(": ").append(e.message()).append('\n'));
            for (AppliedChange a : v.prediction().changes()) {
                if (a.change().source().equals(r.source()) && (verbose || a.effect() != AppliedChange.Effect.NOT_READ_BY_RULES
                        || a.change().changeType() != com.dlpguard.whatif.ChangeType.NO_CHANGE)) {
                    out.append(String.format("  %-11s %-17s %s%n", a.change().changeType().wireName(), a.effect().wireName(),
                            a.change().rawResourceId().isEmpty() ? "(extension resource)" : a.change().rawResourceId()));
                    a.change().unsupportedReason().ifPresent(why -> out.append("              ").append(why).append('\n'));
                }
            }
        }
        v.prediction().unpredictable().forEach(u -> out.append("UNPREDICTABLE ").append(u).append('\n'));
        v.prediction().warnings().forEach(w -> out.append("WARNING ").append(w).append('\n'));
        List<JudgedFinding> introduced = problems(v, JudgedFinding.Origin.INTRODUCED);
        List<JudgedFinding> old = problems(v, JudgedFinding.Origin.PRE_EXISTING);
        out.append('\n').append("Introduced by the deployment: ").append(introduced.size()).append('\n');
        introduced.forEach(j -> row(out, j));
        out.append('\n').append("Pre-existing (already in the current state): ").append(old.size()).append('\n');
        old.forEach(j -> row(out, j));
        if (verbose) {
            long passes = v.judged().stream().filter(j -> j.origin() == JudgedFinding.Origin.NONE).count();
            out.append('\n').append("Passing on the predicted state: ").append(passes).append('\n');
            v.judged().stream().filter(j -> j.origin() == JudgedFinding.Origin.NONE).forEach(j -> row(out, j));
        }
        out.append('\n').append(String.format("%d introduced, %d pre-existing; %d counting for the exit code%s%n",
                introduced.size(), old.size(), v.counting(newOnly), newOnly ? " (--new-only: introduced only)" : ""));
        return out.toString();
    }

    private static List<JudgedFinding> problems(WhatIfVerdict v, JudgedFinding.Origin origin) {
        return v.judged().stream().filter(j -> j.origin() == origin)
                .sorted(Comparator.comparing((JudgedFinding j) -> j.assessment().finding().severity())
                        .thenComparing(j -> j.assessment().finding().status() == Status.VIOLATION ? 0 : 1)
                        .thenComparing(j -> j.assessment().finding().ruleId()))
                .toList();
    }

    private static void row(StringBuilder out, JudgedFinding j) {
        Assessment a = j.assessment();
        Finding f = a.finding();
        String label = a.isViolation() && a.exemption().isPresent() ? "EXEMPT" : switch (f.status()) {
            case VIOLATION -> "VIOLATION";
            case UNKNOWN -> "UNKNOWN";
            case PASS -> "pass";
        };
        out.append(String.format("  %-9s %-8s %-6s %s%n", label, f.severity().wireName(), f.ruleId(), f.resourceId()));
        out.append("            ").append(f.message()).append('\n');
        for (WhatIfChange c : j.introducedBy()) {
            out.append("            introduced by: ").append(c.describe()).append("  (").append(c.where()).append(")\n");
        }
        j.uncertainty().filter(u -> !f.message().contains(u))
                .ifPresent(u -> out.append("            why: ").append(u).append('\n'));
        if (f.status() == Status.VIOLATION) {
            out.append("            fix: ").append(f.remediation()).append('\n');
        }
    }

    // ---- JSON ------------------------------------------------------------------------------

    public static String json(WhatIfVerdict v, boolean newOnly) {
        JsonObject root = JsonReportRenderer.toJson(Report.of(v.predicted()));
        JsonObject summary = root.getAsJsonObject("summary");
        summary.addProperty("introduced", count(v, JudgedFinding.Origin.INTRODUCED));
        summary.addProperty("preExisting", count(v, JudgedFinding.Origin.PRE_EXISTING));
        summary.addProperty("newOnly", newOnly);
        summary.addProperty("countingForExit", v.counting(newOnly));
        summary.addProperty("currentStateViolations", v.current().assessments().stream().filter(Assessment::isViolation).count());
        JsonArray findings = root.getAsJsonArray("findings");
        for (int i = 0; i < findings.size(); i++) {
            JudgedFinding j = v.judged().get(i);
            JsonObject f = findings.get(i).getAsJsonObject();
            if (j.origin() == JudgedFinding.Origin.NONE) {
                continue;
            }
            f.addProperty("origin", j.origin().wireName());
            f.addProperty("counts", j.counts(newOnly));
            if (j.isIntroduced()) {
                JsonArray by = new JsonArray();
                j.introducedBy().forEach(c -> by.add(change(c)));
                f.add("introducedBy", by);
            }
            j.uncertainty().ifPresent(u -> f.addProperty("uncertainty", u));
        }
        root.add("whatIf", whatIf(v));
        return Json.prettyGson().toJson(root) + "\n";
    }

    private static long count(WhatIfVerdict v, JudgedFinding.Origin origin) {
        return v.judged().stream().filter(j -> j.origin() == origin).count();
    }

    private static JsonObject change(WhatIfChange c) {
        JsonObject o = new JsonObject();
        o.addProperty("resourceId", c.rawResourceId());
        o.addProperty("changeType", c.changeType().wireName());
        o.addProperty("whatIf", c.source());
        o.addProperty("line", c.line());
        if (c.potential()) {
            o.addProperty("potential", true);
        }
        return o;
    }

    private static JsonObject whatIf(WhatIfVerdict v) {
        JsonObject o = new JsonObject();
        JsonArray files = new JsonArray();
        for (WhatIfResult r : v.prediction().results()) {
            JsonObject file = new JsonObject();
            file.addProperty("file", r.source());
            file.addProperty("status", r.status());
            r.error().ifPresent(e -> {
                JsonObject err = new JsonObject();
                err.addProperty("code", e.code());
                err.addProperty("message", e.message());
                file.add("error", err);
            });
            JsonArray changes = new JsonArray();
            for (AppliedChange a : v.prediction().changes()) {
                if (a.change().source().equals(r.source())) {
                    JsonObject c = change(a.change());
                    c.addProperty("effect", a.effect().wireName());
                    c.addProperty("detail", a.detail());
                    a.change().unsupportedReason().ifPresent(u -> c.addProperty("unsupportedReason", u));
                    changes.add(c);
                }
            }
            file.add("changes", changes);
            files.add(file);
        }
        o.add("files", files);
        JsonArray unpredictable = new JsonArray();
        v.prediction().unpredictable().forEach(unpredictable::add);
        o.add("unpredictable", unpredictable);
        JsonArray warnings = new JsonArray();
        v.prediction().warnings().forEach(warnings::add);
        o.add("warnings", warnings);
        return o;
    }

    // ---- SARIF -----------------------------------------------------------------------------

    public static String sarif(WhatIfVerdict v, List<Rule> rules, String toolVersion) {
        JsonObject root = JsonParser.parseString(SarifReportRenderer.render(Report.of(v.predicted()), rules, toolVersion))
                .getAsJsonObject();
        JsonObject run = root.getAsJsonArray("runs").get(0).getAsJsonObject();
        JsonArray results = run.getAsJsonArray("results");
        List<JudgedFinding> problems = v.judged().stream()
                .filter(j -> j.assessment().finding().status() != Status.PASS).toList();
        if (problems.size() != results.size()) {
            throw new IllegalStateException("SARIF results do not match the findings: " + results.size() + " vs " + problems.size());
        }
        String fallbackFile = v.prediction().results().isEmpty() ? "" : v.prediction().results().get(0).source();
        for (int i = 0; i < results.size(); i++) {
            JudgedFinding j = problems.get(i);
            Finding f = j.assessment().finding();
            JsonObject r = results.get(i).getAsJsonObject();
            if (!r.get("ruleId").getAsString().equals(f.ruleId())) {
                throw new IllegalStateException("SARIF result " + i + " is " + r.get("ruleId") + ", expected " + f.ruleId());
            }
            // Old debt is a note whatever it is; an introduced violation an error; an introduced
            // unknown keeps the ordinary renderer's level (error where it fails the check).
            if (!j.isIntroduced()) {
                r.addProperty("level", "note");
            } else if (f.status() == Status.VIOLATION) {
                r.addProperty("level", "error");
            }
            Optional<WhatIfChange> at = j.introducedBy().stream().findFirst();
            String prefix = j.isIntroduced()
                    ? "Introduced by " + at.map(WhatIfChange::describe).orElse("the deployment") + ": "
                    : "Pre-existing (already in the current state): ";
            r.add("message", textObject(prefix + f.message()));
            JsonArray locations = new JsonArray();
            locations.add(location(at.map(WhatIfChange::source).orElse(fallbackFile), at.map(WhatIfChange::line).orElse(1),
                    at.map(WhatIfChange::rawResourceId).filter(s -> !s.isEmpty()).orElse(f.resourceId().toString()),
                    at.isPresent() ? "changed resource" : "resource"));
            r.add("locations", locations);
            if (at.isPresent() && !at.get().rawResourceId().equalsIgnoreCase(f.resourceId().toString())) {
                JsonArray related = new JsonArray();
                JsonObject finding = location(at.get().source(), at.get().line(), f.resourceId().toString(), "finding");
                finding.addProperty("id", 0);
                finding.add("message", textObject("the resource the rule judges"));
                related.add(finding);
                r.add("relatedLocations", related);
            }
            JsonObject props = r.has("properties") ? r.getAsJsonObject("properties") : new JsonObject();
            props.addProperty("origin", j.origin().wireName());
            JsonArray by = new JsonArray();
            j.introducedBy().forEach(c -> by.add(change(c)));
            props.add("introducedBy", by);
            r.add("properties", props);
        }
        return Json.prettyGson().toJson(root) + "\n";
    }

    private static JsonObject location(String file, int line, String resourceId, String role) {
        JsonObject artifact = new JsonObject();
        artifact.addProperty("uri", file.replace('\\', '/'));
        JsonObject region = new JsonObject();
        region.addProperty("startLine", line);
        JsonObject physical = new JsonObject();
        physical.add("artifactLocation", artifact);
        physical.add("region", region);
        JsonObject logical = new JsonObject();
        logical.addProperty("fullyQualifiedName", resourceId);
        logical.addProperty("name", resourceId.substring(resourceId.lastIndexOf('/') + 1));
        logical.addProperty("kind", "resource");
        JsonArray logicals = new JsonArray();
        logicals.add(logical);
        JsonObject location = new JsonObject();
        location.add("physicalLocation", physical);
        location.add("logicalLocations", logicals);
        JsonObject props = new JsonObject();
        props.addProperty("role", role);
        location.add("properties", props);
        return location;
    }

    private static JsonObject textObject(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("text", s);
        return o;
    }
}
