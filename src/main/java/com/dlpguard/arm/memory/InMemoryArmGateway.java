package com.dlpguard.arm.memory;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.snapshot.EstateBuilder;
import com.dlpguard.snapshot.SnapshotException;
import com.dlpguard.snapshot.SnapshotLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A stateful in-memory Azure Resource Manager for the CLI's replay, function tests and benchmarks.
 *
 * <p>Every resource and every child is addressable by id: children listed inline in their parent
 * (subnets, security rules, SEP definitions, routes) are stored on their own and rendered back
 * inline when the parent is read, so a child PUT is visible in the parent's next read, as in ARM.
 * Back-references ARM maintains itself ({@code properties.subnets} of NSGs, SEPs and route tables)
 * are recomputed from the subnets held here.
 *
 * <p>Writes follow Microsoft.Network's semantics (azure-notes.md): If-Match compared with the current
 * etag (for a child being created, its parent's: the family etag it will join); PUT replaces the properties; a parent PUT replaces its inline children; every write gives a
 * new etag {@code W/"<uuid>"} to the whole family (a resource, its parent and siblings share one etag
 * in Microsoft.Network, an inference from GET outputs). Thread-safe: one lock, since a test or
 * benchmark may drive it from several reconcile threads.
 */
public final class InMemoryArmGateway implements ArmGateway {

    /** Child collections ARM lists inline in the parent's {@code properties}, by parent type. */
    private static final Map<String, List<String>> INLINE = Map.of(
            ResourceTypes.VIRTUAL_NETWORK, List.of("subnets"),
            ResourceTypes.NETWORK_SECURITY_GROUP, List.of("securityRules", "defaultSecurityRules"),
            ResourceTypes.SERVICE_ENDPOINT_POLICY, List.of("serviceEndpointPolicyDefinitions"),
            ResourceTypes.ROUTE_TABLE, List.of("routes"));

    /** Types whose {@code properties.subnets} ARM fills from the subnets referencing them. */
    private static final Set<String> BACK_REFERENCED = Set.of(ResourceTypes.NETWORK_SECURITY_GROUP,
            ResourceTypes.SERVICE_ENDPOINT_POLICY, ResourceTypes.ROUTE_TABLE);

    private final Object lock = new Object();
    /** Every resource; parents stored without their inline children. Insertion order is listing order. */
    private final Map<ResourceId, JsonObject> resources = new LinkedHashMap<>();
    /** Inline children of each parent, in order. */
    private final Map<ResourceId, Set<ResourceId>> children = new HashMap<>();
    /** Which held subnets reference each NSG, SEP and route table (ARM's back-references), and the reverse. */
    private final Map<ResourceId, Set<ResourceId>> referencedBy = new HashMap<>();
    private final Map<ResourceId, List<ResourceId>> referencesOf = new HashMap<>();
    private final Map<ResourceId, String> deniedReads = new HashMap<>();
    private final List<ArmRequest> requests = new ArrayList<>();
    /**
     * Each read root (a resource with its children inline) as parsed by {@link EstateBuilder} the
     * last time it was read; dropped when it, a child of it, or a subnet its back-references
     * follow changes. A read of unchanged resources then costs no rendering and no parsing.
     */
    private final Map<ResourceId, Estate> parsed = new HashMap<>();
    private int readCount;

    public InMemoryArmGateway() {
    }

    /** Seeded from a snapshot file or folder (any format the snapshot loader reads). */
    public static InMemoryArmGateway fromSnapshot(Path fileOrFolder) throws SnapshotException {
        return fromResources(SnapshotLoader.resources(fileOrFolder));
    }

    /**
     * Seeded from ARM resource objects. Parents first, then standalone children, so a standalone
     * child replaces the inline copy whatever the order (the snapshot loader's rule).
     */
    public static InMemoryArmGateway fromResources(List<JsonObject> documents) throws SnapshotException {
        InMemoryArmGateway arm = new InMemoryArmGateway();
        EstateBuilder validation = new EstateBuilder();
        for (int i = 0; i < documents.size(); i++) {
            validation.add(documents.get(i), "resource[" + i + "]: $");
        }
        List<JsonObject> standaloneChildren = new ArrayList<>();
        synchronized (arm.lock) {
            for (JsonObject document : documents) {
                Optional<ResourceId> id = idOf(document);
                if (id.isEmpty()) {
                    continue; // unmodelled resources without a usable id (spec examples of computes)
                }
                if (inlineSegment(id.get()).isPresent()) {
                    standaloneChildren.add(document);
                } else {
                    arm.store(id.get(), document.deepCopy());
                }
            }
            for (JsonObject child : standaloneChildren) {
                arm.store(idOf(child).orElseThrow(), child.deepCopy());
            }
        }
        return arm;
    }

    // ---- ArmGateway ------------------------------------------------------------------------

    @Override
    public Estate read(ReadScope scope) throws ArmException {
        Objects.requireNonNull(scope, "scope");
        synchronized (lock) {
            readCount++;
            Set<ResourceId> roots = new LinkedHashSet<>();
            if (scope instanceof ReadScope.Targeted targeted) {
                for (ResourceId subnetId : targeted.subnets()) {
                    JsonObject subnet = resources.get(subnetId);
                    if (subnet == null) {
                        continue;
                    }
                    roots.add(subnetId);
                    properties(subnet).filter(p -> targeted.followReferences()).ifPresent(p -> {
                        reference(p, "networkSecurityGroup").ifPresent(roots::add);
                        reference(p, "routeTable").ifPresent(roots::add);
                        references(p, "serviceEndpointPolicies").forEach(roots::add);
                    });
                }
                roots.addAll(targeted.serviceEndpointPolicies());
                roots.addAll(targeted.networkSecurityGroups());
                for (ResourceId workspace : targeted.managedWorkspaces()) {
                    // The workspace (inline outbound rules) and its standalone outbound rules, as ARM's GET and list.
                    roots.add(workspace);
                    resources.keySet().stream()
                            .filter(id -> id.isOfType(ResourceTypes.ML_OUTBOUND_RULE) && id.isWithin(workspace))
                            .forEach(roots::add);
                }
                for (ResourceId workspace : targeted.workspaces()) {
                    roots.add(workspace);
                    if (targeted.environmentVersions()) {
                        resources.keySet().stream()
                                .filter(id -> id.isOfType(ResourceTypes.ML_ENVIRONMENT_VERSION) && id.isWithin(workspace))
                                .forEach(roots::add);
                    }
                }
            } else if (scope instanceof ReadScope.Subscription subscription) {
                ResourceId within = ResourceId.parse("/subscriptions/" + subscription.subscriptionId()
                        + subscription.resourceGroup().map(g -> "/resourceGroups/" + g).orElse(""));
                resources.keySet().stream().filter(id -> id.isWithin(within)).forEach(roots::add);
            } else {
                throw new IllegalArgumentException("unknown read scope " + scope);
            }
            return estateOf(roots);
        }
    }

    @Override
    public WriteOutcome execute(PlannedWrite write) {
        Objects.requireNonNull(write, "write");
        ArmRequest request = write.request();
        synchronized (lock) {
            requests.add(request);
            String requestId = UUID.randomUUID().toString();
            String path = request.url().contains("?") ? request.url().substring(0, request.url().indexOf('?')) : request.url();
            Optional<ResourceId> parsed = ResourceId.tryParse(path);
            if (parsed.isEmpty() || !parsed.get().isProviderResource()) {
                return outcome(write, WriteOutcome.Result.FAILED, "InvalidResourceId", "not a resource URL: " + path, requestId);
            }
            ResourceId id = parsed.get();
            JsonObject current = resources.get(id);
            // A child being created has no etag of its own; in Microsoft.Network it joins its parent's
            // family etag, so a plan guarding the creation sends the parent's etag.
            Optional<JsonObject> guard = Optional.ofNullable(current).or(() -> inlineSegment(id).flatMap(s -> id.parent())
                    .map(resources::get));
            Optional<String> currentEtag = guard.flatMap(r -> Json.string(r, "etag"));
            if (request.ifMatch().isPresent()) {
                String ifMatch = request.ifMatch().get();
                boolean matches = guard.isPresent() && (ifMatch.equals("*") && current != null
                        || currentEtag.map(ifMatch::equals).orElse(false));
                if (!matches) {
                    return outcome(write, WriteOutcome.Result.PRECONDITION_FAILED, "PreconditionFailed",
                            guard.isEmpty() ? "the resource does not exist" : "the current etag is " + currentEtag.orElse("absent"),
                            requestId);
                }
            }
            return switch (request.method()) {
                case "DELETE" -> delete(write, id, requestId);
                case "PUT", "PATCH" -> put(write, id, current, request, requestId);
                default -> outcome(write, WriteOutcome.Result.FAILED, "MethodNotAllowed", request.method(), requestId);
            };
        }
    }

    // ---- inspection and outside changes, for tests and the CLI's replay ----------------------

    /** The resource as a GET would return it (children inline), a copy. */
    public Optional<JsonObject> resource(ResourceId id) {
        synchronized (lock) {
            return resources.containsKey(id) ? Optional.of(render(id)) : Optional.empty();
        }
    }

    public Optional<String> etag(ResourceId id) {
        synchronized (lock) {
            return Optional.ofNullable(resources.get(id)).flatMap(r -> Json.string(r, "etag"));
        }
    }

    /** Someone else's PUT of a whole resource (drift): stored like a seed, the family gets a new etag. */
    public void putExternally(JsonObject resource) throws SnapshotException {
        new EstateBuilder().add(resource, "external PUT: $");
        ResourceId id = idOf(resource).orElseThrow(() -> new SnapshotException("external PUT: $.id: missing or invalid"));
        synchronized (lock) {
            store(id, resource.deepCopy());
            newEtag(id);
        }
    }

    /** Someone else's DELETE (drift). */
    public void deleteExternally(ResourceId id) {
        synchronized (lock) {
            remove(id);
            id.parent().filter(resources::containsKey).ifPresent(this::newEtag);
        }
    }

    /** Reads of {@code id} fail from now on (a 403 on one resource): it shows up in {@link Estate#readFailures()}. */
    public void denyReads(ResourceId id, String reason) {
        synchronized (lock) {
            deniedReads.put(id, reason);
        }
    }

    public int readCount() {
        synchronized (lock) {
            return readCount;
        }
    }

    /** Every execute() call, whatever its outcome. */
    public int writeCount() {
        synchronized (lock) {
            return requests.size();
        }
    }

    public List<ArmRequest> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    // ---- reading -----------------------------------------------------------------------------

    private Estate estateOf(Set<ResourceId> wanted) throws ArmException {
        // A child is read through its parent when the parent is held, as ARM lists it inline.
        Set<ResourceId> roots = new LinkedHashSet<>();
        for (ResourceId id : wanted) {
            Optional<ResourceId> parent = inlineSegment(id).flatMap(s -> id.parent()).filter(resources::containsKey);
            roots.add(parent.orElse(id));
        }
        if (roots.stream().anyMatch(r -> roots.stream().anyMatch(o -> !o.equals(r) && r.isWithin(o)))) {
            // A standalone child read beside its parent (a workspace's outbound rules): the builder
            // merges them, so they are parsed together, as one document set, and not kept.
            return parsedTogether(roots);
        }
        List<Estate> parts = new ArrayList<>();
        Map<ResourceId, String> failures = new LinkedHashMap<>();
        for (ResourceId id : roots) {
            if (deniedReads.containsKey(id)) {
                failures.put(id, deniedReads.get(id));
                continue;
            }
            if (!resources.containsKey(id)) {
                continue;
            }
            Estate part = parsed.get(id);
            if (part == null) {
                try {
                    EstateBuilder builder = new EstateBuilder();
                    // render() is a deep copy of the held state: handed over, later writes do not reach it.
                    builder.addOwned(render(id), "in-memory ARM " + id + ": $");
                    part = builder.build();
                } catch (SnapshotException e) {
                    throw new ArmException("in-memory ARM holds an unreadable resource: " + e.getMessage(), false, e);
                }
                parsed.put(id, part);
            }
            parts.add(part);
        }
        if (parts.size() == 1 && failures.isEmpty()) {
            return parts.get(0);
        }
        // Roots are disjoint (a child is read through its held parent): their union is the estate.
        List<com.dlpguard.model.VirtualNetwork> vnets = new ArrayList<>();
        List<com.dlpguard.model.Subnet> subnets = new ArrayList<>();
        List<com.dlpguard.model.NetworkSecurityGroup> nsgs = new ArrayList<>();
        List<com.dlpguard.model.ServiceEndpointPolicy> seps = new ArrayList<>();
        List<com.dlpguard.model.RouteTable> tables = new ArrayList<>();
        List<com.dlpguard.model.MlWorkspace> workspaces = new ArrayList<>();
        List<com.dlpguard.model.EnvironmentVersion> versions = new ArrayList<>();
        for (Estate part : parts) {
            vnets.addAll(part.virtualNetworks().values());
            subnets.addAll(part.subnets().values());
            nsgs.addAll(part.networkSecurityGroups().values());
            seps.addAll(part.serviceEndpointPolicies().values());
            tables.addAll(part.routeTables().values());
            workspaces.addAll(part.workspaces().values());
            versions.addAll(part.environmentVersions().values());
            failures.putAll(part.readFailures());
        }
        return Estate.of(vnets, subnets, nsgs, seps, tables, workspaces, versions, failures);
    }

    private Estate parsedTogether(Set<ResourceId> roots) throws ArmException {
        EstateBuilder builder = new EstateBuilder();
        for (ResourceId id : roots) {
            if (deniedReads.containsKey(id)) {
                builder.addReadFailure(id, deniedReads.get(id));
                continue;
            }
            if (!resources.containsKey(id)) {
                continue;
            }
            try {
                builder.addOwned(render(id), "in-memory ARM " + id + ": $");
            } catch (SnapshotException e) {
                throw new ArmException("in-memory ARM holds an unreadable resource: " + e.getMessage(), false, e);
            }
        }
        return builder.build();
    }

    /**
     * Forgets the parsed copies {@code id}'s change makes stale: its read root, and, when subnets
     * change, every NSG, SEP and route table (their {@code subnets} back-references are recomputed).
     */
    private void changed(ResourceId id) {
        ResourceId root = inlineSegment(id).flatMap(s -> id.parent()).orElse(id);
        parsed.remove(id);
        parsed.remove(root);
        if (id.isOfType(ResourceTypes.SUBNET) || id.isOfType(ResourceTypes.VIRTUAL_NETWORK)) {
            parsed.keySet().removeIf(k -> BACK_REFERENCED.contains(k.type().toLowerCase(Locale.ROOT)));
        }
    }

    /** The stored resource with its children inline and ARM's back-references recomputed. */
    private JsonObject render(ResourceId id) {
        JsonObject out = resources.get(id).deepCopy();
        String type = id.type().toLowerCase(Locale.ROOT);
        List<String> segments = INLINE.getOrDefault(type, List.of());
        boolean backReferenced = BACK_REFERENCED.contains(type);
        if (segments.isEmpty() && !backReferenced) {
            return out;
        }
        JsonObject props = properties(out).orElseGet(() -> {
            JsonObject p = new JsonObject();
            out.add("properties", p);
            return p;
        });
        for (String segment : segments) {
            JsonArray list = new JsonArray();
            for (ResourceId child : children.getOrDefault(id, Set.of())) {
                if (lastTypeSegment(child).equalsIgnoreCase(segment)) {
                    list.add(resources.get(child).deepCopy());
                }
            }
            props.add(segment, list);
        }
        if (backReferenced) {
            // Subnets listed before that are not held here (another subscription) stay; held ones are recomputed.
            Set<ResourceId> ids = new LinkedHashSet<>();
            references(props, "subnets").stream().filter(s -> !resources.containsKey(s)).forEach(ids::add);
            ids.addAll(referencedBy.getOrDefault(id, Set.of()));
            JsonArray array = new JsonArray();
            for (ResourceId subnet : ids) {
                JsonObject ref = new JsonObject();
                ref.addProperty("id", subnet.toString());
                array.add(ref);
            }
            props.add("subnets", array);
        }
        return out;
    }

    /** Keeps {@link #referencedBy} in step with a subnet stored (or removed, {@code subnet} null). */
    private void indexSubnet(ResourceId id, JsonObject subnet) {
        for (ResourceId target : referencesOf.getOrDefault(id, List.of())) {
            Set<ResourceId> subnets = referencedBy.get(target);
            if (subnets != null) {
                subnets.remove(id);
            }
        }
        referencesOf.remove(id);
        if (subnet == null) {
            return;
        }
        Optional<JsonObject> props = properties(subnet);
        if (props.isEmpty()) {
            return;
        }
        List<ResourceId> targets = new ArrayList<>(references(props.get(), "serviceEndpointPolicies"));
        reference(props.get(), "networkSecurityGroup").ifPresent(targets::add);
        reference(props.get(), "routeTable").ifPresent(targets::add);
        referencesOf.put(id, targets);
        for (ResourceId target : targets) {
            referencedBy.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(id);
        }
    }

    // ---- writing -----------------------------------------------------------------------------

    private WriteOutcome put(PlannedWrite write, ResourceId id, JsonObject current, ArmRequest request, String requestId) {
        if (request.body().isEmpty()) {
            return outcome(write, WriteOutcome.Result.FAILED, "InvalidRequestContent", "a PUT needs a body", requestId);
        }
        JsonElement parsed;
        try {
            parsed = StrictJson.parse(request.body().get());
        } catch (JsonInputException e) {
            return outcome(write, WriteOutcome.Result.FAILED, "InvalidRequestContent", e.getMessage(), requestId);
        }
        if (!parsed.isJsonObject()) {
            return outcome(write, WriteOutcome.Result.FAILED, "InvalidRequestContent", "the body is not an object", requestId);
        }
        JsonObject body = parsed.getAsJsonObject();
        Optional<ResourceId> parent = inlineSegment(id).flatMap(s -> id.parent());
        if (current == null && parent.isPresent() && !resources.containsKey(parent.get())) {
            return outcome(write, WriteOutcome.Result.FAILED, "ParentResourceNotFound", "no " + parent.get(), requestId);
        }
        JsonObject next = current == null ? new JsonObject() : render(id);
        if (current != null && request.method().equals("PATCH")) {
            JsonObject props = properties(next).orElse(null);
            for (Map.Entry<String, JsonElement> e : body.entrySet()) {
                if (e.getKey().equals("properties") && e.getValue().isJsonObject() && props != null) {
                    e.getValue().getAsJsonObject().entrySet().forEach(p -> props.add(p.getKey(), p.getValue().deepCopy()));
                } else {
                    next.add(e.getKey(), e.getValue().deepCopy());
                }
            }
        } else {
            // PUT replaces the properties: what the body leaves out is gone (a subnet PUT without
            // networkSecurityGroup detaches the NSG; an NSG PUT without securityRules drops them).
            next.remove("properties");
            for (Map.Entry<String, JsonElement> e : body.entrySet()) {
                next.add(e.getKey(), e.getValue().deepCopy());
            }
        }
        if (current != null && id.isOfType(ResourceTypes.NETWORK_SECURITY_GROUP)) {
            // Default rules are Azure's, read-only: an NSG PUT cannot drop them.
            JsonObject props = properties(next).orElseGet(() -> {
                JsonObject p = new JsonObject();
                next.add("properties", p);
                return p;
            });
            if (!props.has("defaultSecurityRules")) {
                properties(render(id)).map(p -> p.get("defaultSecurityRules")).ifPresent(d -> props.add("defaultSecurityRules", d));
            }
        }
        next.addProperty("id", id.toString());
        next.addProperty("name", id.name());
        if (!next.has("type") && !inlineSegment(id).isPresent()) {
            next.addProperty("type", id.type());
        }
        try {
            new EstateBuilder().add(next, request.method() + " " + id + ": $");
        } catch (SnapshotException e) {
            return outcome(write, WriteOutcome.Result.FAILED, "InvalidRequestContent", e.getMessage(), requestId);
        }
        store(id, next);
        newEtag(id);
        return outcome(write, WriteOutcome.Result.APPLIED, null, "PUT " + id, requestId);
    }

    private WriteOutcome delete(PlannedWrite write, ResourceId id, String requestId) {
        boolean existed = resources.containsKey(id) | removeInlineOutboundRule(id);
        remove(id);
        id.parent().filter(resources::containsKey).ifPresent(this::newEtag);
        // ARM answers 204 for a resource already gone: the delete is idempotent.
        return outcome(write, WriteOutcome.Result.APPLIED, null, existed ? "DELETE " + id : "already absent: " + id, requestId);
    }

    /**
     * An outbound rule is one resource whether ARM shows it in the workspace's
     * {@code managedNetwork.outboundRules} map or as a {@code workspaces/outboundRules} child:
     * deleting the child removes it from the map too. True when it was in the map.
     */
    private boolean removeInlineOutboundRule(ResourceId id) {
        if (!id.isOfType(ResourceTypes.ML_OUTBOUND_RULE)) {
            return false;
        }
        JsonObject workspace = id.parent().map(resources::get).orElse(null);
        JsonObject rules = workspace == null ? null : properties(workspace)
                .map(p -> p.get("managedNetwork")).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                .map(m -> m.get("outboundRules")).filter(JsonElement::isJsonObject).map(JsonElement::getAsJsonObject)
                .orElse(null);
        if (rules == null) {
            return false;
        }
        String key = rules.keySet().stream().filter(k -> k.equalsIgnoreCase(id.name())).findFirst().orElse(null);
        return key != null && rules.remove(key) != null;
    }

    private static WriteOutcome outcome(PlannedWrite write, WriteOutcome.Result result, String errorCode, String detail,
                                        String requestId) {
        return new WriteOutcome(write, result, Optional.ofNullable(errorCode), detail, Optional.of(requestId));
    }

    // ---- the store -----------------------------------------------------------------------------

    /** Stores a resource; a parent's inline children become resources of their own (replacing the previous ones). */
    private void store(ResourceId id, JsonObject resource) {
        changed(id);
        String type = id.type().toLowerCase(Locale.ROOT);
        List<String> segments = INLINE.getOrDefault(type, List.of());
        JsonObject props = properties(resource).orElse(null);
        if (!segments.isEmpty()) {
            for (ResourceId old : List.copyOf(children.getOrDefault(id, Set.of()))) {
                resources.remove(old);
                indexSubnet(old, null);
            }
            children.remove(id);
        }
        List<Map.Entry<ResourceId, JsonObject>> inline = new ArrayList<>();
        for (String segment : segments) {
            if (props == null || !props.has(segment) || !props.get(segment).isJsonArray()) {
                if (props != null) {
                    props.remove(segment);
                }
                continue;
            }
            for (JsonElement e : props.getAsJsonArray(segment)) {
                JsonObject child = e.getAsJsonObject().deepCopy();
                // The snapshot loader's rule (it validated this document): the declared id when it
                // names a child of this parent, else the name.
                ResourceId childId = Json.string(child, "id").flatMap(ResourceId::tryParse)
                        .filter(c -> c.parent().map(id::equals).orElse(false) && lastTypeSegment(c).equalsIgnoreCase(segment))
                        .orElseGet(() -> id.child(segment, Json.string(child, "name").orElseThrow()));
                String name = childId.name();
                // Position in the parent is authoritative (the REST spec's SEP example lists
                // definitions under another policy's id).
                child.addProperty("id", childId.toString());
                child.addProperty("name", name);
                inline.add(Map.entry(childId, child));
            }
            props.remove(segment);
        }
        if (props != null && BACK_REFERENCED.contains(type)) {
            // Kept for subnets not held here; recomputed on read for the others.
            JsonArray subnets = props.has("subnets") && props.get("subnets").isJsonArray() ? props.getAsJsonArray("subnets") : new JsonArray();
            props.add("subnets", subnets);
        }
        resources.put(id, resource);
        if (id.isOfType(ResourceTypes.SUBNET)) {
            indexSubnet(id, resource);
        }
        for (Map.Entry<ResourceId, JsonObject> child : inline) {
            resources.put(child.getKey(), child.getValue());
            if (child.getKey().isOfType(ResourceTypes.SUBNET)) {
                indexSubnet(child.getKey(), child.getValue());
            }
            children.computeIfAbsent(id, k -> new LinkedHashSet<>()).add(child.getKey());
        }
        inlineSegment(id).flatMap(s -> id.parent()).ifPresent(parent ->
                children.computeIfAbsent(parent, k -> new LinkedHashSet<>()).add(id));
    }

    private void remove(ResourceId id) {
        changed(id);
        resources.remove(id);
        indexSubnet(id, null);
        Set<ResourceId> kids = children.remove(id);
        if (kids != null) {
            for (ResourceId kid : kids) {
                resources.remove(kid);
                indexSubnet(kid, null);
            }
        }
        id.parent().map(children::get).ifPresent(siblings -> siblings.remove(id));
    }

    /** A new etag for the resource's family: in Microsoft.Network a parent and its children share one. */
    private void newEtag(ResourceId id) {
        String etag = "W/\"" + UUID.randomUUID() + "\"";
        ResourceId top = inlineSegment(id).flatMap(s -> id.parent()).filter(resources::containsKey).orElse(id);
        boolean network = top.type().toLowerCase(Locale.ROOT).startsWith("microsoft.network/");
        Set<ResourceId> family = new LinkedHashSet<>();
        family.add(top);
        family.add(id);
        if (network) {
            family.addAll(children.getOrDefault(top, Set.of()));
        }
        for (ResourceId member : family) {
            changed(member);
            JsonObject r = resources.get(member);
            if (r != null) {
                r.addProperty("etag", etag);
            }
        }
    }

    // ---- JSON helpers ----------------------------------------------------------------------

    private static Optional<ResourceId> idOf(JsonObject resource) {
        return Json.string(resource, "id").flatMap(ResourceId::tryParse).filter(ResourceId::isProviderResource);
    }

    /** The inline collection this id belongs to in its parent ({@code securityRules}...), if any. */
    private static Optional<String> inlineSegment(ResourceId id) {
        Optional<ResourceId> parent = id.parent().filter(ResourceId::isProviderResource);
        if (parent.isEmpty()) {
            return Optional.empty();
        }
        String last = lastTypeSegment(id);
        return INLINE.getOrDefault(parent.get().type().toLowerCase(Locale.ROOT), List.of()).stream()
                .filter(last::equalsIgnoreCase).findFirst();
    }

    private static String lastTypeSegment(ResourceId id) {
        String type = id.type();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    private static Optional<JsonObject> properties(JsonObject resource) {
        return Json.object(resource, "properties");
    }

    private static Optional<ResourceId> reference(JsonObject props, String key) {
        return Json.object(props, key).flatMap(r -> Json.string(r, "id")).flatMap(ResourceId::tryParse);
    }

    private static List<ResourceId> references(JsonObject props, String key) {
        List<ResourceId> out = new ArrayList<>();
        JsonElement e = props.get(key);
        if (e != null && e.isJsonArray()) {
            for (JsonElement item : e.getAsJsonArray()) {
                if (item.isJsonObject()) {
                    Json.string(item.getAsJsonObject(), "id").flatMap(ResourceId::tryParse).ifPresent(out::add);
                }
            }
        }
        return out;
    }
}
