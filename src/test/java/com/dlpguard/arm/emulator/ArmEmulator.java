package com.dlpguard.arm.emulator;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A stateful Azure Resource Manager emulator for tests: HTTPS on 127.0.0.1 with a certificate made
 * at test time, seeded from the snapshot formats of the rule book, serving GET / PUT / DELETE and
 * paged lists for the resource types the guard touches, the way Microsoft.Network answers:
 * family etags that change on every write, {@code 412} on a stale {@code If-Match}, PUT and
 * DELETE as long-running operations ({@code Azure-AsyncOperation}, {@code Location}) whose status
 * is {@code InProgress} on the first poll. Faults are injected per request ({@link #faults()}) and
 * every request is logged ({@link #requests()}) for read-cost assertions.
 *
 * <p>Requests must carry {@code Authorization: Bearer <token()>}; the token is never logged.
 */
public final class ArmEmulator implements AutoCloseable {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final HttpsServer server;
    private final ExecutorService executor;
    private final ResourceStore store = new ResourceStore();
    private final FaultQueue faults = new FaultQueue();
    private final RequestLog log = new RequestLog();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final String token;
    private final int pageSize;
    private final int inProgressPolls;
    private final boolean synchronousWrites;
    private final AtomicInteger operationCounter = new AtomicInteger();
    /** Effective permissions per scope (lower-case), as {@code Microsoft.Authorization/permissions} answers them. */
    private final Map<String, JsonArray> permissions = new ConcurrentHashMap<>();

    /**
     * A long-running operation: {@code InProgress} for {@code pollsLeft} polls, then its outcome.
     * Answers carry {@code Retry-After: 1} (the network RP sends 10): the SDK's poller honours whole
     * seconds only and falls back to a 30 s interval without the header.
     */
    private static final class Operation {
        final boolean fails;
        final String code;
        final String message;
        final String resultUrl;
        final boolean isDelete;
        int pollsLeft;

        Operation(int pollsLeft, boolean fails, String code, String message, String resultUrl, boolean isDelete) {
            this.pollsLeft = pollsLeft;
            this.fails = fails;
            this.code = code;
            this.message = message;
            this.resultUrl = resultUrl;
            this.isDelete = isDelete;
        }
    }

    private record Response(int status, Map<String, String> headers, Optional<JsonElement> body, boolean drop,
                            Duration delay, Optional<String> fault) {
        static Response json(int status, JsonElement body) {
            return new Response(status, new LinkedHashMap<>(), Optional.of(body), false, Duration.ZERO, Optional.empty());
        }

        static Response empty(int status) {
            return new Response(status, new LinkedHashMap<>(), Optional.empty(), false, Duration.ZERO, Optional.empty());
        }

        Response header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Response withFault(String name) {
            return new Response(status, headers, body, drop, delay, Optional.of(name));
        }

        Response delayedBy(Duration d) {
            return new Response(status, headers, body, drop, d, fault);
        }
    }

    public static final class Builder {
        private int pageSize = 100;
        private int inProgressPolls = 1;
        private boolean synchronousWrites;
        private String token;

        /** Items per list page (ARM pages with nextLink). */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive");
            }
            this.pageSize = pageSize;
            return this;
        }

        /** How many status polls answer {@code InProgress} before the outcome. */
        public Builder inProgressPolls(int polls) {
            this.inProgressPolls = polls;
            return this;
        }

        /**
         * Network writes complete in their first answer (PUT: 200/201 with {@code provisioningState}
         * Succeeded, DELETE: 200), without a long-running operation to poll, as the RP does for
         * some child resources. The SDK's poller waits whole seconds between polls; suites that
         * judge decisions rather than the operation protocol use this to stay fast. A queued
         * {@link Fault.FailOperation} or {@link Fault.LongOperation} still answers asynchronously.
         */
        public Builder synchronousWrites(boolean synchronous) {
            this.synchronousWrites = synchronous;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public ArmEmulator start() {
            return new ArmEmulator(this);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static ArmEmulator start() {
        return builder().start();
    }

    private ArmEmulator(Builder b) {
        this.pageSize = b.pageSize;
        this.inProgressPolls = b.inProgressPolls;
        this.synchronousWrites = b.synchronousWrites;
        this.token = b.token != null ? b.token : randomToken();
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SSLContext tls = EmulatorCertificate.get().serverContext();
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "arm-emulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "emulator-" + HexFormat.of().formatHex(bytes);
    }

    // ---- test-facing API ---------------------------------------------------------------------

    /** {@code https://127.0.0.1:<port>}, no trailing slash. */
    public String endpoint() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The bearer token requests must present. */
    public String token() {
        return token;
    }

    /** A client TLS context trusting only the emulator's certificate. */
    public SSLContext clientSslContext() {
        return EmulatorCertificate.get().clientContext();
    }

    public FaultQueue faults() {
        return faults;
    }

    public RequestLog requests() {
        return log;
    }

    /** Seeds from a snapshot file or folder (every {@code .json} below it); returns the number of documents stored. */
    public int seed(Path path) {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path)) {
                walk.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            files.add(path);
        }
        int count = 0;
        for (Path file : files) {
            try {
                count += seed(StrictJson.parse(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (JsonInputException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
        }
        return count;
    }

    /**
     * Seeds from one document in any snapshot format: a resource, an array, {@code {"value": [...]}},
     * {@code {"data": [...]}} (Resource Graph), or a REST-spec example ({@code responses."200".body}).
     */
    public int seed(JsonElement document) {
        int count = 0;
        for (JsonObject resource : resources(document)) {
            if (store.seed(resource)) {
                count++;
            }
        }
        return count;
    }

    public int seed(String json) {
        try {
            return seed(StrictJson.parse(json));
        } catch (JsonInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<JsonObject> resources(JsonElement document) {
        List<JsonObject> out = new ArrayList<>();
        if (document.isJsonArray()) {
            for (JsonElement e : document.getAsJsonArray()) {
                out.addAll(resources(e));
            }
        } else if (document.isJsonObject()) {
            JsonObject o = document.getAsJsonObject();
            if (o.has("id")) {
                out.add(o);
            } else if (o.has("value") && o.get("value").isJsonArray()) {
                out.addAll(resources(o.get("value")));
            } else if (o.has("data") && o.get("data").isJsonArray()) {
                out.addAll(resources(o.get("data")));
            } else if (o.has("responses") && o.get("responses").isJsonObject()) {
                JsonObject responses = o.getAsJsonObject("responses");
                for (String status : List.of("200", "201")) {
                    if (responses.has(status) && responses.getAsJsonObject(status).has("body")) {
                        out.addAll(resources(responses.getAsJsonObject(status).get("body")));
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** The resource as a GET would show it (children inline, current etag). */
    public Optional<JsonObject> resource(String id) {
        return store.view(ResourceId.parse(id));
    }

    public Optional<String> etag(String id) {
        return store.etag(ResourceId.parse(id));
    }

    /** An out-of-band write (someone else's): PUT semantics on the GET view, new family etag. */
    public void edit(String id, Consumer<JsonObject> mutation) {
        store.edit(ResourceId.parse(id), mutation);
    }

    /** A write by someone else through ARM semantics (validation, back-references, new etag). */
    public void put(String id, JsonObject body) {
        store.put(ResourceId.parse(id), body);
    }

    public int size() {
        return store.size();
    }

    /**
     * What {@code GET {scope}/providers/Microsoft.Authorization/permissions} answers for the caller
     * at {@code scope} (a resource group id, typically): one grant per role assignment reaching it.
     * A scope with no entry answers one grant of {@code "*"} (the emulator's token may do anything,
     * as it may on every other route).
     */
    public void permissions(String scope, List<Grant> grants) {
        JsonArray value = new JsonArray();
        for (Grant g : grants) {
            JsonObject item = new JsonObject();
            JsonArray actions = new JsonArray();
            g.actions().forEach(actions::add);
            JsonArray notActions = new JsonArray();
            g.notActions().forEach(notActions::add);
            item.add("actions", actions);
            item.add("notActions", notActions);
            item.add("dataActions", new JsonArray());
            item.add("notDataActions", new JsonArray());
            value.add(item);
        }
        permissions.put(scopeKey(scope), value);
    }

    /** One role's {@code actions} and {@code notActions} in a permissions answer. */
    public record Grant(List<String> actions, List<String> notActions) {
        public Grant {
            actions = List.copyOf(actions);
            notActions = List.copyOf(notActions);
        }
    }

    private static String scopeKey(String scope) {
        String s = scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
        return s.toLowerCase(Locale.ROOT);
    }

    private static boolean isPermissionsPath(String[] s) {
        return s.length >= 5 && s[s.length - 1].equalsIgnoreCase("permissions")
                && s[s.length - 2].equalsIgnoreCase("Microsoft.Authorization") && s[s.length - 3].equalsIgnoreCase("providers");
    }

    private Response permissionsAt(String path) {
        String scope = path.substring(0, path.toLowerCase(Locale.ROOT).lastIndexOf("/providers/microsoft.authorization/permissions"));
        JsonArray value = permissions.get(scopeKey(scope));
        if (value == null) {
            value = new JsonArray();
            JsonObject all = new JsonObject();
            JsonArray star = new JsonArray();
            star.add("*");
            all.add("actions", star);
            all.add("notActions", new JsonArray());
            all.add("dataActions", new JsonArray());
            all.add("notDataActions", new JsonArray());
            value.add(all);
        }
        JsonObject page = new JsonObject();
        page.add("value", value.deepCopy());
        return Response.json(200, page);
    }

    /** Every top-level resource as a GET shows it, children inline: the whole state, for before/after comparisons. */
    public Map<String, JsonObject> topLevelResources() {
        return store.topLevelViews();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- HTTP ----------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = normalisedPath(exchange.getRequestURI());
        String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        boolean ifMatch = exchange.getRequestHeaders().containsKey("If-Match");
        boolean ifNoneMatch = exchange.getRequestHeaders().containsKey("If-None-Match");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean authorized = authorization != null && authorization.equals("Bearer " + token);
        RequestLog.Kind kind = kindOf(path);
        byte[] requestBody = exchange.getRequestBody().readAllBytes();

        Response response;
        Optional<Fault> fault = Optional.empty();
        try {
            if (!authorized) {
                response = error(401, authorization == null ? "AuthenticationFailed" : "InvalidAuthenticationToken",
                        "Authentication failed. The 'Authorization' header is missing or invalid.");
            } else {
                fault = faults.take(method, path);
                response = fault.isPresent()
                        ? withFault(fault.get(), method, path, query, exchange, requestBody)
                        : route(method, path, query, exchange, requestBody, Optional.empty());
            }
        } catch (ArmError e) {
            response = error(e.status, e.code, e.getMessage());
        } catch (RuntimeException e) {
            response = error(500, "InternalServerError", "Emulator failure: " + e);
        }

        log.add(new RequestLog.Entry(method, path, query, kind, response.drop() ? 0 : response.status(), ifMatch,
                ifNoneMatch, authorized, response.fault()));
        if (response.drop()) {
            // Closing the exchange before any response bytes: the client sees the connection end.
            throw new IOException("fault: connection dropped on purpose");
        }
        if (!response.delay().isZero()) {
            sleep(response.delay());
        }
        if (fault.isPresent() && (fault.get() instanceof Fault.RewriteBody || fault.get() instanceof Fault.CutBody)) {
            sendTampered(exchange, response, fault.get());
            return;
        }
        send(exchange, response);
    }

    /** {@link Fault.RewriteBody} and {@link Fault.CutBody}: the routed answer, its body garbled or cut. */
    private static void sendTampered(HttpExchange exchange, Response response, Fault fault) throws IOException {
        byte[] bytes = response.body().map(GSON::toJson).orElse("").getBytes(StandardCharsets.UTF_8);
        if (fault instanceof Fault.RewriteBody r) {
            bytes = r.rewrite().apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        }
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-ms-request-id", requestId);
        exchange.getResponseHeaders().set("x-ms-correlation-request-id", requestId);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        OutputStream out = exchange.getResponseBody();
        if (fault instanceof Fault.CutBody c) {
            out.write(bytes, 0, Math.min(c.bytes(), bytes.length));
            out.flush();
            // Closing the exchange with bytes still owed drops the connection mid-body.
            exchange.close();
            return;
        }
        out.write(bytes);
        out.close();
    }

    /**
     * ARM tolerates repeated slashes ({@code //subscriptions/...}); java.net.URI reads a request target
     * starting with {@code //} as an authority, so the path is put back together first.
     */
    private static String normalisedPath(java.net.URI uri) {
        String path = Optional.ofNullable(uri.getPath()).orElse("");
        if (uri.getScheme() == null && uri.getAuthority() != null) {
            path = "/" + uri.getAuthority() + path;
        }
        return path.replaceAll("/{2,}", "/");
    }

    private Response withFault(Fault fault, String method, String path, String query, HttpExchange exchange, byte[] body) {
        String name = fault.getClass().getSimpleName();
        if (fault instanceof Fault.Respond r) {
            Response response = error(r.status(), r.code(), r.message());
            r.retryAfterSeconds().ifPresent(s -> response.header("Retry-After", String.valueOf(s)));
            return response.withFault(name + ":" + r.code());
        }
        if (fault instanceof Fault.DropConnection) {
            return new Response(0, Map.of(), Optional.empty(), true, Duration.ZERO, Optional.of(name));
        }
        if (fault instanceof Fault.SlowResponse s) {
            return route(method, path, query, exchange, body, Optional.empty()).delayedBy(s.delay()).withFault(name);
        }
        if (fault instanceof Fault.FailOperation f) {
            return route(method, path, query, exchange, body, Optional.of(f)).withFault(name + ":" + f.code());
        }
        if (fault instanceof Fault.LongOperation l) {
            return route(method, path, query, exchange, body, Optional.of(l)).withFault(name);
        }
        if (fault instanceof Fault.RewriteBody || fault instanceof Fault.CutBody) {
            return route(method, path, query, exchange, body, Optional.empty()).withFault(name);
        }
        if (fault instanceof Fault.ConcurrentEdit c) {
            store.edit(ResourceId.parse(c.resourceId()), c.mutation());
            return route(method, path, query, exchange, body, Optional.empty()).withFault(name);
        }
        throw new IllegalStateException("unknown fault " + fault);
    }

    private static RequestLog.Kind kindOf(String path) {
        String[] s = segments(path);
        if (s.length < 2 || !s[0].equalsIgnoreCase("subscriptions")) {
            return RequestLog.Kind.OTHER;
        }
        if (s.length == 8 && s[2].equalsIgnoreCase("providers") && s[4].equalsIgnoreCase("locations")) {
            return RequestLog.Kind.OPERATION;
        }
        if (s.length == 5 && s[2].equalsIgnoreCase("providers")) {
            return RequestLog.Kind.LIST;
        }
        if (s.length >= 7 && s[2].equalsIgnoreCase("resourceGroups") && s[4].equalsIgnoreCase("providers")) {
            return s.length % 2 == 1 ? RequestLog.Kind.LIST : RequestLog.Kind.RESOURCE;
        }
        return RequestLog.Kind.OTHER;
    }

    private static String[] segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/");
    }

    /** {@code operationFault}: a {@link Fault.FailOperation} or {@link Fault.LongOperation} for the write's operation. */
    private Response route(String method, String path, String query, HttpExchange exchange, byte[] body,
                           Optional<Fault> operationFault) {
        Map<String, String> params = parseQuery(query);
        String[] s = segments(path);
        RequestLog.Kind kind = kindOf(path);
        if (kind == RequestLog.Kind.OTHER) {
            return error(404, "NotFound", "No route for " + path + ".");
        }
        if (!params.containsKey("api-version")) {
            return error(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (isPermissionsPath(s)) {
            return method.equals("GET") ? permissionsAt(path) : error(405, "MethodNotAllowed", method + " on permissions.");
        }
        if (kind == RequestLog.Kind.OPERATION) {
            return method.equals("GET") ? operationStatus(s[6], s[7]) : error(405, "MethodNotAllowed", method + " on an operation.");
        }
        Optional<Response> outboundRule = outboundRules(method, s, params, exchange, body, operationFault);
        if (outboundRule.isPresent()) {
            return outboundRule.get();
        }
        if (kind == RequestLog.Kind.LIST) {
            if (!method.equals("GET")) {
                return error(405, "MethodNotAllowed", "The requested resource does not support http method '" + method + "'.");
            }
            return list(s, path, params);
        }
        ResourceId id = ResourceId.parse(path);
        if (!ResourceStore.isKnownType(id)) {
            return error(404, "InvalidResourceType", "The resource type '" + id.type() + "' could not be found.");
        }
        return switch (method) {
            case "GET" -> store.view(id).map(v -> Response.json(200, v)).orElseGet(() -> notFound(id));
            case "PUT" -> put(id, exchange, body, params, operationFault);
            case "DELETE" -> delete(id, exchange, params, operationFault);
            default -> error(405, "MethodNotAllowed", "The requested resource does not support http method '" + method + "'.");
        };
    }

    private Response list(String[] s, String path, Map<String, String> params) {
        List<JsonObject> items;
        if (s.length == 5) {
            items = store.listTopLevel(s[1], Optional.empty(), s[3] + "/" + s[4]);
        } else if (s.length == 7) {
            items = store.listTopLevel(s[1], Optional.of(s[3]), s[5] + "/" + s[6]);
        } else {
            ResourceId parent = ResourceId.parse(path.substring(0, path.lastIndexOf('/')));
            if (!ResourceStore.isKnownType(parent) || !store.exists(parent)) {
                return notFound(parent);
            }
            items = store.listChildren(parent, s[s.length - 1]);
        }
        int skip = 0;
        if (params.containsKey("$skiptoken")) {
            try {
                skip = Integer.parseInt(params.get("$skiptoken"));
            } catch (NumberFormatException e) {
                return error(400, "InvalidSkipToken", "The skip token is not valid.");
            }
        }
        JsonArray value = new JsonArray();
        items.stream().skip(skip).limit(pageSize).forEach(value::add);
        JsonObject page = new JsonObject();
        page.add("value", value);
        if (skip + pageSize < items.size()) {
            page.addProperty("nextLink", endpoint() + path + "?api-version=" + params.get("api-version")
                    + "&$skiptoken=" + (skip + pageSize));
        }
        return Response.json(200, page);
    }

    private Response put(ResourceId id, HttpExchange exchange, byte[] bytes, Map<String, String> params,
                         Optional<Fault> operationFault) {
        Fault.FailOperation failure = operationFault.filter(Fault.FailOperation.class::isInstance)
                .map(Fault.FailOperation.class::cast).orElse(null);
        JsonObject body;
        try {
            JsonElement parsed = StrictJson.parse(bytes);
            if (!parsed.isJsonObject()) {
                return error(400, "InvalidRequestFormat", "The request body must be a JSON object.");
            }
            body = parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            return error(400, "InvalidRequestFormat", "Cannot parse the request: " + e.getMessage());
        }
        Optional<Response> refused = checkPreconditions(id, exchange);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!ResourceStore.isNetwork(id)) {
            boolean created = store.put(id, body);
            return Response.json(created ? 201 : 200, store.view(id).orElseThrow());
        }
        boolean exists = store.exists(id);
        if (synchronousWrites && operationFault.isEmpty()) {
            store.put(id, body);
            return Response.json(exists ? 200 : 201, store.view(id).orElseThrow());
        }
        JsonObject answer;
        if (failure != null) {
            answer = body.deepCopy();
            answer.addProperty("id", id.toString());
        } else {
            store.put(id, body);
            answer = store.view(id).orElseThrow();
        }
        if (answer.has("properties") && answer.get("properties").isJsonObject()) {
            answer.getAsJsonObject("properties").addProperty("provisioningState", "Updating");
        }
        String op = startOperation(id, operationFault, false, params.get("api-version"));
        return Response.json(exists ? 200 : 201, answer)
                .header("Azure-AsyncOperation", operationUrl(id, "operations", op, params.get("api-version")))
                .header("Retry-After", "1");
    }

    private Response delete(ResourceId id, HttpExchange exchange, Map<String, String> params,
                            Optional<Fault> operationFault) {
        Fault.FailOperation failure = operationFault.filter(Fault.FailOperation.class::isInstance)
                .map(Fault.FailOperation.class::cast).orElse(null);
        Optional<Response> refused = checkPreconditions(id, exchange);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (!store.exists(id)) {
            return Response.empty(204);
        }
        if (!ResourceStore.isNetwork(id)) {
            store.delete(id);
            return Response.empty(200);
        }
        if (synchronousWrites && operationFault.isEmpty()) {
            store.delete(id);
            return Response.empty(200);
        }
        if (failure == null) {
            store.delete(id);
        }
        String op = startOperation(id, operationFault, true, params.get("api-version"));
        return Response.empty(202)
                .header("Azure-AsyncOperation", operationUrl(id, "operations", op, params.get("api-version")))
                .header("Location", operationUrl(id, "operationResults", op, params.get("api-version")))
                .header("Retry-After", "1");
    }

    private Optional<Response> checkPreconditions(ResourceId id, HttpExchange exchange) {
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        String ifNoneMatch = exchange.getRequestHeaders().getFirst("If-None-Match");
        Optional<String> current = store.etag(id);
        boolean exists = store.exists(id);
        if (ifMatch != null) {
            boolean ok = exists && (ifMatch.trim().equals("*") || current.map(e -> e.equals(ifMatch.trim())).orElse(false));
            if (!ok) {
                return Optional.of(preconditionFailed());
            }
        }
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*") && exists) {
            return Optional.of(preconditionFailed());
        }
        return Optional.empty();
    }

    private static Response preconditionFailed() {
        return error(412, "PreconditionFailed", "The condition specified using HTTP conditional header(s) is not met.");
    }

    private String startOperation(ResourceId id, Optional<Fault> operationFault, boolean isDelete, String apiVersion) {
        String op = UUID.randomUUID() + "-" + operationCounter.incrementAndGet();
        Fault.FailOperation failure = operationFault.filter(Fault.FailOperation.class::isInstance)
                .map(Fault.FailOperation.class::cast).orElse(null);
        int polls = operationFault.filter(Fault.LongOperation.class::isInstance)
                .map(f -> ((Fault.LongOperation) f).polls()).orElse(inProgressPolls);
        operations.put(op, new Operation(polls, failure != null,
                failure == null ? "" : failure.code(), failure == null ? "" : failure.message(),
                operationUrl(id, "operationResults", op, apiVersion), isDelete));
        return op;
    }

    private String operationUrl(ResourceId id, String kind, String op, String apiVersion) {
        return endpoint() + "/subscriptions/" + id.subscriptionId() + "/providers/Microsoft.Network/locations/"
                + store.location(id) + "/" + kind + "/" + op + "?api-version=" + apiVersion;
    }

    private Response operationStatus(String kind, String opId) {
        Operation op = operations.get(opId);
        if (op == null) {
            return error(404, "OperationNotFound", "The operation was not found.");
        }
        boolean inProgress;
        synchronized (op) {
            inProgress = op.pollsLeft > 0;
            if (inProgress) {
                op.pollsLeft--;
            }
        }
        if (kind.equalsIgnoreCase("operationResults")) {
            if (inProgress) {
                return Response.empty(202).header("Location", op.resultUrl).header("Retry-After", "1");
            }
            return op.fails ? error(400, op.code, op.message) : Response.empty(op.isDelete ? 204 : 200);
        }
        JsonObject status = new JsonObject();
        if (inProgress) {
            status.addProperty("status", "InProgress");
            return Response.json(200, status).header("Retry-After", "1");
        }
        status.addProperty("status", op.fails ? "Failed" : "Succeeded");
        if (op.fails) {
            JsonObject error = new JsonObject();
            error.addProperty("code", op.code);
            error.addProperty("message", op.message);
            status.add("error", error);
        }
        return Response.json(200, status);
    }

    // ---- Microsoft.MachineLearningServices managed network outbound rules -----------------------

    /**
     * {@code workspaces/{ws}/outboundRules[/{name}]} (api-version 2025-09-01 shapes: getRule,
     * listRule, deleteRule, createOrUpdateRule examples), served from the one source of truth, the
     * workspace's {@code managedNetwork.outboundRules} map, so the workspace GET and the rule
     * endpoints never disagree. Each rule answers an etag derived from its content (in the body and
     * the {@code ETag} header; the spec declares none, the guard uses one when ARM gives it), a
     * DELETE honours If-Match (412) and is long-running: 202 with {@code Location}, polled until
     * 204, as the deleteRule example answers.
     */
    private Optional<Response> outboundRules(String method, String[] s, Map<String, String> params, HttpExchange exchange,
                                             byte[] requestBody, Optional<Fault> operationFault) {
        if (s.length < 9 || s.length > 10 || !s[4].equalsIgnoreCase("providers")
                || !s[5].equalsIgnoreCase("Microsoft.MachineLearningServices") || !s[6].equalsIgnoreCase("workspaces")
                || !s[8].equalsIgnoreCase("outboundRules")) {
            return Optional.empty();
        }
        ResourceId ws = ResourceId.parse("/" + String.join("/", java.util.Arrays.copyOf(s, 8)));
        Optional<JsonObject> workspace = store.view(ws);
        if (workspace.isEmpty()) {
            return Optional.of(notFound(ws));
        }
        JsonObject rules = outboundRuleMap(workspace.get());
        if (s.length == 9) {
            if (!method.equals("GET")) {
                return Optional.of(error(405, "MethodNotAllowed", method + " on a list."));
            }
            JsonArray value = new JsonArray();
            rules.keySet().forEach(name -> value.add(outboundRuleDocument(ws, name, rules.getAsJsonObject(name))));
            JsonObject page = new JsonObject();
            page.add("value", value);
            return Optional.of(Response.json(200, page));
        }
        String name = rules.keySet().stream().filter(k -> k.equalsIgnoreCase(s[9])).findFirst().orElse(s[9]);
        ResourceId id = ws.child("outboundRules", name);
        Optional<String> etag = rules.has(name) ? Optional.of(outboundRuleEtag(rules.getAsJsonObject(name))) : Optional.empty();
        String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
        if (ifMatch != null && !(etag.isPresent() && (ifMatch.trim().equals("*") || ifMatch.trim().equals(etag.get())))) {
            return Optional.of(preconditionFailed());
        }
        switch (method) {
            case "GET" -> {
                return Optional.of(etag.isEmpty() ? notFound(id)
                        : Response.json(200, outboundRuleDocument(ws, name, rules.getAsJsonObject(name))).header("ETag", etag.get()));
            }
            case "PUT" -> {
                JsonObject body;
                try {
                    JsonElement parsed = StrictJson.parse(requestBody);
                    body = parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
                } catch (JsonInputException e) {
                    body = null;
                }
                if (body == null || !body.has("properties") || !body.get("properties").isJsonObject()) {
                    return Optional.of(error(400, "InvalidRequestFormat", "An outbound rule needs a properties object."));
                }
                JsonObject properties = body.getAsJsonObject("properties").deepCopy();
                store.edit(ws, w -> outboundRuleMap(w).add(name, properties));
                JsonObject stored = outboundRuleMap(store.view(ws).orElseThrow()).getAsJsonObject(name);
                return Optional.of(Response.json(200, outboundRuleDocument(ws, name, stored)).header("ETag", outboundRuleEtag(stored)));
            }
            case "DELETE" -> {
                if (etag.isEmpty()) {
                    return Optional.of(Response.empty(204));
                }
                store.edit(ws, w -> outboundRuleMap(w).remove(name));
                String op = UUID.randomUUID() + "-" + operationCounter.incrementAndGet();
                String url = endpoint() + "/subscriptions/" + id.subscriptionId()
                        + "/providers/Microsoft.MachineLearningServices/locations/" + store.location(ws)
                        + "/operationResults/" + op + "?api-version=" + params.get("api-version");
                int polls = operationFault.filter(Fault.LongOperation.class::isInstance)
                        .map(f -> ((Fault.LongOperation) f).polls()).orElse(inProgressPolls);
                operations.put(op, new Operation(polls, false, "", "", url, true));
                return Optional.of(Response.empty(202).header("Location", url).header("Retry-After", "1"));
            }
            default -> {
                return Optional.of(error(405, "MethodNotAllowed", "The requested resource does not support http method '"
                        + method + "'."));
            }
        }
    }

    /** The workspace's {@code properties.managedNetwork.outboundRules}, created empty when absent (a live object). */
    private static JsonObject outboundRuleMap(JsonObject workspace) {
        JsonObject properties = workspace.has("properties") && workspace.get("properties").isJsonObject()
                ? workspace.getAsJsonObject("properties") : new JsonObject();
        if (!properties.has("managedNetwork") || !properties.get("managedNetwork").isJsonObject()) {
            properties.add("managedNetwork", new JsonObject());
        }
        JsonObject network = properties.getAsJsonObject("managedNetwork");
        if (!network.has("outboundRules") || !network.get("outboundRules").isJsonObject()) {
            network.add("outboundRules", new JsonObject());
        }
        return network.getAsJsonObject("outboundRules");
    }

    /** An {@code OutboundRuleBasicResource}, with the {@code type} the spec's examples answer. */
    private static JsonObject outboundRuleDocument(ResourceId ws, String name, JsonObject rule) {
        JsonObject doc = new JsonObject();
        doc.addProperty("id", ws.child("outboundRules", name).toString());
        doc.addProperty("name", name);
        doc.addProperty("type", "workspace/outboundRules");
        doc.addProperty("etag", outboundRuleEtag(rule));
        doc.add("properties", rule.deepCopy());
        return doc;
    }

    private static String outboundRuleEtag(JsonObject rule) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(GSON.toJson(rule).getBytes(StandardCharsets.UTF_8));
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 8) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response notFound(ResourceId id) {
        boolean topLevel = !id.parent().map(ResourceId::isProviderResource).orElse(false);
        return topLevel
                ? error(404, "ResourceNotFound", "The Resource '" + id.type() + "/" + id.name()
                        + "' under resource group '" + id.resourceGroup().orElse("") + "' was not found.")
                : error(404, "NotFound", "Resource " + id + " not found.");
    }

    private static Response error(int status, String code, String message) {
        JsonObject inner = new JsonObject();
        inner.addProperty("code", code);
        inner.addProperty("message", message);
        JsonObject outer = new JsonObject();
        outer.add("error", inner);
        return Response.json(status, outer);
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        String requestId = UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-ms-request-id", requestId);
        exchange.getResponseHeaders().set("x-ms-correlation-request-id", requestId);
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        if (response.body().isPresent()) {
            byte[] bytes = GSON.toJson(response.body().get()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(response.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } else {
            exchange.sendResponseHeaders(response.status(), -1);
            exchange.close();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
