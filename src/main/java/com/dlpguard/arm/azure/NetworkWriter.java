package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Executes one planned write the way rule book 2.2 asks: re-read the target (its parent for a
 * create) just before writing, refuse without writing when its etag is no longer the plan's
 * If-Match, send the write with {@code If-Match} (a create with {@code If-None-Match: *}, so a
 * child someone else created meanwhile is never overwritten), wait for the long-running operation,
 * and report ARM's verdict. Only the child writes the guard plans are accepted: a subnet PUT, a SEP
 * definition PUT/DELETE (DLP005), a security rule PUT/DELETE (DLP009) and a route PUT/DELETE (DLP014).
 *
 * <p>Re-reads and writes go through the shared pipeline ({@link ArmJson}, {@link ArmWrite}); the
 * conditions ride in the call's {@link Context} for azure-core's {@link AddHeadersFromContextPolicy}.
 */
final class NetworkWriter {
    /** The child types the guard writes (rule book 2.2); never a subnet's parent or a whole resource. */
    private static final java.util.List<String> WRITTEN = java.util.List.of(ResourceTypes.SUBNET, ResourceTypes.SECURITY_RULE,
            ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION, ResourceTypes.ROUTE);
    /**
     * Rule book 2.2: the guard deletes security rules (DLP009), SEP definitions holding only
     * unapproved entries (DLP005) and routes sending public space to an appliance (DLP014); never
     * subnets or whole resources.
     */
    private static final java.util.List<String> DELETED = java.util.List.of(ResourceTypes.SECURITY_RULE,
            ResourceTypes.SERVICE_ENDPOINT_POLICY_DEFINITION, ResourceTypes.ROUTE);

    private final ArmJson json;
    private final ArmWrite arm;
    private final Duration operationTimeout;

    NetworkWriter(ArmJson json, ArmWrite arm, Duration operationTimeout) {
        this.json = json;
        this.arm = arm;
        this.operationTimeout = operationTimeout;
    }

    WriteOutcome execute(PlannedWrite write) throws ArmException {
        Objects.requireNonNull(write, "write");
        ResourceId target = write.target();
        ArmRequest request = write.request();
        if (WRITTEN.stream().noneMatch(target::isOfType)) {
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
        if (isDelete && DELETED.stream().noneMatch(target::isOfType)) {
            return refused(write, "UnsupportedWrite", "the rule book deletes security rules, SEP definitions and routes only,"
                    + " not " + target.type());
        }
        if (!isDelete && !isJsonObject(request.body())) {
            return refused(write, "PlanMismatch", "a PUT needs a JSON object body");
        }
        HttpHeaders conditions = new HttpHeaders();
        try {
            Optional<String> current = etagOf(target);
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
                Optional<String> parentEtag = etagOf(parent);
                if (parentEtag.isEmpty()) {
                    return stale(write, "its parent " + parent.name() + " no longer exists");
                }
                // The planner may pin a create to the parent's etag (a family shares one in Microsoft.Network).
                if (request.ifMatch().isPresent() && !request.ifMatch().get().equals(parentEtag.get())) {
                    return stale(write, "etag of " + parent.name() + " is " + parentEtag.get() + ", the plan was made at "
                            + request.ifMatch().get());
                }
                Optional<String> conflict = target.isOfType(ResourceTypes.SECURITY_RULE)
                        ? priorityTaken(target, request.body().orElseThrow()) : Optional.empty();
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
                    ? arm.beginDelete(target, ArmJson.NETWORK_API_VERSION, context)
                    : arm.beginPut(target, ArmJson.NETWORK_API_VERSION, request.body().orElseThrow(), context);
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

    // ---- re-reads before the write ------------------------------------------------------------

    /** The current etag (a raw GET on the shared pipeline), empty on 404; other failures propagate. */
    private Optional<String> etagOf(ResourceId id) {
        try {
            // Network resources always carry one; an answer without it matches no plan's If-Match.
            return Optional.of(ArmWrite.etag(json.get(id.toString(), ArmJson.NETWORK_API_VERSION)).orElse(""));
        } catch (RuntimeException e) {
            if (ArmFailure.of(e).isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** ARM refuses two rules with one priority and direction; a rule added since the plan is a changed NSG. */
    private Optional<String> priorityTaken(ResourceId rule, String body) {
        JsonObject wanted = properties(parseObject(body));
        if (!wanted.has("priority") || !wanted.has("direction")) {
            return Optional.empty();
        }
        ResourceId nsg = rule.parent().orElseThrow();
        JsonElement rules = properties(json.get(nsg.toString(), ArmJson.NETWORK_API_VERSION)).get("securityRules");
        if (rules == null || !rules.isJsonArray()) {
            return Optional.empty();
        }
        for (JsonElement r : rules.getAsJsonArray()) {
            JsonObject other = r.isJsonObject() ? properties(r.getAsJsonObject()) : new JsonObject();
            if (same(other.get("priority"), wanted.get("priority")) && other.has("direction")
                    && other.get("direction").getAsString().equalsIgnoreCase(wanted.get("direction").getAsString())) {
                String name = r.getAsJsonObject().has("name") ? r.getAsJsonObject().get("name").getAsString() : "a rule";
                return Optional.of("security rule " + name + " now holds priority " + other.get("priority").getAsString() + " "
                        + other.get("direction").getAsString().toLowerCase(Locale.ROOT) + " in " + nsg.name());
            }
        }
        return Optional.empty();
    }

    private static boolean same(JsonElement a, JsonElement b) {
        return a != null && b != null && a.isJsonPrimitive() && b.isJsonPrimitive() && a.getAsString().equals(b.getAsString());
    }

    private static JsonObject properties(JsonObject resource) {
        JsonElement p = resource.get("properties");
        return p != null && p.isJsonObject() ? p.getAsJsonObject() : new JsonObject();
    }

    private static JsonObject parseObject(String body) {
        try {
            return StrictJson.parse(body).getAsJsonObject();
        } catch (JsonInputException | IllegalStateException e) {
            return new JsonObject();
        }
    }
}
