package com.dlpguard.arm.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonElement;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one Microsoft.MachineLearningServices write the guard makes (DLP016): DELETE an outbound rule
 * of a managed network, with the discipline of every other write. Re-read the rule just before;
 * refuse without writing when it is gone, when its etag is no longer the plan's If-Match, or when
 * it now carries a platform category (never deleted); send the DELETE with {@code If-Match} through
 * {@link ArmWrite} (the shared pipeline: credential, retries, request-id recorder), and
 * wait for the long-running operation (the spec answers 202 with {@code Location}).
 *
 * <p>The 2025-09-01 spec declares no etag on outbound rules. When ARM gives none, neither in the
 * read the plan came from nor now, the DELETE goes without If-Match: the re-read just before is
 * then the only guard against a concurrent change, a window of one round trip. When only the re-read
 * has one, it is sent, so ARM refuses a change made after the re-read.
 */
final class MachineLearningWriter {
    private final ArmWrite arm;
    private final MachineLearningReads reads;
    private final String apiVersion;
    private final Duration operationTimeout;

    MachineLearningWriter(ArmWrite arm, MachineLearningReads reads, String apiVersion, Duration operationTimeout) {
        this.arm = arm;
        this.reads = reads;
        this.apiVersion = apiVersion;
        this.operationTimeout = operationTimeout;
    }

    WriteOutcome execute(PlannedWrite write) throws ArmException {
        Objects.requireNonNull(write, "write");
        ResourceId target = write.target();
        ArmRequest request = write.request();
        if (!target.isOfType(ResourceTypes.ML_OUTBOUND_RULE) || !request.method().equals("DELETE")) {
            return NetworkWriter.refused(write, "UnsupportedWrite", "the guard only deletes managed-network outbound rules"
                    + " in Microsoft.MachineLearningServices, not " + request.method() + " " + target.type());
        }
        String path = request.url().contains("?") ? request.url().substring(0, request.url().indexOf('?')) : request.url();
        if (!ResourceId.tryParse(path).map(target::equals).orElse(false)) {
            return NetworkWriter.refused(write, "PlanMismatch", "the request URL " + path + " does not address the target " + target);
        }
        HttpHeaders conditions = new HttpHeaders();
        try {
            Optional<MachineLearningReads.CurrentRule> current = reads.outboundRule(target);
            if (current.isEmpty()) {
                return NetworkWriter.stale(write, target.name() + " no longer exists");
            }
            if (isPlatformRule(current.get())) {
                return NetworkWriter.refused(write, "PlatformRule", target.name() + " now has a platform category:"
                        + " platform rules are never deleted");
            }
            Optional<String> etag = current.get().etag();
            if (request.ifMatch().isPresent() && !request.ifMatch().equals(etag)) {
                return NetworkWriter.stale(write, "etag of " + target.name() + " is " + etag.orElse("absent")
                        + ", the plan was made at " + request.ifMatch().get());
            }
            etag.ifPresent(e -> conditions.set(HttpHeaderName.IF_MATCH, e));
        } catch (RuntimeException e) {
            ArmFailure failure = ArmFailure.of(e);
            if (failure.transientFailure()) {
                throw new ArmException("cannot re-read " + target + " before deleting it: " + failure.describe(), true, e);
            }
            return NetworkWriter.failed(write, failure, Optional.empty(), "re-read before writing failed");
        }

        AtomicReference<String> requestId = new AtomicReference<>();
        Context context = new Context(AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY, conditions)
                .addData(RequestIdRecorder.KEY, requestId);
        try {
            SyncPoller<?, ?> poller = arm.beginDelete(target, apiVersion, context);
            PollResponse<?> last = poller.waitForCompletion(operationTimeout);
            LongRunningOperationStatus status = last.getStatus();
            if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                return new WriteOutcome(write, WriteOutcome.Result.APPLIED, Optional.empty(),
                        "DELETE " + target + " succeeded", Optional.ofNullable(requestId.get()));
            }
            if (status == LongRunningOperationStatus.FAILED || status == LongRunningOperationStatus.USER_CANCELLED) {
                return NetworkWriter.failed(write, NetworkWriter.operationFailure(last), Optional.ofNullable(requestId.get()),
                        "the operation ended " + status);
            }
            throw new ArmException("deleting " + target + " did not finish within " + operationTimeout
                    + "; the next reconcile re-reads it", true, null);
        } catch (RuntimeException e) {
            if (NetworkWriter.hasCause(e, TimeoutException.class)) {
                throw new ArmException("deleting " + target + " did not finish within " + operationTimeout
                        + "; the next reconcile re-reads it", true, e);
            }
            ArmFailure failure = ArmFailure.of(e);
            Optional<String> id = Optional.ofNullable(requestId.get());
            if (failure.status() == 412) {
                return new WriteOutcome(write, WriteOutcome.Result.PRECONDITION_FAILED, failure.code(),
                        "ARM refused the delete: " + target.name() + " changed since it was re-read (412)", id);
            }
            if (failure.transientFailure()) {
                throw new ArmException("deleting " + target + " failed after retries: " + failure.describe(), true, e);
            }
            return NetworkWriter.failed(write, failure, id, "ARM refused the delete");
        }
    }

    private static boolean isPlatformRule(MachineLearningReads.CurrentRule rule) {
        JsonElement props = rule.json().get("properties");
        if (props == null || !props.isJsonObject()) {
            return false;
        }
        JsonElement category = props.getAsJsonObject().get("category");
        if (category == null || !category.isJsonPrimitive()) {
            return false;
        }
        String c = category.getAsString().trim().toLowerCase(Locale.ROOT);
        return c.equals("required") || c.equals("dependency") || c.equals("recommended");
    }
}
