package com.dlpguard.json;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link Json#compact} renders what {@code Json.compactGson().toJson} renders, byte for byte: resources'
 * compact JSON becomes plan bodies (sent to ARM) and decision-log lines, so a difference in one
 * escape would change what the guard writes.
 */
class JsonCompactTest {

    static Stream<Path> jsonFiles() throws IOException {
        List<Path> roots = List.of(Path.of("examples"), Path.of("src/test/resources"));
        return roots.stream().filter(Files::isDirectory).flatMap(root -> {
            try {
                return Files.walk(root).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonFiles")
    void everyFixtureRendersAsGsonRendersIt(Path file) throws IOException {
        JsonElement parsed;
        try {
            parsed = JsonParser.parseString(Files.readString(file));
        } catch (RuntimeException e) {
            return; // fail_* fixtures that are not JSON at all: nothing to render
        }
        assertEquals(Json.compactGson().toJson(parsed), Json.compact(parsed), file.toString());
    }

    @Test
    void fixturesWereFound() throws IOException {
        assertFalse(jsonFiles().toList().isEmpty());
    }

    @Test
    void escapesNumbersNullsAndNestingAsGson() {
        JsonObject o = new JsonObject();
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            every.append(c);
        }
        every.append("\u2028\u2029\u00e9\u4e2d\ud83d\ude00<>&='");
        o.addProperty("all", every.toString());
        o.addProperty(every.toString(), "key escaped too");
        o.addProperty("int", 3);
        o.addProperty("long", 12345678901234L);
        o.addProperty("double", 1.5);
        o.addProperty("big", new BigDecimal("1e400"));
        o.addProperty("bool", false);
        o.add("null", JsonNull.INSTANCE);
        JsonArray a = new JsonArray();
        a.add(JsonNull.INSTANCE);
        a.add(new JsonArray());
        a.add(new JsonObject());
        a.add(JsonParser.parseString("{\"n\":-0.0e+5,\"s\":\"\\u0000\"}"));
        o.add("array", a);
        assertEquals(Json.compactGson().toJson(o), Json.compact(o));
    }
}
