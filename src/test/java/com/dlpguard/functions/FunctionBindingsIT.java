package com.dlpguard.functions;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code mvn package} hands the Functions host: target/azure-functions/dlp-guard/ with one
 * function.json per function, bindings as the annotations declare them, the app jar and its
 * libraries. Runs after package (failsafe), since the functions plugin writes these files then.
 */
class FunctionBindingsIT {
    static final Path APP = Path.of("target/azure-functions/dlp-guard");

    @BeforeAll
    static void packaged() {
        assertTrue(Files.isDirectory(APP), APP + " is written by mvn package");
    }

    static JsonObject functionJson(String name) throws IOException {
        Path file = APP.resolve(name).resolve("function.json");
        assertTrue(Files.isRegularFile(file), file.toString());
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    static List<JsonObject> bindings(JsonObject function) {
        return function.getAsJsonArray("bindings").asList().stream().map(JsonElement::getAsJsonObject).toList();
    }

    static JsonObject binding(JsonObject function, String type) {
        List<JsonObject> matching = bindings(function).stream().filter(b -> b.get("type").getAsString().equals(type)).toList();
        assertEquals(1, matching.size(), type + " in " + function);
        return matching.get(0);
    }

    static Set<String> strings(JsonArray array) {
        return array.asList().stream().map(e -> e.getAsString().toUpperCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Test
    void exactlyTheThreeFunctions() throws IOException {
        Set<String> functions;
        try (Stream<Path> s = Files.list(APP)) {
            functions = s.filter(p -> Files.isRegularFile(p.resolve("function.json")))
                    .map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(Set.of("DlpGuardEventGrid", "DlpGuardRecheck", "DlpGuardSweep"), functions);
    }

    @Test
    void eventGridTriggerBindsOneEventAsString() throws IOException {
        JsonObject f = functionJson("DlpGuardEventGrid");
        assertEquals("com.dlpguard.functions.DlpGuardEventGrid.run", f.get("entryPoint").getAsString());
        assertEquals(1, bindings(f).size(), f.toString());
        JsonObject trigger = binding(f, "eventGridTrigger");
        assertEquals("in", trigger.get("direction").getAsString());
        assertEquals("event", trigger.get("name").getAsString());
    }

    @Test
    void recheckIsAnHttpPostOnRecheckWithAFunctionKey() throws IOException {
        JsonObject f = functionJson("DlpGuardRecheck");
        assertEquals("com.dlpguard.functions.DlpGuardRecheck.run", f.get("entryPoint").getAsString());
        assertEquals(2, bindings(f).size(), f.toString());
        JsonObject trigger = binding(f, "httpTrigger");
        assertEquals("in", trigger.get("direction").getAsString());
        assertEquals("req", trigger.get("name").getAsString());
        assertEquals("function", trigger.get("authLevel").getAsString().toLowerCase(Locale.ROOT),
                "a function key, never anonymous: " + trigger);
        assertEquals(Set.of("POST"), strings(trigger.getAsJsonArray("methods")));
        assertEquals("recheck", trigger.get("route").getAsString());
        JsonObject out = binding(f, "http");
        assertEquals("out", out.get("direction").getAsString());
        assertEquals("$return", out.get("name").getAsString());
    }

    @Test
    void sweepRunsOnTheScheduleFromTheAppSetting() throws IOException {
        JsonObject f = functionJson("DlpGuardSweep");
        assertEquals("com.dlpguard.functions.DlpGuardSweep.run", f.get("entryPoint").getAsString());
        assertEquals(1, bindings(f).size(), f.toString());
        JsonObject trigger = binding(f, "timerTrigger");
        assertEquals("in", trigger.get("direction").getAsString());
        assertEquals("timer", trigger.get("name").getAsString());
        assertEquals("%DLP_GUARD_SWEEP_SCHEDULE%", trigger.get("schedule").getAsString());
        assertFalse(trigger.has("runOnStartup") && trigger.get("runOnStartup").getAsBoolean(),
                "runOnStartup would sweep on every scale-out");
    }

    @Test
    void everyScriptFileIsTheAppJarHoldingItsEntryPoint() throws IOException {
        for (String name : List.of("DlpGuardEventGrid", "DlpGuardRecheck", "DlpGuardSweep")) {
            JsonObject f = functionJson(name);
            Path jar = APP.resolve(name).resolve(f.get("scriptFile").getAsString()).normalize();
            assertTrue(Files.isRegularFile(jar), jar.toString());
            String entry = f.get("entryPoint").getAsString();
            String clazz = entry.substring(0, entry.lastIndexOf('.')).replace('.', '/') + ".class";
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                assertTrue(zip.getEntry(clazz) != null, clazz + " in " + jar);
            }
        }
    }

    @Test
    void hostJsonUsesTheV4ExtensionBundle() throws IOException {
        JsonObject host = JsonParser.parseString(Files.readString(APP.resolve("host.json"))).getAsJsonObject();
        assertEquals("2.0", host.get("version").getAsString());
        JsonObject bundle = host.getAsJsonObject("extensionBundle");
        assertEquals("Microsoft.Azure.Functions.ExtensionBundle", bundle.get("id").getAsString());
        assertTrue(bundle.get("version").getAsString().startsWith("[4."), bundle.toString());
    }

    @Test
    void theLibrariesAreThereWithoutNetty() throws IOException {
        Set<String> jars;
        try (Stream<Path> s = Files.list(APP.resolve("lib"))) {
            jars = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        for (String needed : List.of("gson-", "azure-resourcemanager-resources-", "azure-core-management-", "azure-messaging-eventgrid-",
                "azure-core-http-jdk-httpclient-", "azure-identity-")) {
            assertTrue(jars.stream().anyMatch(j -> j.startsWith(needed)), needed + " in " + jars);
        }
        // Reads and writes are ARM JSON on the shared pipeline; the generated network client is not shipped.
        assertTrue(jars.stream().noneMatch(j -> j.startsWith("azure-resourcemanager-network-")), "no network client: " + jars);
        assertTrue(jars.stream().noneMatch(j -> j.contains("netty")), "the JDK HttpClient replaces Netty: " + jars);
    }
}
