package com.dlpguard.arm.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.SelfCheckReads;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.snapshot.EstateBuilder;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The gateway on the resource-manager library's pipeline (credential, retries, If-Match, request
 * ids) and azure-core-management's long-running-operation poller.
 *
 * <p>Reads cost as few calls as ARM allows. A targeted scope reads each subnet, then in parallel
 * what it references (its SEPs, NSG, route table) together with the configured SEPs and NSGs and
 * the workspaces, each resource once: one subnet costs at most 5 GETs, and the workspace GET
 * (for its default storage account, which cannot change) is cached for the gateway's life. A
 * subscription scope lists each resource type (VNets carry their subnets, NSGs their rules, SEPs
 * their definitions, route tables their routes) and follows {@code nextLink}; it never GETs
 * resources one by one. Every read is ARM's own JSON, parsed once from the response bytes
 * ({@link ArmJson}, on the SDK's pipeline) and mapped to the model by {@link EstateBuilder}, the
 * same mapping the snapshot loader uses. Writes send the planner's ARM JSON ({@link ArmWrite}).
 *
 * <p>Failures: a resource ARM refuses to show (403) becomes a read failure of the estate (rules
 * answer unknown); a 404 is an absent resource. A scope where no subnet could be read, a list that
 * fails, or any read still failing transiently after azure-core's retries throws, transient when
 * retrying later may help: a partial estate from a brief outage would hide violations as unknown.
 */
public final class AzureArmGateway implements ArmGateway, SelfCheckReads, AutoCloseable {
    private final ArmClients clients;
    private final ArmJson json;
    private final MachineLearningReads ml;
    private final ArmWrite arm;
    private final NetworkWriter writer;
    private final MachineLearningWriter mlWriter;
    private final SelfCheckHttp selfCheck;
    private final ExecutorService readers;
    private final Map<ResourceId, JsonObject> workspaceCache = new ConcurrentHashMap<>();
    private final Consumer<String> progress;
    private volatile CompletableFuture<Void> warmUp = CompletableFuture.completedFuture(null);

    private AzureArmGateway(AzureArmSettings settings, TokenCredential credential, HttpClient httpClient,
                            Consumer<String> progress) {
        this.clients = new ArmClients(settings, credential, httpClient);
        this.json = new ArmJson(clients);
        this.ml = new MachineLearningReads(clients, settings.mlApiVersion());
        this.arm = new ArmWrite(clients);
        this.writer = new NetworkWriter(json, arm, settings.operationTimeout());
        this.mlWriter = new MachineLearningWriter(arm, ml, settings.mlApiVersion(), settings.operationTimeout());
        this.selfCheck = new SelfCheckHttp(json);
        this.progress = Objects.requireNonNull(progress, "progress");
        AtomicInteger threads = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(settings.readParallelism(), r -> {
            Thread t = new Thread(r, "dlp-guard-arm-read-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Production: the JVM's default trust store (a custom endpoint's CA comes in through {@code javax.net.ssl.trustStore}). */
    public static AzureArmGateway create(AzureArmSettings settings, TokenCredential credential) {
        return new AzureArmGateway(settings, credential, ArmClients.defaultHttpClient(settings), message -> { });
    }

    /** A gateway whose HTTPS trusts what {@code tls} trusts (tests: the emulator's certificate only). */
    public static AzureArmGateway create(AzureArmSettings settings, TokenCredential credential, SSLContext tls) {
        return new AzureArmGateway(settings, credential, ArmClients.httpClientTrusting(tls, settings), message -> { });
    }

    /** This gateway reporting read progress ("read 412 network security groups") to {@code progress}. */
    public static AzureArmGateway create(AzureArmSettings settings, TokenCredential credential,
                                         Optional<SSLContext> tls, Consumer<String> progress) {
        HttpClient client = tls.map(t -> ArmClients.httpClientTrusting(t, settings))
                .orElseGet(() -> ArmClients.defaultHttpClient(settings));
        return new AzureArmGateway(settings, credential, client, progress);
    }

    /**
     * Starts, on a daemon thread, what a cold instance's first read would otherwise wait for: the
     * token (credential chain, managed-identity endpoint) and the TLS handshake with ARM. It sends
     * one GET of ARM's public, unauthenticated metadata document ({@code /metadata/endpoints})
     * through the shared pipeline, so the pipeline's token cache and the HTTP client's connection
     * pool are filled while the event is still being parsed and the guard built. The answer is
     * read and dropped; nothing about the estate is read or judged from it, and a failure changes
     * nothing (the reads that follow fail loudly on their own). Returns at once.
     */
    public void warmUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        warmUp = done;
        Thread t = new Thread(() -> {
            try (HttpResponse response = clients.pipeline().sendSync(
                    new HttpRequest(HttpMethod.GET, clients.endpoint() + "/metadata/endpoints?api-version=2022-09-01"),
                    Context.NONE)) {
                BinaryData body = response.getBodyAsBinaryData();
                if (body != null) {
                    body.toBytes(); // drained, so the connection goes back to the pool for the first read
                }
            } catch (RuntimeException e) {
                // Only a head start was lost; the first read makes the same connection and token request.
            } finally {
                done.complete(null);
            }
            try {
                arm.preload();
            } catch (RuntimeException | LinkageError e) {
                // Only a head start was lost: the first write loads the same classes.
            }
        }, "dlp-guard-arm-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /**
     * The first reads wait (briefly) for a warm-up under way: they would otherwise each open a
     * connection with a full TLS handshake of their own at the same moment, while the warmed
     * connection and token are a few milliseconds from ready. A slow warm-up costs nothing extra:
     * the read would have waited for the same token and handshake.
     */
    private void awaitWarmUp() {
        CompletableFuture<Void> pending = warmUp;
        if (!pending.isDone()) {
            try {
                pending.get(WARM_UP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Read without it.
            }
        }
    }

    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(2);

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        Objects.requireNonNull(scope, "scope");
        awaitWarmUp();
        if (scope instanceof ReadScope.Targeted targeted) {
            return readTargeted(targeted);
        }
        if (scope instanceof ReadScope.Subscription subscription) {
            return readSubscription(subscription, new AtomicInteger());
        }
        throw new IllegalArgumentException("unknown read scope " + scope.getClass().getSimpleName());
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) throws ArmException {
        awaitWarmUp();
        if (write.target().isOfType(ResourceTypes.ML_OUTBOUND_RULE)) {
            return mlWriter.execute(write);
        }
        return writer.execute(write);
    }

    @Override
    public List<JsonObject> permissions(ResourceId scope) throws ArmException {
        return selfCheck.permissions(scope);
    }

    @Override
    public Optional<JsonObject> resource(ResourceId id, String apiVersion) throws ArmException {
        return selfCheck.resource(id, apiVersion);
    }

    @Override
    public List<JsonObject> list(String path, String apiVersion) throws ArmException {
        return selfCheck.list(path, apiVersion);
    }

    @Override
    public void close() {
        readers.shutdownNow();
    }

    // ---- targeted reads ------------------------------------------------------------------------

    private Estate readTargeted(ReadScope.Targeted scope) throws ArmException {
        Collected collected = new Collected();
        Fanout fanout = new Fanout();
        Set<ResourceId> requested = ConcurrentHashMap.newKeySet();
        Map<ResourceId, ArmFailure> subnetFailures = new ConcurrentHashMap<>();

        for (ResourceId subnetId : scope.subnets()) {
            requested.add(subnetId);
            fanout.submit(() -> {
                Optional<JsonObject> subnet = getOrRecord(subnetId, collected,
                        () -> json.get(subnetId.toString(), ArmJson.NETWORK_API_VERSION), subnetFailures);
                subnet.ifPresent(s -> {
                    collected.add(s, "ARM GET " + subnetId);
                    for (ResourceId referenced : scope.followReferences() ? references(s) : List.<ResourceId>of()) {
                        if (requested.add(referenced)) {
                            fanout.submit(() -> readReferenced(referenced, collected));
                        }
                    }
                });
            });
        }
        for (ResourceId id : concat(scope.serviceEndpointPolicies(), scope.networkSecurityGroups())) {
            if (requested.add(id)) {
                fanout.submit(() -> readReferenced(id, collected));
            }
        }
        for (ResourceId workspace : scope.managedWorkspaces()) {
            // Never from the workspace cache: the managed network is what DLP015-DLP017 judge.
            fanout.submit(() -> getOrRecord(workspace, collected, () -> ml.workspace(workspace).orElse(null), null)
                    .ifPresent(w -> collected.add(w, "ARM GET " + workspace)));
            fanout.submit(() -> readOutboundRules(workspace, collected));
        }
        for (ResourceId workspace : scope.workspaces()) {
            fanout.submit(() -> readWorkspace(workspace, collected));
            if (scope.environmentVersions()) {
                fanout.submit(() -> readEnvironmentVersions(workspace, collected, fanout));
            }
        }
        fanout.await();
        collected.throwIfTransient();

        if (!scope.subnets().isEmpty() && subnetFailures.size() == scope.subnets().size()) {
            ArmFailure first = subnetFailures.values().iterator().next();
            throw new ArmException("no protected subnet could be read: " + first.describe(),
                    subnetFailures.values().stream().anyMatch(ArmFailure::transientFailure), null);
        }
        return collected.build();
    }

    /** A resource a subnet references or the configuration names: SEP, NSG or route table. */
    private void readReferenced(ResourceId id, Collected collected) {
        if (id.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY) || id.isOfType(ResourceTypes.NETWORK_SECURITY_GROUP)
                || id.isOfType(ResourceTypes.ROUTE_TABLE)) {
            getOrRecord(id, collected, () -> json.get(id.toString(), ArmJson.NETWORK_API_VERSION), null)
                    .ifPresent(r -> collected.add(r, "ARM GET " + id));
        }
    }

    private void readWorkspace(ResourceId id, Collected collected) {
        JsonObject cached = workspaceCache.get(id);
        if (cached != null) {
            collected.add(cached.deepCopy(), "ARM GET " + id + " (cached)");
            return;
        }
        getOrRecord(id, collected, () -> ml.workspace(id).orElse(null), null).ifPresent(w -> {
            workspaceCache.put(id, w.deepCopy());
            collected.add(w, "ARM GET " + id);
        });
    }

    /**
     * The standalone outbound rules, next to the workspace GET's inline map: ARM shows a rule both
     * ways, and the guard judges the union, so a rule missing from one view is still seen. A list
     * ARM refuses makes the rules unknown (recorded on the collection), not absent.
     */
    private void readOutboundRules(ResourceId workspace, Collected collected) {
        try {
            for (JsonObject rule : ml.outboundRules(workspace)) {
                collected.add(rule, "ARM list " + workspace + "/outboundRules");
            }
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (!failure.isNotFound()) {
                collected.fail(workspace.child("outboundRules", "list"), failure, "the outbound rules could not be listed: ");
            }
        }
    }

    /** Environment containers, then each container's versions in parallel (DLP013). */
    private void readEnvironmentVersions(ResourceId workspace, Collected collected, Fanout fanout) {
        List<JsonObject> environments;
        try {
            environments = ml.environments(workspace);
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (!failure.isNotFound()) {
                collected.fail(workspace, failure, "its environments could not be listed: ");
            }
            return;
        }
        for (JsonObject environment : environments) {
            Optional<ResourceId> environmentId = idOf(environment);
            environmentId.ifPresent(env -> fanout.submit(() -> {
                try {
                    for (JsonObject version : ml.versions(env)) {
                        collected.add(version, "ARM list " + env + "/versions");
                    }
                } catch (RuntimeException e) {
                    collected.fail(env, ArmFailure.of(e), "");
                }
            }));
        }
    }

    /**
     * Runs one GET: the value, empty on 404 (the resource does not exist: rules judge its absence),
     * or empty with a read failure recorded (rules answer unknown).
     */
    private <T> Optional<T> getOrRecord(ResourceId id, Collected collected, Supplier<T> get,
                                        Map<ResourceId, ArmFailure> failures) {
        try {
            return Optional.ofNullable(get.get());
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (failure.isNotFound()) {
                return Optional.empty();
            }
            collected.fail(id, failure, "");
            if (failures != null) {
                failures.put(id, failure);
            }
            return Optional.empty();
        }
    }

    /**
     * What a subnet document references. A reference the guard cannot parse is not followed here;
     * {@code EstateBuilder} rejects the subnet itself for it, so the rules answer unknown rather than
     * judge a subnet whose policy or NSG went unread.
     */
    private static List<ResourceId> references(JsonObject subnet) {
        List<ResourceId> refs = new ArrayList<>();
        JsonElement properties = subnet.get("properties");
        if (properties == null || !properties.isJsonObject()) {
            return refs;
        }
        JsonObject props = properties.getAsJsonObject();
        JsonElement policies = props.get("serviceEndpointPolicies");
        if (policies != null && policies.isJsonArray()) {
            for (JsonElement p : policies.getAsJsonArray()) {
                if (p.isJsonObject()) {
                    idOf(p.getAsJsonObject()).ifPresent(refs::add);
                }
            }
        }
        for (String single : List.of("networkSecurityGroup", "routeTable")) {
            JsonElement ref = props.get(single);
            if (ref != null && ref.isJsonObject()) {
                idOf(ref.getAsJsonObject()).ifPresent(refs::add);
            }
        }
        return refs;
    }

    // ---- subscription reads ------------------------------------------------------------------

    @Override
    public Listing readListing(ReadScope.Subscription scope) throws ArmException {
        AtomicInteger pages = new AtomicInteger();
        Estate estate = readSubscription(scope, pages);
        return new Listing(estate, java.util.OptionalInt.of(pages.get()));
    }

    private Estate readSubscription(ReadScope.Subscription scope, AtomicInteger pages) throws ArmException {
        String subscription = scope.subscriptionId();
        Optional<String> group = scope.resourceGroup();
        Collected collected = new Collected();
        Fanout fanout = new Fanout();
        String scopePath = "/subscriptions/" + subscription + group.map(g -> "/resourceGroups/" + g).orElse("");
        String where = "ARM list in " + scopePath;
        Optional<ReadScope.Targeted> interest = scope.interest();

        fanout.submitListing("machine learning workspaces", () -> {
            for (JsonObject workspace : ml.workspaces(subscription, group)) {
                collected.add(workspace, where + " (workspaces)");
                idOf(workspace).ifPresent(id -> {
                    workspaceCache.putIfAbsent(id, workspace.deepCopy());
                    fanout.submit(() -> readEnvironmentVersions(id, collected, fanout));
                });
            }
        });
        // Each type's pages go straight from ARM's JSON to the collection (VNets carry their
        // subnets, NSGs their rules, SEPs their definitions, route tables their routes).
        if (interest.isEmpty()) {
            for (String[] type : NETWORK_LISTS) {
                fanout.submitListing(type[1], () -> pages.addAndGet(json.list(scopePath + "/providers/Microsoft.Network/"
                        + type[0], ArmJson.NETWORK_API_VERSION, r -> collected.add(r, where + " (" + type[1] + ")"))));
            }
        } else {
            // The VNets of the protected subnets first: what those subnets reference decides which
            // NSGs, SEPs and route tables are kept as the pages stream in, exactly as the GETs of
            // the targeted read would follow them; also kept: the configured ones, and those that
            // say they serve a protected subnet (ARM's back-reference: a protected subnet of
            // another resource group, which this group's listing never sees, may use them).
            ReadScope.Targeted wanted = interest.get();
            Set<ResourceId> vnets = new HashSet<>();
            wanted.subnets().forEach(s -> s.parent().ifPresent(vnets::add));
            Set<ResourceId> referenced = ConcurrentHashMap.newKeySet();
            referenced.addAll(wanted.serviceEndpointPolicies());
            referenced.addAll(wanted.networkSecurityGroups());
            Set<ResourceId> kept = ConcurrentHashMap.newKeySet();
            Fanout first = new Fanout();
            first.submitListing(NETWORK_LISTS[0][1], () -> pages.addAndGet(json.list(scopePath + "/providers/Microsoft.Network/"
                    + NETWORK_LISTS[0][0], ArmJson.NETWORK_API_VERSION, vnet -> {
                        Optional<ResourceId> id = idOf(vnet);
                        // An item without a usable id is kept: the builder then fails it loudly.
                        if (id.isEmpty() || vnets.contains(id.get())) {
                            collected.add(vnet, where + " (" + NETWORK_LISTS[0][1] + ")");
                            if (wanted.followReferences()) {
                                referenced.addAll(referencesOfSubnets(vnet, wanted.subnets()));
                            }
                        }
                    })));
            first.await();
            for (String[] type : List.of(NETWORK_LISTS).subList(1, NETWORK_LISTS.length)) {
                fanout.submitListing(type[1], () -> pages.addAndGet(json.list(scopePath + "/providers/Microsoft.Network/"
                        + type[0], ArmJson.NETWORK_API_VERSION, r -> {
                            Optional<ResourceId> id = idOf(r);
                            if (id.isEmpty() || referenced.contains(id.get()) || servesAny(r, wanted.subnets())) {
                                collected.add(r, where + " (" + type[1] + ")");
                                id.ifPresent(kept::add);
                            }
                        })));
            }
            fanout.await();
            // A reference of this scope the listing did not return (gone meanwhile, or listed
            // under another spelling) is read by GET, as the targeted read would have read it.
            for (ResourceId ref : referenced) {
                if (within(ref, subscription, group) && !kept.contains(ref)) {
                    fanout.submit(() -> readReferenced(ref, collected));
                }
            }
        }
        fanout.await();
        collected.throwIfTransient();
        progress.accept("read " + collected.size() + " resources");
        return collected.build();
    }

    private static final String[][] NETWORK_LISTS = {{"virtualNetworks", "virtual networks"},
            {"networkSecurityGroups", "network security groups"}, {"serviceEndpointPolicies", "service endpoint policies"},
            {"routeTables", "route tables"}};

    /** Whether {@code id} lies in the listed subscription (and resource group, when one was listed). */
    private static boolean within(ResourceId id, String subscription, Optional<String> group) {
        return id.subscriptionId().equalsIgnoreCase(subscription)
                && group.map(g -> id.resourceGroup().map(g::equalsIgnoreCase).orElse(false)).orElse(true);
    }

    /**
     * Whether the resource says it serves one of {@code subnets} ({@code properties.subnets}, which
     * ARM keeps and nobody can write): a protected subnet in another resource group may reference
     * an NSG, SEP or route table of this one, and that group's listing has not seen the subnet.
     */
    private static boolean servesAny(JsonObject resource, Set<ResourceId> subnets) {
        JsonElement properties = resource.get("properties");
        JsonElement served = properties != null && properties.isJsonObject() ? properties.getAsJsonObject().get("subnets") : null;
        if (served != null && served.isJsonArray()) {
            for (JsonElement subnet : served.getAsJsonArray()) {
                if (subnet.isJsonObject() && idOf(subnet.getAsJsonObject()).map(subnets::contains).orElse(false)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** What the listed VNet's subnets among {@code subnets} reference (their SEPs, NSG and route table). */
    private static List<ResourceId> referencesOfSubnets(JsonObject vnet, Set<ResourceId> subnets) {
        List<ResourceId> refs = new ArrayList<>();
        JsonElement properties = vnet.get("properties");
        JsonElement inline = properties != null && properties.isJsonObject() ? properties.getAsJsonObject().get("subnets") : null;
        if (inline != null && inline.isJsonArray()) {
            for (JsonElement subnet : inline.getAsJsonArray()) {
                if (subnet.isJsonObject() && idOf(subnet.getAsJsonObject()).map(subnets::contains).orElse(false)) {
                    refs.addAll(references(subnet.getAsJsonObject()));
                }
            }
        }
        return refs;
    }

    // ---- plumbing ----------------------------------------------------------------------------

    private static Optional<ResourceId> idOf(JsonObject resource) {
        return resource.has("id") && resource.get("id").isJsonPrimitive()
                ? ResourceId.tryParse(resource.get("id").getAsString()) : Optional.empty();
    }

    private static List<ResourceId> concat(Set<ResourceId> a, Set<ResourceId> b) {
        List<ResourceId> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** ARM JSON documents and read failures gathered by parallel reads, built into one estate at the end. */
    private static final class Collected {
        private record Document(JsonObject json, String where) {
        }

        private final Queue<Document> documents = new ConcurrentLinkedQueue<>();
        private final Map<ResourceId, String> failures = new ConcurrentHashMap<>();
        private final Map<ResourceId, ArmFailure> transientFailures = new ConcurrentHashMap<>();

        void add(JsonObject json, String where) {
            documents.add(new Document(json, where));
        }

        /**
         * A read that failed. Refused for good (403, a bad request) it becomes a read failure of
         * the estate; failing transiently after the retry policy gave up, it fails the whole read
         * (see {@link #throwIfTransient}).
         */
        void fail(ResourceId id, ArmFailure failure, String context) {
            if (failure.transientFailure()) {
                transientFailures.put(id, failure);
            } else {
                failures.put(id, context + failure.describe());
            }
        }

        /**
         * An estate missing a resource because ARM was briefly unavailable would turn violations
         * into "unknown" and skip their rollback; failing the read instead lets the trigger try
         * again (Event Grid redelivers, the CLI reports an error).
         */
        void throwIfTransient() throws ArmException {
            if (!transientFailures.isEmpty()) {
                Map.Entry<ResourceId, ArmFailure> first = transientFailures.entrySet().iterator().next();
                throw new ArmException("cannot read " + first.getKey() + " (retries exhausted): " + first.getValue().describe()
                        + (transientFailures.size() > 1 ? " and " + (transientFailures.size() - 1) + " more" : ""), true, null);
            }
        }

        int size() {
            return documents.size();
        }

        Estate build() {
            EstateBuilder builder = new EstateBuilder();
            // Each id parsed once (a listing of 5,000 subnets sorted by a comparator that parsed it
            // on every comparison spent a tenth of the sweep in ResourceId.parse).
            record Keyed(Document document, ResourceId id) {
            }
            List<Keyed> sorted = documents.stream()
                    .map(d -> new Keyed(d, idOf(d.json()).orElseThrow(() ->
                            new IllegalStateException("a live read produced a document without an id: " + d.where()))))
                    .sorted(Comparator.comparing((Keyed k) -> k.document().where()).thenComparing(k -> k.id().key()))
                    .toList();
            for (Keyed k : sorted) {
                Document d = k.document();
                ResourceId id = k.id();
                try {
                    // Each document is a tree parsed from one ARM answer and held only by this collection
                    // (the workspace cache keeps its own deep copy): handed over, not copied.
                    builder.addOwned(d.json(), d.where());
                } catch (SnapshotException e) {
                    // One resource ARM returned in a shape the guard cannot judge: unknown, not a failed read.
                    builder.addReadFailure(id, "unreadable ARM document: " + e.getMessage());
                }
            }
            failures.forEach(builder::addReadFailure);
            return builder.build();
        }
    }

    /** Parallel reads that may start further reads; {@link #await} returns when all are done. */
    private final class Fanout {
        private final Queue<Future<?>> pending = new ConcurrentLinkedQueue<>();

        void submit(Runnable task) {
            pending.add(readers.submit(task));
        }

        /** A list call whose failure fails the whole read: rules must not judge a subscription with a type missing. */
        void submitListing(String what, Runnable listing) {
            pending.add(readers.submit(() -> {
                try {
                    listing.run();
                    progress.accept("listed " + what);
                } catch (RuntimeException e) {
                    throw new ListingFailed(what, ArmFailure.of(e), e);
                }
            }));
        }

        void await() throws ArmException {
            Future<?> next;
            ArmException first = null;
            while ((next = pending.poll()) != null) {
                try {
                    next.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof ListingFailed l
                                ? new ArmException("cannot list " + l.what + ": " + l.failure.describe(),
                                        l.failure.transientFailure(), l.getCause())
                                : new ArmException("read failed: " + ArmFailure.of(e.getCause()).describe(),
                                        ArmFailure.of(e.getCause()).transientFailure(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ArmException("interrupted while reading ARM", true, e);
                }
            }
            if (first != null) {
                throw first;
            }
        }
    }

    private static final class ListingFailed extends RuntimeException {
        final String what;
        final transient ArmFailure failure;

        ListingFailed(String what, ArmFailure failure, Throwable cause) {
            super(what, cause, false, false);
            this.what = what;
            this.failure = failure;
        }
    }
}
