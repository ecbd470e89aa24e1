package com.dlpguard.snapshot;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an offline snapshot (rule book section 4) into an {@link Estate}. Pure apart from reading
 * the files it is given. Each file is one of: a single ARM resource; a JSON array of resources; an
 * ARM list envelope {@code {"value": [...]}}; a Resource Graph result {@code {"data": [...]}}; or a
 * REST spec example {@code {"parameters": ..., "responses": {"200": {"body": ...}}}} (the 200 body,
 * else the 201 body), as in {@code fixtures/arm/}.
 *
 * <p>All or nothing: the first problem in any file fails the whole load, with the file and JSON
 * path in the message. A partial estate would make missing resources look deleted.
 */
public final class SnapshotLoader {

    private SnapshotLoader() {
    }

    /** A {@code .json} file, or a folder whose {@code *.json} files (recursively, sorted by path) are all read. */
    public static Estate load(Path fileOrFolder) throws SnapshotException {
        Objects.requireNonNull(fileOrFolder, "fileOrFolder");
        EstateBuilder builder = new EstateBuilder();
        for (Path file : files(fileOrFolder)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SnapshotException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            addDocument(builder, bytes, file.toString());
        }
        return builder.build();
    }

    /**
     * Every resource object of a file or folder, in reading order, as raw JSON (for the in-memory
     * ARM, which stores documents rather than records). Validated exactly like {@link #load}.
     */
    public static List<JsonObject> resources(Path fileOrFolder) throws SnapshotException {
        load(fileOrFolder);
        List<JsonObject> out = new java.util.ArrayList<>();
        for (Path file : files(fileOrFolder)) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SnapshotException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
            }
            JsonElement root;
            try {
                root = StrictJson.parse(bytes);
            } catch (JsonInputException e) {
                throw new SnapshotException(file + ": " + e.getMessage());
            }
            walk((resource, where) -> out.add(resource.deepCopy()), root, file + ": $");
        }
        return out;
    }

    /** One document's bytes; {@code sourceName} prefixes every error message. */
    public static Estate parse(byte[] bytes, String sourceName) throws SnapshotException {
        EstateBuilder builder = new EstateBuilder();
        addDocument(builder, bytes, sourceName);
        return builder.build();
    }

    /** Parses one document strictly and feeds its resources to {@code builder}. */
    public static void addDocument(EstateBuilder builder, byte[] bytes, String sourceName) throws SnapshotException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        JsonElement root;
        try {
            root = StrictJson.parse(bytes);
        } catch (JsonInputException e) {
            throw new SnapshotException(sourceName + ": " + e.getMessage());
        }
        // The tree was parsed here for this builder and nothing else holds it: handed over, not copied.
        walk(builder::addOwned, root, sourceName + ": $");
    }

    @FunctionalInterface
    private interface Sink {
        void accept(JsonObject resource, String where) throws SnapshotException;
    }

    static List<Path> files(Path fileOrFolder) throws SnapshotException {
        if (Files.isRegularFile(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        if (!Files.isDirectory(fileOrFolder)) {
            throw new SnapshotException(fileOrFolder + ": no such file or folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(fileOrFolder)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
                    .sorted((a, b) -> fileOrFolder.relativize(a).toString().compareTo(fileOrFolder.relativize(b).toString()))
                    .collect(Collectors.toList());
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new SnapshotException(fileOrFolder + ": cannot list the folder (" + e.getClass().getSimpleName() + ")");
        }
        if (files.isEmpty()) {
            throw new SnapshotException(fileOrFolder + ": the folder holds no .json file");
        }
        return files;
    }

    private static void walk(Sink sink, JsonElement element, String at) throws SnapshotException {
        if (element.isJsonArray()) {
            addResources(sink, element.getAsJsonArray(), at);
            return;
        }
        if (!element.isJsonObject()) {
            throw new SnapshotException(at + ": expected a resource, an array of resources, {\"value\": [...]}, "
                    + "{\"data\": [...]} or a REST spec example, got " + Node.kind(element));
        }
        Node node = new Node(element.getAsJsonObject(), at);
        if (node.has("id") || node.has("type")) {
            sink.accept(node.json(), at);
        } else if (node.has("responses")) {
            Node responses = node.object("responses");
            String status = responses.has("200") ? "200" : "201";
            Node response = responses.optObject(status)
                    .orElseThrow(() -> responses.error("no \"200\" or \"201\" response in the example"));
            JsonElement body = response.json().get("body");
            if (body == null || body.isJsonNull()) {
                throw response.error("body", "missing");
            }
            walk(sink, body, response.at("body"));
        } else if (node.has("value")) {
            // A list that continues on another page is an incomplete snapshot: resources on the next
            // page would look deleted.
            if (node.has("nextLink")) {
                throw node.error("nextLink", "the list continues on another page; save every page in the snapshot");
            }
            addResources(sink, node.optArray("value").orElseThrow(), node.at("value"));
        } else if (node.has("data")) {
            if (node.has("$skipToken") || isTrue(node.json().get("resultTruncated"))) {
                throw node.error("the Resource Graph result is truncated; export every page in the snapshot");
            }
            addResources(sink, node.optArray("data").orElseThrow(), node.at("data"));
        } else {
            throw node.error("not a snapshot document: expected a resource (with \"id\"), an array of resources, "
                    + "{\"value\": [...]}, {\"data\": [...]} or a REST spec example with \"responses\"");
        }
    }

    private static boolean isTrue(JsonElement e) {
        return e != null && e.isJsonPrimitive() && "true".equalsIgnoreCase(e.getAsString());
    }

    private static void addResources(Sink sink, JsonArray array, String at) throws SnapshotException {
        for (int i = 0; i < array.size(); i++) {
            JsonElement e = array.get(i);
            String where = at + "[" + i + "]";
            if (!e.isJsonObject()) {
                throw new SnapshotException(where + ": expected a resource object, got " + Node.kind(e));
            }
            JsonObject resource = e.getAsJsonObject();
            sink.accept(resource, where);
        }
    }
}
