package com.dlpguard.model;

import com.dlpguard.json.Json;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@link ResourceDocument} renders, on first use, the bytes {@code Json.compactGson().toJson} gives for
 * its tree (what the records held eagerly before), once, and compares as that text.
 */
class ResourceDocumentTest {

    static Stream<Path> jsonFiles() throws IOException {
        try (Stream<Path> examples = Files.walk(Path.of("examples"));
             Stream<Path> fixtures = Files.walk(Path.of("src/test/resources/shared-fixtures"))) {
            return Stream.concat(examples.toList().stream(), fixtures.toList().stream())
                    .filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonFiles")
    void rendersTheTreeAsGsonsCompactWriterDoes(Path file) throws IOException {
        JsonElement parsed = JsonParser.parseString(Files.readString(file));
        String expected = Json.compactGson().toJson(parsed);
        ResourceDocument lazy = ResourceDocument.ofOwnedTree(parsed);
        assertEquals(expected, lazy.text(), file.toString());
        assertSame(lazy.text(), lazy.text(), "rendered once, then kept");
        assertEquals(ResourceDocument.ofText(expected), lazy);
        assertEquals(ResourceDocument.ofText(expected).hashCode(), lazy.hashCode());
        assertEquals(expected, lazy.toString());
    }

    @Test
    void equalityIsThatOfTheText() {
        JsonObject a = JsonParser.parseString("{\"a\":1,\"b\":[true,null]}").getAsJsonObject();
        assertEquals(ResourceDocument.ofText("{\"a\":1,\"b\":[true,null]}"), ResourceDocument.ofOwnedTree(a));
        assertNotEquals(ResourceDocument.ofText("{\"b\":[true,null],\"a\":1}"), ResourceDocument.ofOwnedTree(a.deepCopy()),
                "member order is part of the text");
        assertNotEquals(ResourceDocument.ofText("{}"), ResourceDocument.ofOwnedTree(a.deepCopy()));
    }

    @Test
    void recordsCompareByTheirDocumentsTextWhetherGivenAsTextOrTree() {
        ResourceId id = ResourceId.parse("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt/routes/r");
        String text = "{\"name\":\"r\",\"properties\":{\"addressPrefix\":\"0.0.0.0/0\",\"nextHopType\":\"None\"}}";
        Route fromText = new Route(id, "r", Optional.empty(), "0.0.0.0/0", "None", Optional.empty(), text);
        Route fromTree = new Route(id, "r", Optional.empty(), "0.0.0.0/0", "None", Optional.empty(),
                ResourceDocument.ofOwnedTree(JsonParser.parseString(text)));
        assertEquals(fromText, fromTree);
        assertEquals(fromText.hashCode(), fromTree.hashCode());
        assertEquals(text, fromTree.json());
    }

    /** Records are shared by reconcile threads: concurrent first reads all see the same text. */
    @Test
    void concurrentFirstReadsAllSeeTheSameText() throws Exception {
        JsonObject tree = new JsonObject();
        for (int i = 0; i < 2_000; i++) {
            tree.addProperty("k" + i, "v" + i);
        }
        String expected = Json.compactGson().toJson(tree);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 20; round++) {
                ResourceDocument doc = ResourceDocument.ofOwnedTree(tree.deepCopy());
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> reads = Stream.<java.util.concurrent.Callable<String>>generate(() -> () -> {
                    start.await();
                    return doc.text();
                }).limit(4).map(pool::submit).toList();
                start.countDown();
                Set<String> seen = ConcurrentHashMap.newKeySet();
                for (Future<String> r : reads) {
                    seen.add(r.get(30, TimeUnit.SECONDS));
                }
                assertEquals(Set.of(expected), seen);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(expected.length() > 10_000);
    }
}
