package com.dlpguard.health;

import com.dlpguard.json.Json;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Locale;

/** The self-check as people and log queries read it: a table, a JSON document, one log line per check. */
public final class SelfCheckReport {
    private SelfCheckReport() {
    }

    public static boolean allPassed(List<HealthCheck> checks) {
        return checks.stream().allMatch(HealthCheck::ok);
    }

    /** One line per check: result, check id, resource, what was found; the remediation under each failure. */
    public static String text(List<HealthCheck> checks) {
        StringBuilder out = new StringBuilder();
        int idWidth = "CHECK".length();
        for (HealthCheck c : checks) {
            idWidth = Math.max(idWidth, c.checkId().length());
        }
        out.append(String.format(Locale.ROOT, "%-6s %-" + idWidth + "s %s%n", "RESULT", "CHECK", "RESOURCE / DETAIL"));
        for (HealthCheck c : checks) {
            out.append(String.format(Locale.ROOT, "%-6s %-" + idWidth + "s %s%n", c.ok() ? "ok" : "FAIL", c.checkId(), c.resource()));
            out.append(" ".repeat(8 + idWidth)).append(c.detail()).append(System.lineSeparator());
            if (!c.ok() && !c.remediation().isEmpty()) {
                out.append(" ".repeat(8 + idWidth)).append("fix: ").append(c.remediation()).append(System.lineSeparator());
            }
        }
        long failed = checks.stream().filter(c -> !c.ok()).count();
        out.append(System.lineSeparator()).append(failed == 0
                ? "all " + checks.size() + " checks passed"
                : failed + " of " + checks.size() + " checks failed: the guard cannot fully enforce until they are fixed")
                .append(System.lineSeparator());
        return out.toString();
    }

    public static String json(List<HealthCheck> checks) {
        JsonObject root = new JsonObject();
        root.addProperty("ok", allPassed(checks));
        JsonArray array = new JsonArray();
        checks.forEach(c -> array.add(toJson(c)));
        root.add("checks", array);
        return Json.prettyGson().toJson(root);
    }

    /**
     * The decision-log line of one check: {@code {"kind":"dlp-guard.health","check":…,"ok":…}}.
     * The dead man's switch (infra/modules/alerts.bicep) queries {@code "ok":false}.
     */
    public static String logLine(HealthCheck c) {
        JsonObject line = new JsonObject();
        line.addProperty("kind", "dlp-guard.health");
        line.addProperty("check", c.checkId());
        line.addProperty("ok", c.ok());
        line.addProperty("resource", c.resource().toString());
        if (!c.workspace().isEmpty()) {
            line.addProperty("workspace", c.workspace());
        }
        line.addProperty("detail", c.detail());
        JsonArray missing = new JsonArray();
        c.missing().forEach(missing::add);
        line.add("missing", missing);
        return Json.compact(line);
    }

    private static JsonObject toJson(HealthCheck c) {
        JsonObject o = new JsonObject();
        o.addProperty("check", c.checkId());
        o.addProperty("title", c.title());
        o.addProperty("ok", c.ok());
        o.addProperty("resource", c.resource().toString());
        o.addProperty("workspace", c.workspace());
        o.addProperty("detail", c.detail());
        JsonArray missing = new JsonArray();
        c.missing().forEach(missing::add);
        o.add("missing", missing);
        o.addProperty("remediation", c.remediation());
        return o;
    }
}
