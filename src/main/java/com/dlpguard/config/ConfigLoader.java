package com.dlpguard.config;

import com.dlpguard.json.JsonInputException;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.AddressSpace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;
import com.dlpguard.rules.RuleCatalog;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code dlp-guard.json} (rule book section 3). Strict: unknown keys, bad or
 * mistyped ids, unknown rule ids or modes, malformed dates and secrets are errors naming the
 * file and the JSON path ({@code dlp-guard.json: $.workspaces[0].subnets[1]: ...}). A typo that
 * silently dropped a protected subnet would switch the guard off for it. A past-due exemption is
 * not an error: it lapses and comes back as a {@link ConfigWarning} ({@code today} is passed in:
 * the loader reads no clock).
 */
public final class ConfigLoader {

    private static final Set<String> ROOT_KEYS = Set.of("workspaces", "rules", "exemptions");
    private static final Set<String> WORKSPACE_KEYS = Set.of("name", "region", "workspaceId", "subnets",
            "serviceEndpointPolicy", "networkSecurityGroup", "defaultStorageAccount", "defaultStorageHasPrivateEndpoint",
            "allowedStorageAccounts", "allowBatchInbound", "egress", "additionalServiceEndpointPolicies");
    private static final Set<String> EGRESS_KEYS = Set.of("mode", "nextHopIpAddress");
    private static final Set<String> MANAGED_KEYS = Set.of("name", "region", "workspaceId", "network", "approvedOutbound");
    private static final Set<String> EXEMPTION_KEYS = Set.of("ruleId", "resourceId", "until", "reason");
    /** Key names that suggest a secret; checked before "unknown key" so the message says where secrets belong. */
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i).*(webhook|url|secret|key|token|password|signing|credential|connectionstring).*");
    private static final Pattern REGION = Pattern.compile("[a-z][a-z0-9]*");

    private ConfigLoader() {
    }

    public static GuardConfig load(Path file, LocalDate today) throws ConfigException {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return parse(bytes, file.toString(), today);
    }

    public static GuardConfig parse(byte[] bytes, String sourceName, LocalDate today) throws ConfigException {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(today, "today");
        JsonElement root;
        try {
            root = StrictJson.parse(bytes);
        } catch (JsonInputException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage());
        }
        return new Reader(sourceName, today).config(root);
    }

    private static final class Reader {
        private final String source;
        private final LocalDate today;
        private final List<ConfigWarning> warnings = new ArrayList<>();

        Reader(String source, LocalDate today) {
            this.source = source;
            this.today = today;
        }

        private ConfigException error(String path, String problem) {
            return new ConfigException(source + ": " + path + ": " + problem);
        }

        GuardConfig config(JsonElement root) throws ConfigException {
            JsonObject object = object(root, "$");
            checkKeys(object, "$", ROOT_KEYS);
            JsonArray workspaceArray = array(required(object, "workspaces", "$"), "$.workspaces");
            if (workspaceArray.isEmpty()) {
                throw error("$.workspaces", "at least one workspace is required");
            }
            List<WorkspaceConfig> workspaces = new ArrayList<>();
            List<ManagedWorkspaceConfig> managed = new ArrayList<>();
            Map<ResourceId, String> subnetOwners = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            for (int i = 0; i < workspaceArray.size(); i++) {
                String path = "$.workspaces[" + i + "]";
                if (isManaged(workspaceArray.get(i), path)) {
                    ManagedWorkspaceConfig m = managedWorkspace(workspaceArray.get(i).getAsJsonObject(), path, managed);
                    String previous = names.put(m.name().toLowerCase(Locale.ROOT), path);
                    if (previous != null) {
                        throw error(path + ".name", "workspace name '" + m.name() + "' is already used at " + previous);
                    }
                    managed.add(m);
                    continue;
                }
                WorkspaceConfig w = workspace(workspaceArray.get(i), path, subnetOwners);
                String previous = names.put(w.name().toLowerCase(Locale.ROOT), path);
                if (previous != null) {
                    throw error(path + ".name", "workspace name '" + w.name() + "' is already used at " + previous);
                }
                workspaces.add(w);
            }

            for (WorkspaceConfig w : workspaces) {
                for (ManagedWorkspaceConfig m : managed) {
                    if (w.workspaceId().map(m.workspaceId()::equals).orElse(false)) {
                        throw error("$.workspaces", "workspace " + m.workspaceId().name() + " is configured both with subnets ('"
                                + w.name() + "') and as a managed-network workspace ('" + m.name() + "')");
                    }
                }
            }

            Mode defaultMode = Mode.ALERT;
            Map<String, Mode> modes = new LinkedHashMap<>();
            Optional<JsonElement> rules = optional(object, "rules");
            if (rules.isPresent()) {
                JsonObject rulesObject = object(rules.get(), "$.rules");
                for (Map.Entry<String, JsonElement> e : rulesObject.entrySet()) {
                    String path = "$.rules." + e.getKey();
                    if (SECRET_KEY.matcher(e.getKey()).matches()) {
                        throw secretError(path);
                    }
                    Mode mode = mode(e.getValue(), path);
                    if (e.getKey().equals("default")) {
                        defaultMode = mode;
                        continue;
                    }
                    String ruleId = ruleId(e.getKey(), path);
                    if (modes.put(ruleId, mode) != null) {
                        throw error(path, "the mode of " + ruleId + " is set twice");
                    }
                }
            }

            List<Exemption> exemptions = new ArrayList<>();
            Optional<JsonElement> exemptionArray = optional(object, "exemptions");
            if (exemptionArray.isPresent()) {
                JsonArray array = array(exemptionArray.get(), "$.exemptions");
                for (int i = 0; i < array.size(); i++) {
                    exemptions.add(exemption(array.get(i), "$.exemptions[" + i + "]"));
                }
            }
            return new GuardConfig(workspaces, defaultMode, modes, exemptions, warnings, managed);
        }

        private WorkspaceConfig workspace(JsonElement element, String path, Map<ResourceId, String> subnetOwners)
                throws ConfigException {
            JsonObject w = object(element, path);
            checkKeys(w, path, WORKSPACE_KEYS);
            String name = nonEmptyString(required(w, "name", path), path + ".name");
            String region = nonEmptyString(required(w, "region", path), path + ".region");
            if (!REGION.matcher(region).matches()) {
                throw error(path + ".region", "expected the region's programmatic name in lower case, like 'westeurope', got '"
                        + region + "'");
            }
            Optional<ResourceId> workspaceId = optionalId(w, "workspaceId", path, ResourceTypes.ML_WORKSPACE,
                    "an Azure ML workspace");
            JsonArray subnetArray = array(required(w, "subnets", path), path + ".subnets");
            if (subnetArray.isEmpty()) {
                throw error(path + ".subnets", "at least one subnet is required");
            }
            List<ResourceId> subnets = new ArrayList<>();
            for (int i = 0; i < subnetArray.size(); i++) {
                String at = path + ".subnets[" + i + "]";
                ResourceId subnet = id(subnetArray.get(i), at, ResourceTypes.SUBNET, "a subnet");
                String owner = subnetOwners.putIfAbsent(subnet, at);
                if (owner != null) {
                    throw error(at, "the subnet is already listed at " + owner + " (a subnet belongs to one workspace)");
                }
                subnets.add(subnet);
            }
            ResourceId policy = id(required(w, "serviceEndpointPolicy", path), path + ".serviceEndpointPolicy",
                    ResourceTypes.SERVICE_ENDPOINT_POLICY, "a service endpoint policy");
            Optional<ResourceId> nsg = optionalId(w, "networkSecurityGroup", path, ResourceTypes.NETWORK_SECURITY_GROUP,
                    "a network security group");
            Optional<ResourceId> storage = optionalId(w, "defaultStorageAccount", path, ResourceTypes.STORAGE_ACCOUNT,
                    "a storage account");
            boolean privateEndpoint = bool(w, "defaultStorageHasPrivateEndpoint", path);
            List<ResourceId> allowed = new ArrayList<>();
            Optional<JsonElement> allowedArray = optional(w, "allowedStorageAccounts");
            if (allowedArray.isPresent()) {
                JsonArray array = array(allowedArray.get(), path + ".allowedStorageAccounts");
                for (int i = 0; i < array.size(); i++) {
                    String at = path + ".allowedStorageAccounts[" + i + "]";
                    // DLP005: a subscription or resource-group scope is approved only when listed itself.
                    ResourceId account = id(array.get(i), at, null, null);
                    if (!account.isOfType(ResourceTypes.STORAGE_ACCOUNT) && !account.isSubscription()
                            && !account.isResourceGroup()) {
                        throw error(at, "expected a storage account (or a subscription or resource group scope) id, got a "
                                + account.type() + " id");
                    }
                    allowed.add(account);
                }
            }
            boolean batchInbound = bool(w, "allowBatchInbound", path);
            Egress egress = egress(w, path);
            List<ResourceId> additional = new ArrayList<>();
            Optional<JsonElement> additionalArray = optional(w, "additionalServiceEndpointPolicies");
            if (additionalArray.isPresent()) {
                JsonArray array = array(additionalArray.get(), path + ".additionalServiceEndpointPolicies");
                for (int i = 0; i < array.size(); i++) {
                    String at = path + ".additionalServiceEndpointPolicies[" + i + "]";
                    ResourceId extra = id(array.get(i), at, ResourceTypes.SERVICE_ENDPOINT_POLICY, "a service endpoint policy");
                    if (extra.equals(policy) || additional.contains(extra)) {
                        throw error(at, "service endpoint policy " + extra.name() + " is listed twice");
                    }
                    additional.add(extra);
                }
            }
            return new WorkspaceConfig(name, region, workspaceId, subnets, policy, nsg, storage, privateEndpoint,
                    allowed, batchInbound, egress, additional);
        }

        /**
         * {@code {"mode": "nsg"}} (also when absent) or {@code {"mode": "firewall", "nextHopIpAddress": "10.0.2.4"}}.
         * The address is the firewall's private IPv4 address, written as ARM writes a route's next hop.
         */
        private Egress egress(JsonObject workspace, String path) throws ConfigException {
            Optional<JsonElement> element = optional(workspace, "egress");
            if (element.isEmpty()) {
                return Egress.NSG;
            }
            String at = path + ".egress";
            JsonObject egress = object(element.get(), at);
            checkKeys(egress, at, EGRESS_KEYS);
            String mode = string(required(egress, "mode", at), at + ".mode");
            Optional<JsonElement> address = optional(egress, "nextHopIpAddress");
            if (mode.equalsIgnoreCase("nsg")) {
                if (address.isPresent()) {
                    throw error(at + ".nextHopIpAddress", "only allowed with mode firewall (mode is nsg)");
                }
                return Egress.NSG;
            }
            if (!mode.equalsIgnoreCase("firewall")) {
                throw error(at + ".mode", "unknown egress mode '" + mode + "' (expected nsg or firewall)");
            }
            if (address.isEmpty()) {
                throw error(at + ".nextHopIpAddress", "missing: mode firewall needs the firewall's private IP address");
            }
            String ip = nonEmptyString(address.get(), at + ".nextHopIpAddress").trim();
            if (AddressSpace.ipv4(ip).isEmpty()) {
                throw error(at + ".nextHopIpAddress", "expected an IPv4 address like 10.0.2.4, got '" + ip + "'");
            }
            return new Egress.Firewall(ip);
        }

        private Exemption exemption(JsonElement element, String path) throws ConfigException {
            JsonObject e = object(element, path);
            checkKeys(e, path, EXEMPTION_KEYS);
            String ruleId = ruleId(nonEmptyString(required(e, "ruleId", path), path + ".ruleId"), path + ".ruleId");
            ResourceId resource = id(required(e, "resourceId", path), path + ".resourceId", null, null);
            String untilText = nonEmptyString(required(e, "until", path), path + ".until");
            LocalDate until;
            try {
                until = LocalDate.parse(untilText);
            } catch (DateTimeParseException ex) {
                throw error(path + ".until", "expected an ISO date like 2027-01-31, got '" + untilText + "'");
            }
            String reason = nonEmptyString(required(e, "reason", path), path + ".reason");
            Exemption exemption = new Exemption(ruleId, resource, until, reason);
            if (exemption.isLapsed(today)) {
                // Not an error (rule book 3): version 1 rejected the file from that day on, so every
                // invocation threw and nothing was guarded any more (attack #4, time bomb).
                warnings.add(new ConfigWarning(source, path, exemption.lapsedMessage()));
            }
            return exemption;
        }

        private String ruleId(String raw, String path) throws ConfigException {
            String id = raw.toUpperCase(Locale.ROOT);
            if (!RuleCatalog.ids().contains(id)) {
                throw error(path, "unknown rule id '" + raw + "' (known: " + String.join(", ", RuleCatalog.ids()) + ")");
            }
            return id;
        }

        private Mode mode(JsonElement element, String path) throws ConfigException {
            String text = string(element, path);
            return Mode.parse(text).orElseThrow(() -> error(path,
                    "unknown mode '" + text + "' (expected off, audit, alert or rollback)"));
        }

        private void checkKeys(JsonObject object, String path, Set<String> allowed) throws ConfigException {
            for (String key : object.keySet()) {
                if (allowed.contains(key)) {
                    continue;
                }
                if (SECRET_KEY.matcher(key).matches()) {
                    throw secretError(path + "." + key);
                }
                throw error(path + "." + key, "unknown key (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }

        private ConfigException secretError(String path) {
            return error(path, "secrets (webhook URLs, signing keys) never live in this file: "
                    + "they come from app settings / environment variables");
        }

        private JsonElement required(JsonObject object, String key, String path) throws ConfigException {
            return optional(object, key).orElseThrow(() -> error(path + "." + key, "missing"));
        }

        private Optional<JsonElement> optional(JsonObject object, String key) {
            return Optional.ofNullable(object.get(key));
        }

        private Optional<ResourceId> optionalId(JsonObject object, String key, String path, String type, String what)
                throws ConfigException {
            Optional<JsonElement> e = optional(object, key);
            if (e.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(id(e.get(), path + "." + key, type, what));
        }

        private ResourceId id(JsonElement element, String path, String type, String what) throws ConfigException {
            String raw = string(element, path);
            ResourceId id;
            try {
                id = ResourceId.parse(raw);
            } catch (IllegalArgumentException e) {
                throw error(path, e.getMessage());
            }
            if (type != null && !id.isOfType(type)) {
                throw error(path, "expected " + what + " id, got a " + id.type() + " id");
            }
            return id;
        }

        private boolean bool(JsonObject object, String key, String path) throws ConfigException {
            Optional<JsonElement> e = optional(object, key);
            if (e.isEmpty()) {
                return false;
            }
            JsonElement v = e.get();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isBoolean()) {
                throw error(path + "." + key, "expected true or false, got " + kind(v));
            }
            return v.getAsBoolean();
        }

        private JsonObject object(JsonElement element, String path) throws ConfigException {
            if (!element.isJsonObject()) {
                throw error(path, "expected an object, got " + kind(element));
            }
            return element.getAsJsonObject();
        }

        private JsonArray array(JsonElement element, String path) throws ConfigException {
            if (!element.isJsonArray()) {
                throw error(path, "expected an array, got " + kind(element));
            }
            return element.getAsJsonArray();
        }

        private String string(JsonElement element, String path) throws ConfigException {
            if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
                throw error(path, "expected a string, got " + kind(element));
            }
            return element.getAsString();
        }

        private String nonEmptyString(JsonElement element, String path) throws ConfigException {
            String s = string(element, path);
            if (s.isBlank()) {
                throw error(path, "must not be empty");
            }
            return s;
        }

        // ---- managed-network workspaces (issue 15) ------------------------------------------

        /**
         * True for {@code "network": "managed"}; {@code approvedOutbound} without it is an error
         * (it would be ignored, and an admin would believe it applied).
         */
        private boolean isManaged(JsonElement element, String path) throws ConfigException {
            JsonObject w = object(element, path);
            Optional<JsonElement> network = optional(w, "network");
            if (network.isEmpty()) {
                if (w.has("approvedOutbound")) {
                    throw error(path + ".approvedOutbound", "only allowed with \"network\": \"managed\"");
                }
                return false;
            }
            String value = string(network.get(), path + ".network");
            if (!value.equals("managed")) {
                throw error(path + ".network", "expected \"managed\" (omit the key for a workspace whose compute runs in"
                        + " your own subnet), got '" + value + "'");
            }
            return true;
        }

        private ManagedWorkspaceConfig managedWorkspace(JsonObject w, String path, List<ManagedWorkspaceConfig> seen)
                throws ConfigException {
            for (String key : w.keySet()) {
                if (WORKSPACE_KEYS.contains(key) && !MANAGED_KEYS.contains(key) || key.equals("egress")
                        || key.equals("additionalServiceEndpointPolicies")) {
                    throw error(path + "." + key, "not allowed with \"network\": \"managed\": a managed-network workspace"
                            + " has no subnets, service endpoint policy or NSG of its own");
                }
            }
            checkKeys(w, path, MANAGED_KEYS);
            String name = nonEmptyString(required(w, "name", path), path + ".name");
            String region = nonEmptyString(required(w, "region", path), path + ".region");
            if (!REGION.matcher(region).matches()) {
                throw error(path + ".region", "expected the region's programmatic name in lower case, like 'westeurope', got '"
                        + region + "'");
            }
            // Required here: the managed network is a property of the workspace; see ManagedWorkspaceConfig.
            ResourceId workspaceId = id(required(w, "workspaceId", path), path + ".workspaceId", ResourceTypes.ML_WORKSPACE,
                    "an Azure ML workspace");
            for (ManagedWorkspaceConfig other : seen) {
                if (other.workspaceId().equals(workspaceId)) {
                    throw error(path + ".workspaceId", "the workspace is already configured as '" + other.name() + "'");
                }
            }
            ApprovedOutbound approved = ApprovedOutbound.NONE;
            Optional<JsonElement> outbound = optional(w, "approvedOutbound");
            if (outbound.isPresent()) {
                String at = path + ".approvedOutbound";
                JsonObject o = object(outbound.get(), at);
                checkKeys(o, at, Set.of("privateEndpoints", "fqdns", "serviceTags"));
                List<ResourceId> endpoints = new ArrayList<>();
                for (JsonElement e : optionalArray(o, "privateEndpoints", at)) {
                    ResourceId target = id(e, at + ".privateEndpoints[" + endpoints.size() + "]", null, null);
                    if (!target.isProviderResource()) {
                        throw error(at + ".privateEndpoints[" + endpoints.size() + "]",
                                "expected the id of the resource the private endpoint connects to, got a " + target.type() + " id");
                    }
                    endpoints.add(target);
                }
                List<String> fqdns = new ArrayList<>();
                for (JsonElement e : optionalArray(o, "fqdns", at)) {
                    String where = at + ".fqdns[" + fqdns.size() + "]";
                    String raw = nonEmptyString(e, where);
                    fqdns.add(com.dlpguard.model.HostNames.normalizePattern(raw).orElseThrow(() -> error(where,
                            "expected a host name or a '*.' wildcard with at least two labels after it, got '" + raw + "'")));
                }
                List<String> tags = new ArrayList<>();
                for (JsonElement e : optionalArray(o, "serviceTags", at)) {
                    tags.add(nonEmptyString(e, at + ".serviceTags[" + tags.size() + "]").trim());
                }
                approved = new ApprovedOutbound(endpoints, fqdns, tags);
            }
            return new ManagedWorkspaceConfig(name, region, workspaceId, approved);
        }

        private List<JsonElement> optionalArray(JsonObject object, String key, String path) throws ConfigException {
            Optional<JsonElement> e = optional(object, key);
            List<JsonElement> out = new ArrayList<>();
            if (e.isPresent()) {
                array(e.get(), path + "." + key).forEach(out::add);
            }
            return out;
        }

        private static String kind(JsonElement e) {
            if (e.isJsonNull()) {
                return "null";
            }
            if (e.isJsonObject()) {
                return "an object";
            }
            if (e.isJsonArray()) {
                return "an array";
            }
            if (e.getAsJsonPrimitive().isBoolean()) {
                return "a boolean";
            }
            return e.getAsJsonPrimitive().isNumber() ? "a number" : "a string";
        }
    }
}
