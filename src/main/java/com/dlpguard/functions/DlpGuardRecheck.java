package com.dlpguard.functions;

import com.dlpguard.app.GuardRuntime;
import com.dlpguard.arm.ArmException;
import com.dlpguard.json.Json;
import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.reconcile.Guard;
import com.dlpguard.report.JsonReportRenderer;
import com.dlpguard.report.Report;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * Manual re-check of one scope: {@code POST {"scope": "<ARM id>", "dryRun": true}} with a
 * function key. Dry-run unless the body says {@code "dryRun": false} and the app is not in global
 * dry-run. A scope outside the configured workspaces is 403, decided from the configuration and
 * what the instance has read, without an ARM read: the key must not turn the guard into a writer
 * for arbitrary resources, nor into a way to spend its read budget.
 */
public class DlpGuardRecheck {
    static final int MAX_BODY_BYTES = 16 * 1024;

    @FunctionName("DlpGuardRecheck")
    public HttpResponseMessage run(
            @HttpTrigger(name = "req", methods = {HttpMethod.POST}, authLevel = AuthorizationLevel.FUNCTION,
                    route = "recheck") HttpRequestMessage<Optional<String>> request,
            final ExecutionContext context) {
        String body = request.getBody().orElse("");
        if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            return error(request, HttpStatus.PAYLOAD_TOO_LARGE, "body larger than " + MAX_BODY_BYTES + " bytes");
        }
        JsonObject o;
        try {
            JsonElement parsed = StrictJson.parse(body);
            if (!parsed.isJsonObject()) {
                return error(request, HttpStatus.BAD_REQUEST, "body must be a JSON object {\"scope\": \"<ARM id>\", \"dryRun\": true}");
            }
            o = parsed.getAsJsonObject();
        } catch (JsonInputException e) {
            return error(request, HttpStatus.BAD_REQUEST, "body is not valid JSON: " + e.getMessage());
        }
        for (String key : o.keySet()) {
            if (!Set.of("scope", "dryRun").contains(key)) {
                return error(request, HttpStatus.BAD_REQUEST, "unknown key '" + shorten(key) + "' (allowed: scope, dryRun)");
            }
        }
        Optional<String> scopeText = Json.string(o, "scope");
        if (scopeText.isEmpty()) {
            return error(request, HttpStatus.BAD_REQUEST, "'scope' must be a string holding an ARM resource id");
        }
        boolean dryRun = true;
        if (o.has("dryRun")) {
            JsonElement d = o.get("dryRun");
            if (!d.isJsonPrimitive() || !d.getAsJsonPrimitive().isBoolean()) {
                return error(request, HttpStatus.BAD_REQUEST, "'dryRun' must be true or false");
            }
            dryRun = d.getAsBoolean();
        }
        ResourceId scope;
        try {
            scope = ResourceId.parse(scopeText.get());
        } catch (IllegalArgumentException e) {
            return error(request, HttpStatus.BAD_REQUEST, "'scope': " + e.getMessage());
        }
        Guard guard = GuardRuntime.guard();
        boolean effectiveDryRun = dryRun || guard.policy().dryRun();
        try {
            Set<ResourceId> subnets = guard.protectedSubnetsFor(scope);
            if (subnets.isEmpty() && guard.warmUpForRecheck(scope)) {
                // Which subnets use an NSG, SEP or route table is known only from a read: a cold
                // instance must not refuse a re-check of a rogue second policy. That read happens
                // at most once per instance and only for such a scope, so a key holder cannot
                // spend the guard's ARM read budget with out-of-scope requests (see warmUpForRecheck).
                subnets = guard.protectedSubnetsFor(scope);
            }
            if (subnets.isEmpty()) {
                return error(request, HttpStatus.FORBIDDEN, "scope is not within a configured workspace's resources");
            }
            Guard.Outcome outcome = guard.recheck(subnets, effectiveDryRun);
            Report report = outcome.result()
                    .map(r -> Report.of(r.found()).withPlan(r.plan()).withOutcomes(r.outcomes()))
                    .orElseThrow();
            JsonObject json = JsonReportRenderer.toJson(report);
            json.addProperty("dryRun", effectiveDryRun);
            json.addProperty("scope", scope.toString());
            return request.createResponseBuilder(HttpStatus.OK).header("Content-Type", "application/json")
                    .body(Json.prettyGson().toJson(json)).build();
        } catch (ArmException e) {
            context.getLogger().warning("dlp-guard: re-check could not complete: " + e.getMessage());
            HttpStatus status = e.isTransient() ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.BAD_GATEWAY;
            return error(request, status, "Azure Resource Manager: " + e.getMessage());
        } catch (RuntimeException e) {
            context.getLogger().severe("dlp-guard: re-check failed: " + e.getClass().getSimpleName());
            return error(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    private static HttpResponseMessage error(HttpRequestMessage<Optional<String>> request, HttpStatus status, String message) {
        JsonObject o = new JsonObject();
        o.addProperty("error", message);
        return request.createResponseBuilder(status).header("Content-Type", "application/json")
                .body(Json.compact(o)).build();
    }

    private static String shorten(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}
