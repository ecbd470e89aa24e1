package com.dlpguard.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The figures of one run: printed as one table and written as JSON (flat keys, as the README
 * names them, plus each figure's target and whether it was met).
 */
final class Results {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** A target a figure must stay at or under ({@code atMost}) or reach ({@code atLeast}). */
    record Target(String text, double bound, boolean atMost) {
        static Target atMost(double bound, String unit) {
            return new Target("≤ " + fmt(bound) + unit, bound, true);
        }

        static Target atLeast(double bound, String unit) {
            return new Target("≥ " + fmt(bound) + unit, bound, false);
        }

        boolean met(double value) {
            return atMost ? value <= bound : value >= bound;
        }
    }

    record Row(String key, String label, JsonElement value, String shown, Optional<Target> target, Optional<Boolean> met,
               String note) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final JsonObject details = new JsonObject();
    private final double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    void add(String key, String label, double value, String unit, Optional<Target> target, String note) {
        Optional<Boolean> met = target.map(t -> t.met(value));
        rows.add(new Row(key, label, GSON.toJsonTree(round(value)), fmt(value) + unit, target, met, note));
    }

    void addText(String key, String label, String value, String note) {
        rows.add(new Row(key, label, GSON.toJsonTree(value), value, Optional.empty(), Optional.empty(), note));
    }

    /** Structured detail (breakdowns per event kind, sweep figures) kept in the JSON only. */
    void detail(String key, JsonElement value) {
        details.add(key, value);
    }

    void print(PrintStream out) {
        int w0 = 4, w1 = 5, w2 = 6;
        for (Row r : rows) {
            w0 = Math.max(w0, r.label().length());
            w1 = Math.max(w1, r.shown().length());
            w2 = Math.max(w2, r.target().map(Target::text).orElse("").length());
        }
        String format = "| %-" + w0 + "s | %" + w1 + "s | %-" + w2 + "s | %-4s | %s%n";
        out.printf(format, "figure", "value", "target", "met", "how measured");
        out.printf("|%s|%s:|%s|%s|%s%n", "-".repeat(w0 + 2), "-".repeat(w1 + 1), "-".repeat(w2 + 2), "-".repeat(6), "---");
        for (Row r : rows) {
            out.printf(format, r.label(), r.shown(), r.target().map(Target::text).orElse(""),
                    r.met().map(m -> m ? "yes" : "NO").orElse(""), r.note());
        }
    }

    void write(Path file) throws IOException {
        JsonObject root = new JsonObject();
        root.addProperty("generated_at", Instant.now().toString());
        JsonObject machine = machine();
        machine.addProperty("load_average_1min_at_start", round(loadAtStart));
        root.add("machine", machine);
        for (Row r : rows) {
            root.add(r.key(), r.value());
        }
        JsonObject targets = new JsonObject();
        for (Row r : rows) {
            if (r.target().isPresent()) {
                JsonObject t = new JsonObject();
                t.addProperty("target", r.target().get().text());
                t.addProperty("met", r.met().orElse(false));
                targets.add(r.key(), t);
            }
        }
        root.add("targets", targets);
        JsonObject notes = new JsonObject();
        rows.forEach(r -> notes.addProperty(r.key(), r.note()));
        root.add("how_measured", notes);
        root.add("details", details);
        Files.createDirectories(file.getParent());
        Files.writeString(file, GSON.toJson(root) + "\n", StandardCharsets.UTF_8);
    }

    static JsonObject machine() {
        JsonObject m = new JsonObject();
        m.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.addProperty("cpus", Runtime.getRuntime().availableProcessors());
        cpuModel().ifPresent(c -> m.addProperty("cpu", c));
        m.addProperty("memory_mib", memoryMib());
        m.addProperty("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        // The machine is shared with other builds: the load says how quiet it was.
        m.addProperty("load_average_1min_at_end", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        return m;
    }

    private static Optional<String> cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long memoryMib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (1024 * 1024);
        }
        return -1;
    }

    static com.google.gson.JsonArray jsonArray(List<Double> values) {
        com.google.gson.JsonArray a = new com.google.gson.JsonArray();
        values.forEach(v -> a.add(round(v)));
        return a;
    }

    static double round(double v) {
        return Math.round(v * 100.0) / 100.0;
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e12) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }
}
