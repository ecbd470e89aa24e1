package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.network.fluent.NetworkManagementClient;
import com.azure.resourcemanager.network.fluent.models.NetworkSecurityGroupInner;
import com.azure.resourcemanager.network.fluent.models.RouteInner;
import com.azure.resourcemanager.network.fluent.models.SecurityRuleInner;
import com.azure.resourcemanager.network.fluent.models.ServiceEndpointPolicyDefinitionInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Executes one planned write the way rule book 2.2 asks: re-read the target (its parent for a
 * create) just before writing, refuse without writing when its etag is no longer the plan's
 * If-Match, send the write with {@code If-Match} (a create with {@code If-None-Match: *}, so a
 * child someone else created meanwhile is never overwritten), wait for the long-running operation,
 * and report ARM's verdict. Only the child writes the guard plans are accepted: a subnet PUT, a SEP
 * definition PUT/DELETE (DLP005), a security rule PUT/DELETE (DLP009) and a route PUT/DELETE (DLP014).
 *
 * <p>The network inner clients take no If-Match parameter; azure-core's
 * {@link AddHeadersFromContextPolicy} (in every resource-manager pipeline) adds the headers found
 * in the call's {@link Context}.
 */
final class NetworkWriter {
    private final ArmClients clients;
    private final Duration operationTimeout;

    NetworkWriter(ArmClients clients, Duration operationTimeout) {
        this.clients = clients;
        this.operationTimeout = operationTimeout;
    }

    /** How one kind of child resource is read and written through its inner client. */
    private interface ChildKind {
        /** The target's current etag; empty when it does not exist. */
        Optional<String> targetEtag(NetworkManagementClient c, ResourceId id);

        /** The parent's current etag; empty when it does not exist. */
        Optional<String> parentEtag(NetworkManagementClient c, ResourceId parent);

        SyncPoller<?, ?> put(NetworkManagementClient c, ResourceId id, String body, Context context);

        /**
         * Rule book 2.2: the guard deletes security rules (DLP009), SEP definitions holding only
         * unapproved entries (DLP005) and routes sending public space to an appliance (DLP014);
         * never subnets or whole resources.
         */
        default boolean deletable() {
            return false;
        }

        default SyncPoller<?, ?> delete(NetworkManagementClient c, ResourceId id, Context context) {
            throw new UnsupportedOperationException(id.type() + " is never deleted by the guard");
        }

        /** Why a create would collide with the parent as it is now (an NSG rule's priority); empty when it would not. */
        default Optional<String> createConflict(NetworkManagementClient c, ResourceId id, String body) {
            return Optional.empty();
        }
    }

    WriteOutcome execute(PlannedWrite write) throws ArmException {
        Objects.requireNonNull(write, "write");
        ResourceId target = write.target();
        ArmRequest request = write.request();
        Optional<ChildKind> kind = kindOf(target);
        if (kind.isEmpty()) {
            return refused(write, "UnsupportedWrite", "the guard only writes subnets, SEP definitions, security rules and routes, not "
                    + target.type());
        }
        String path = request.url().contains("?") ? request.url().substring(0, request.url().indexOf('?')) : request.url();
        if (!ResourceId.tryParse(path).map(target::equals).orElse(false)) {
            return refused(write, "PlanMismatch", "the request URL " + path + " does not address the target " + target);
        }
        boolean isDelete = request.method().equals("DELETE");
        if (!isDelete && !request.method().equals("PUT")) {
            return refused(write, "UnsupportedWrite", request.method() + " is not a write the guard makes");
        }
        if (isDelete && !kind.get().deletable()) {
            return refused(write, "UnsupportedWrite", "the rule book deletes security rules, SEP definitions and routes only,"
                    + " not " + target.type());
        }
        if (!isDelete && !isJsonObject(request.body())) {
            return refused(write, "PlanMismatch", "a PUT needs a JSON object body");
        }
        NetworkManagementClient client = clients.network(target.subscriptionId());
        ChildKind k = kind.get();

        HttpHeaders conditions = new HttpHeaders();
        try {
            Optional<String> current = k.targetEtag(client, target);
            if (current.isPresent()) {
                if (request.ifMatch().isEmpty()) {
                    return stale(write, target.name() + " was created since the plan was made");
                }
                if (!request.ifMatch().get().equals(current.get())) {
                    return stale(write, "etag of " + target.name() + " is " + current.get() + ", the plan was made at "
                            + request.ifMatch().get());
                }
                conditions.set(HttpHeaderName.IF_MATCH, current.get());
            } else {
                if (isDelete) {
                    return stale(write, target.name() + " no longer exists");
                }
                ResourceId parent = target.parent().orElseThrow();
                Optional<String> parentEtag = k.parentEtag(client, parent);
                if (parentEtag.isEmpty()) {
                    return stale(write, "its parent " + parent.name() + " no longer exists");
                }
                // The planner may pin a create to the parent's etag (a family shares one in Microsoft.Network).
                if (request.ifMatch().isPresent() && !request.ifMatch().get().equals(parentEtag.get())) {
                    return stale(write, "etag of " + parent.name() + " is " + parentEtag.get() + ", the plan was made at "
                            + request.ifMatch().get());
                }
                Optional<String> conflict = k.createConflict(client, target, request.body().orElseThrow());
                if (conflict.isPresent()) {
                    return stale(write, conflict.get());
                }
                conditions.set(HttpHeaderName.IF_NONE_MATCH, "*");
            }
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (failure.transientFailure()) {
                throw new ArmException("cannot re-read " + target + " before writing: " + failure.describe(), true, e);
            }
            return failed(write, failure, Optional.empty(), "re-read before writing failed");
        }

        AtomicReference<String> requestId = new AtomicReference<>();
        Context context = new Context(AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY, conditions)
                .addData(RequestIdRecorder.KEY, requestId);
        try {
            SyncPoller<?, ?> poller = isDelete
                    ? k.delete(client, target, context)
                    : k.put(client, target, request.body().orElseThrow(), context);
            PollResponse<?> last = poller.waitForCompletion(operationTimeout);
            LongRunningOperationStatus status = last.getStatus();
            if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                return new WriteOutcome(write, WriteOutcome.Result.APPLIED, Optional.empty(),
                        request.method() + " " + target + " succeeded", Optional.ofNullable(requestId.get()));
            }
            if (status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED) {
                return failed(write, operationFailure(last), Optional.ofNullable(requestId.get()), "the operation ended " + status);
            }
            throw new ArmException("the operation on " + target + " did not finish within " + operationTimeout
                    + "; the next reconcile re-reads it", true, null);
        } catch (IllegalArgumentException e) {
            return refused(write, "PlanMismatch", "the planned body is not a valid " + target.type() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (hasCause(e, TimeoutException.class)) {
                // The poller gave up, not ARM: the operation may still complete; never reported as applied.
                throw new ArmException("the operation on " + target + " did not finish within " + operationTimeout
                        + "; the next reconcile re-reads it", true, e);
            }
            ArmFailure failure = ArmFailure.of(e);
            Optional<String> id = Optional.ofNullable(requestId.get());
            if (failure.status() == 412) {
                return new WriteOutcome(write, WriteOutcome.Result.PRECONDITION_FAILED, failure.code(),
                        "ARM refused the write: " + target.name() + " changed since it was re-read (412)", id);
            }
            if (failure.transientFailure()) {
                throw new ArmException("writing " + target + " failed after retries: " + failure.describe(), true, e);
            }
            return failed(write, failure, id, "ARM refused the write");
        }
    }

    private static boolean isJsonObject(Optional<String> body) {
        try {
            return body.isPresent() && StrictJson.parse(body.get()).isJsonObject();
        } catch (JsonInputException e) {
            return false;
        }
    }

    static boolean hasCause(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** A failed long-running operation's error ({@code {"status":"Failed","error":{...}}}). */
    static ArmFailure operationFailure(PollResponse<?> last) {
        Object value = last.getValue();
        if (value instanceof PollResult<?> result && result.getError() != null) {
            PollResult.Error error = result.getError();
            Optional<String> code = OperationError.code(error.getResponseBody());
            String message = OperationError.message(error.getResponseBody()).orElse(error.getMessage());
            return new ArmFailure(0, code, message, false);
        }
        return new ArmFailure(0, Optional.empty(), "the long-running operation ended " + last.getStatus(), false);
    }

    static WriteOutcome stale(PlannedWrite write, String why) {
        return new WriteOutcome(write, WriteOutcome.Result.PRECONDITION_FAILED, Optional.empty(),
                "not sent: " + why + "; re-evaluate from a fresh read", Optional.empty());
    }

    static WriteOutcome refused(PlannedWrite write, String code, String why) {
        return new WriteOutcome(write, WriteOutcome.Result.FAILED, Optional.of(code), "not sent: " + why, Optional.empty());
    }

    static WriteOutcome failed(PlannedWrite write, ArmFailure failure, Optional<String> requestId, String what) {
        return new WriteOutcome(write, WriteOutcome.Result.FAILED, failure.code(), what + ": " + failure.describe(), requestId);
    }

    // ---- the four child kinds ----------------------------------------------------------------

    private static Optional<ChildKind> kindOf(ResourceId target) {
        if (target.isOfType(ResourceTypes.SUBNET)) {
            return Optional.of(SUBNETS);
        }
        if (target.isOfType(ResourceTypes.SECURITY_RULE)) {
            return Optional.of(SECURITY_RULES);
        }
        if (target.isOfType(ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION)) {
            return Optional.of(SEP_DEFINITIONS);
        }
        if (target.isOfType(ResourceTypes.ROUTE)) {
            return Optional.of(ROUTES);
        }
        return Optional.empty();
    }

    private static String group(ResourceId id) {
        return id.resourceGroup().orElseThrow();
    }

    private static String parent(ResourceId id) {
        return id.parent().orElseThrow().name();
    }

    /** A GET's etag, empty on 404; other failures propagate. Network resources always carry one. */
    private static Optional<String> etagOf(Supplier<String> get) {
        try {
            return Optional.of(Objects.requireNonNullElse(get.get(), ""));
        } catch (RuntimeException e) {
            if (ArmFailure.of(e).isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static final ChildKind SUBNETS = new ChildKind() {
        public Optional<String> targetEtag(NetworkManagementClient c, ResourceId id) {
            return etagOf(() -> c.getSubnets().getWithResponse(group(id), parent(id), id.name(), null, Context.NONE).getValue().etag());
        }

        public Optional<String> parentEtag(NetworkManagementClient c, ResourceId p) {
            return etagOf(() -> c.getVirtualNetworks().getByResourceGroupWithResponse(group(p), p.name(), null, Context.NONE).getValue().etag());
        }

        public SyncPoller<?, ?> put(NetworkManagementClient c, ResourceId id, String body, Context context) {
            SubnetInner inner = InnerJson.parse(body, SubnetInner::fromJson);
            return c.getSubnets().beginCreateOrUpdate(group(id), parent(id), id.name(), inner, context);
        }

    };

    private static final ChildKind SECURITY_RULES = new ChildKind() {
        public Optional<String> targetEtag(NetworkManagementClient c, ResourceId id) {
            return etagOf(() -> c.getSecurityRules().getWithResponse(group(id), parent(id), id.name(), Context.NONE).getValue().etag());
        }

        public Optional<String> parentEtag(NetworkManagementClient c, ResourceId p) {
            return etagOf(() -> c.getNetworkSecurityGroups().getByResourceGroupWithResponse(group(p), p.name(), null, Context.NONE).getValue().etag());
        }

        public SyncPoller<?, ?> put(NetworkManagementClient c, ResourceId id, String body, Context context) {
            SecurityRuleInner inner = InnerJson.parse(body, SecurityRuleInner::fromJson);
            return c.getSecurityRules().beginCreateOrUpdate(group(id), parent(id), id.name(), inner, context);
        }

        public SyncPoller<?, ?> delete(NetworkManagementClient c, ResourceId id, Context context) {
            return c.getSecurityRules().beginDelete(group(id), parent(id), id.name(), context);
        }

        @Override
        public boolean deletable() {
            return true;
        }

        /** ARM refuses two rules with one priority and direction; a rule added since the plan is a changed NSG. */
        public Optional<String> createConflict(NetworkManagementClient c, ResourceId id, String body) {
            SecurityRuleInner wanted = InnerJson.parse(body, SecurityRuleInner::fromJson);
            if (wanted.priority() == null || wanted.direction() == null) {
                return Optional.empty();
            }
            NetworkSecurityGroupInner nsg = c.getNetworkSecurityGroups()
                    .getByResourceGroupWithResponse(group(id), parent(id), null, Context.NONE).getValue();
            if (nsg.securityRules() == null) {
                return Optional.empty();
            }
            return nsg.securityRules().stream()
                    .filter(r -> wanted.priority().equals(r.priority()) && r.direction() != null
                            && r.direction().toString().equalsIgnoreCase(wanted.direction().toString()))
                    .findFirst()
                    .map(r -> "security rule " + r.name() + " now holds priority " + r.priority() + " "
                            + r.direction().toString().toLowerCase(Locale.ROOT) + " in " + parent(id));
        }
    };

    private static final ChildKind SEP_DEFINITIONS = new ChildKind() {
        public Optional<String> targetEtag(NetworkManagementClient c, ResourceId id) {
            return etagOf(() -> c.getServiceEndpointPolicyDefinitions().getWithResponse(group(id), parent(id), id.name(), Context.NONE).getValue().etag());
        }

        public Optional<String> parentEtag(NetworkManagementClient c, ResourceId p) {
            return etagOf(() -> c.getServiceEndpointPolicies().getByResourceGroupWithResponse(group(p), p.name(), null, Context.NONE).getValue().etag());
        }

        public SyncPoller<?, ?> put(NetworkManagementClient c, ResourceId id, String body, Context context) {
            ServiceEndpointPolicyDefinitionInner inner = InnerJson.parse(body, ServiceEndpointPolicyDefinitionInner::fromJson);
            return c.getServiceEndpointPolicyDefinitions().beginCreateOrUpdate(group(id), parent(id), id.name(), inner, context);
        }

        public SyncPoller<?, ?> delete(NetworkManagementClient c, ResourceId id, Context context) {
            return c.getServiceEndpointPolicyDefinitions().beginDelete(group(id), parent(id), id.name(), context);
        }

        @Override
        public boolean deletable() {
            return true;
        }

    };

    private static final ChildKind ROUTES = new ChildKind() {
        public Optional<String> targetEtag(NetworkManagementClient c, ResourceId id) {
            return etagOf(() -> c.getRoutes().getWithResponse(group(id), parent(id), id.name(), Context.NONE).getValue().etag());
        }

        public Optional<String> parentEtag(NetworkManagementClient c, ResourceId p) {
            return etagOf(() -> c.getRouteTables().getByResourceGroupWithResponse(group(p), p.name(), null, Context.NONE).getValue().etag());
        }

        public SyncPoller<?, ?> put(NetworkManagementClient c, ResourceId id, String body, Context context) {
            RouteInner inner = InnerJson.parse(body, RouteInner::fromJson);
            return c.getRoutes().beginCreateOrUpdate(group(id), parent(id), id.name(), inner, context);
        }

        public SyncPoller<?, ?> delete(NetworkManagementClient c, ResourceId id, Context context) {
            return c.getRoutes().beginDelete(group(id), parent(id), id.name(), context);
        }

        @Override
        public boolean deletable() {
            return true;
        }

    };
}
