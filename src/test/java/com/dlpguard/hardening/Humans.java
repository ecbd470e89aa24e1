package com.dlpguard.hardening;

import com.dlpguard.functions.MutableClock;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.SnapshotException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * People (and the platform) changing the estate while the guard runs. Every edit is a
 * read-modify-write of the current state, as the portal, the CLI or Terraform make them. A
 * <em>drift</em> breaks a rollback rule and is applied to the real world only (the guard must undo
 * it); a <em>benign</em> edit is applied to the real world and to the expected world alike (the
 * guard must keep it). Each edit yields the Event Grid event(s) ARM would raise.
 */
final class Humans {
    static final String SUB = EventMutator.SUB;
    static final String NET = EventMutator.NET;
    static final ResourceId VNET = ResourceId.parse(NET + "/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = ResourceId.parse(EventMutator.SUBNET);
    static final ResourceId JUMPBOX = VNET.child("subnets", "jumpbox");
    static final ResourceId SEP = ResourceId.parse(EventMutator.SEP);
    static final ResourceId NSG = ResourceId.parse(EventMutator.NSG);
    static final ResourceId ROGUE_SEP = ResourceId.parse(NET + "/serviceEndpointPolicies/rogue-sep");
    static final ResourceId JUMPBOX_NSG = ResourceId.parse(NET + "/networkSecurityGroups/jumpbox-nsg");
    static final ResourceId BATCH_NSG = ResourceId.parse(EventMutator.BATCH_NSG);
    static final String EVIL = "/subscriptions/" + SUB + "/resourceGroups/personal-rg/providers/Microsoft.Storage/storageAccounts/mallorypersonal";
    static final String HUMAN_APP = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
    static final String BATCH_APP = "ddbf3205-c6bd-46ae-8127-60eb93363864";

    /** What one edit did: its name, whether the guard must undo it, the events ARM raised. */
    record Edit(String name, boolean drift, List<JsonObject> events) {
    }

    private final Random rnd;
    private final World real;
    private final World expected;
    private final JsonObject template;
    private final AtomicLong counter = new AtomicLong();
    private final MutableClock clock;

    Humans(Random rnd, InMemoryArmGateway real, InMemoryArmGateway expected, MutableClock clock) {
        this(rnd, World.of(real), World.of(expected), clock);
    }

    Humans(Random rnd, World real, World expected, MutableClock clock) {
        this.rnd = rnd;
        this.real = real;
        this.expected = expected;
        this.clock = clock;
        try {
            template = JsonParser.parseString(Files.readString(Path.of("examples/events/alias-removed.json")))
                    .getAsJsonArray().get(0).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A random edit anywhere: drift about 60 % of the time. */
    Edit any() throws SnapshotException {
        return rnd.nextInt(10) < 6 ? drift(Optional.empty()) : benign(Optional.empty());
    }

    /** An edit of the family of {@code family} (a concurrent edit racing the guard's write), or anywhere. */
    Edit on(ResourceId family) throws SnapshotException {
        return rnd.nextBoolean() ? drift(Optional.of(family)) : benign(Optional.of(family));
    }

    Edit drift(Optional<ResourceId> family) throws SnapshotException {
        try {
            return driftUnchecked(family);
        } catch (RuntimeException rejected) {
            return new Edit("drift (refused)", true, List.of());
        }
    }

    private Edit driftUnchecked(Optional<ResourceId> family) throws SnapshotException {
        List<Integer> choices = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ResourceId f = i < 2 ? SEP : i < 3 || i == 7 ? NSG : VNET;
            if (family.isEmpty() || family.get().equals(f)) {
                choices.add(i);
            }
        }
        if (choices.isEmpty()) {
            return benign(family);
        }
        return switch (choices.get(rnd.nextInt(choices.size()))) {
            case 0 -> deleteAlias();
            case 1 -> addEvilAccount();
            case 2 -> addBatchInbound();
            case 3 -> subnetEdit("detach-sep", s -> s.remove("serviceEndpointPolicies"), true);
            case 4 -> subnetEdit("detach-sep-and-storage-endpoint", s -> {
                s.remove("serviceEndpointPolicies");
                JsonArray kept = new JsonArray();
                array(s, "serviceEndpoints").forEach(e -> {
                    if (!e.getAsJsonObject().get("service").getAsString().equalsIgnoreCase("Microsoft.Storage")) {
                        kept.add(e);
                    }
                });
                s.add("serviceEndpoints", kept);
            }, true);
            case 5 -> subnetEdit("attach-rogue-sep", s -> {
                JsonArray policies = array(s, "serviceEndpointPolicies");
                JsonObject ref = new JsonObject();
                ref.addProperty("id", ROGUE_SEP.toString());
                policies.add(ref);
                s.add("serviceEndpointPolicies", policies);
            }, true);
            case 6 -> vnetPutDroppingSep();
            default -> nsgPutWithBatchRule();
        };
    }

    Edit benign(Optional<ResourceId> family) throws SnapshotException {
        List<Integer> choices = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ResourceId f = i == 0 || i == 8 ? SEP : i <= 3 ? NSG : i == 4 || i == 9 || i == 5 ? VNET : i == 6 ? BATCH_NSG : JUMPBOX_NSG;
            if (family.isEmpty() || family.get().equals(f)) {
                choices.add(i);
            }
        }
        if (choices.isEmpty()) {
            choices.add(6);
        }
        return switch (choices.get(rnd.nextInt(choices.size()))) {
            case 0 -> {
                String value = "round-" + counter.incrementAndGet();
                yield both("tag-sep", w -> tag(w, SEP, value), SEP, "Microsoft.Network/serviceEndpointPolicies/write", HUMAN_APP);
            }
            case 1 -> {
                String value = "round-" + counter.incrementAndGet();
                yield both("tag-nsg", w -> tag(w, NSG, value), NSG, "Microsoft.Network/networkSecurityGroups/write", HUMAN_APP);
            }
            case 2 -> {
                String name = "allow-ssh-from-vnet-" + counter.incrementAndGet();
                int priority = 300 + (int) (counter.get() % 90);
                yield both("add-unrelated-rule", w -> w.put(rule(NSG.child("securityRules", name), "Inbound", priority,
                                "VirtualNetwork", "22")), NSG.child("securityRules", name),
                        "Microsoft.Network/networkSecurityGroups/securityRules/write", HUMAN_APP);
            }
            case 3 -> {
                String description = "reviewed " + counter.incrementAndGet();
                ResourceId rule = NSG.child("securityRules", "allow-aad-outbound");
                yield both("describe-rule", w -> {
                    JsonObject r = w.resource(rule).orElseThrow();
                    r.getAsJsonObject("properties").addProperty("description", description);
                    w.put(r);
                }, rule, "Microsoft.Network/networkSecurityGroups/securityRules/write", HUMAN_APP);
            }
            case 4 -> {
                boolean add = rnd.nextBoolean();
                yield both("keyvault-endpoint-" + (add ? "on" : "off"), w -> editSubnet(w, SUBNET, s -> {
                    JsonArray kept = new JsonArray();
                    array(s, "serviceEndpoints").forEach(e -> {
                        if (!e.getAsJsonObject().get("service").getAsString().equals("Microsoft.KeyVault")) {
                            kept.add(e);
                        }
                    });
                    if (add) {
                        JsonObject kv = new JsonObject();
                        kv.addProperty("service", "Microsoft.KeyVault");
                        kept.add(kv);
                    }
                    s.add("serviceEndpoints", kept);
                }), SUBNET, "Microsoft.Network/virtualNetworks/subnets/write", HUMAN_APP);
            }
            case 5 -> {
                String value = rnd.nextBoolean() ? "Enabled" : "Disabled";
                yield both("private-endpoint-policies-" + value, w -> editSubnet(w, SUBNET,
                                s -> s.addProperty("privateEndpointNetworkPolicies", value)), SUBNET,
                        "Microsoft.Network/virtualNetworks/subnets/write", HUMAN_APP);
            }
            case 6 -> {
                boolean recreate = rnd.nextBoolean();
                int priority = 1000 + rnd.nextInt(50);
                yield both("batch-platform-" + (recreate ? "recreates" : "edits"), w -> {
                    JsonObject nsg = w.resource(BATCH_NSG).orElseThrow();
                    if (recreate) {
                        w.delete(BATCH_NSG);
                    } else {
                        nsg.getAsJsonObject("properties").getAsJsonArray("securityRules").get(0).getAsJsonObject()
                                .getAsJsonObject("properties").addProperty("priority", priority);
                    }
                    w.put(nsg);
                }, BATCH_NSG, "Microsoft.Network/networkSecurityGroups/write", BATCH_APP);
            }
            case 7 -> {
                int priority = 200 + rnd.nextInt(50);
                ResourceId rule = JUMPBOX_NSG.child("securityRules", "allow-batch-inbound");
                yield both("jumpbox-batch-rule", w -> {
                    JsonObject r = w.resource(rule).orElseThrow();
                    r.getAsJsonObject("properties").addProperty("priority", priority);
                    w.put(r);
                }, rule, "Microsoft.Network/networkSecurityGroups/securityRules/write", HUMAN_APP);
            }
            case 8 -> {
                String description = "approved list, reviewed " + counter.incrementAndGet();
                yield both("describe-storage-definition", w -> {
                    JsonObject d = storageDefinition(w);
                    d.getAsJsonObject("properties").addProperty("description", description);
                    w.put(d);
                }, SEP.child("serviceEndpointPolicyDefinitions", "storage-allow"),
                        "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write", HUMAN_APP);
            }
            default -> {
                String prefix = rnd.nextBoolean() ? "10.20.9.0/27" : "10.20.9.0/26";
                boolean withNsg = rnd.nextBoolean();
                yield both("jumpbox-subnet", w -> editSubnet(w, JUMPBOX, s -> {
                    s.addProperty("addressPrefix", prefix);
                    if (withNsg) {
                        JsonObject ref = new JsonObject();
                        ref.addProperty("id", JUMPBOX_NSG.toString());
                        s.add("networkSecurityGroup", ref);
                    } else {
                        s.remove("networkSecurityGroup");
                    }
                }), JUMPBOX, "Microsoft.Network/virtualNetworks/subnets/write", HUMAN_APP);
            }
        };
    }

    // ---- drift ------------------------------------------------------------------------------

    private Edit deleteAlias() throws SnapshotException {
        List<JsonObject> events = new ArrayList<>();
        for (JsonElement d : real.resource(SEP).orElseThrow().getAsJsonObject("properties")
                .getAsJsonArray("serviceEndpointPolicyDefinitions")) {
            if (d.toString().contains("/services/Azure/MachineLearning")) {
                ResourceId id = ResourceId.parse(d.getAsJsonObject().get("id").getAsString());
                real.delete(id);
                events.add(event(id, "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/delete",
                        false, HUMAN_APP));
            }
        }
        if (events.isEmpty()) {
            events.add(event(SEP, "Microsoft.Network/serviceEndpointPolicies/write", true, HUMAN_APP));
        }
        return new Edit("delete-alias", true, events);
    }

    private Edit addEvilAccount() throws SnapshotException {
        JsonObject def = storageDefinition(real);
        JsonArray entries = def.getAsJsonObject("properties").getAsJsonArray("serviceResources");
        if (!entries.toString().contains("mallorypersonal")) {
            entries.add(EVIL);
        }
        real.put(def);
        return new Edit("add-unapproved-account", true, List.of(event(ResourceId.parse(def.get("id").getAsString()),
                "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions/write", true, HUMAN_APP)));
    }

    private Edit addBatchInbound() throws SnapshotException {
        ResourceId id = NSG.child("securityRules", "allow-batch-inbound-" + counter.incrementAndGet());
        real.put(rule(id, "Inbound", 200 + (int) (counter.get() % 90), "BatchNodeManagement", "29876-29877"));
        return new Edit("add-batch-inbound", true, List.of(event(id,
                "Microsoft.Network/networkSecurityGroups/securityRules/write", true, HUMAN_APP)));
    }

    private Edit vnetPutDroppingSep() throws SnapshotException {
        JsonObject vnet = real.resource(VNET).orElseThrow();
        for (JsonElement s : vnet.getAsJsonObject("properties").getAsJsonArray("subnets")) {
            if (s.getAsJsonObject().get("name").getAsString().equals("compute")) {
                s.getAsJsonObject().getAsJsonObject("properties").remove("serviceEndpointPolicies");
            }
        }
        real.put(vnet);
        return new Edit("vnet-put-without-sep", true, List.of(event(VNET, "Microsoft.Network/virtualNetworks/write", true, HUMAN_APP)));
    }

    private Edit nsgPutWithBatchRule() throws SnapshotException {
        JsonObject nsg = real.resource(NSG).orElseThrow();
        String name = "tf-batch-" + counter.incrementAndGet();
        JsonObject rule = rule(NSG.child("securityRules", name), "Inbound", 250 + (int) (counter.get() % 40),
                "BatchNodeManagement.WestEurope", "29876-29877");
        nsg.getAsJsonObject("properties").getAsJsonArray("securityRules").add(rule);
        real.put(nsg);
        return new Edit("nsg-put-with-batch-rule", true, List.of(event(NSG, "Microsoft.Network/networkSecurityGroups/write", true, HUMAN_APP)));
    }

    private interface SubnetChange {
        void apply(JsonObject properties);
    }

    private interface WorldChange {
        void apply(World world) throws SnapshotException;
    }

    private Edit subnetEdit(String name, SubnetChange change, boolean drift) throws SnapshotException {
        editSubnet(real, SUBNET, change);
        return new Edit(name, drift, List.of(event(SUBNET, "Microsoft.Network/virtualNetworks/subnets/write", true, HUMAN_APP)));
    }

    private Edit both(String name, WorldChange change, ResourceId subject, String operation, String app) throws SnapshotException {
        try {
            change.apply(real);
        } catch (RuntimeException rejected) {
            // ARM refused the edit in the real world's current state (the emulator validates like
            // the network RP: a policy without its service endpoint...): nothing changed, no event.
            return new Edit(name + " (refused)", false, List.of());
        }
        change.apply(expected);
        return new Edit(name, false, List.of(event(subject, operation, !operation.endsWith("/delete"), app)));
    }

    private static void editSubnet(World world, ResourceId subnet, SubnetChange change) throws SnapshotException {
        JsonObject s = world.resource(subnet).orElseThrow();
        change.apply(s.getAsJsonObject("properties"));
        world.put(s);
    }

    private static void tag(World world, ResourceId id, String value) throws SnapshotException {
        JsonObject r = world.resource(id).orElseThrow();
        JsonObject tags = r.has("tags") && r.get("tags").isJsonObject() ? r.getAsJsonObject("tags") : new JsonObject();
        tags.addProperty("reviewed", value);
        r.add("tags", tags);
        world.put(r);
    }

    static JsonObject storageDefinition(World world) {
        for (JsonElement d : world.resource(SEP).orElseThrow().getAsJsonObject("properties")
                .getAsJsonArray("serviceEndpointPolicyDefinitions")) {
            if (d.getAsJsonObject().getAsJsonObject("properties").get("service").getAsString().equals("Microsoft.Storage")) {
                JsonObject copy = d.getAsJsonObject().deepCopy();
                copy.addProperty("type", "Microsoft.Network/serviceEndpointPolicies/serviceEndpointPolicyDefinitions");
                return copy;
            }
        }
        throw new IllegalStateException("no storage definition");
    }

    private static JsonObject rule(ResourceId id, String direction, int priority, String source, String port) {
        JsonObject props = new JsonObject();
        props.addProperty("protocol", "Tcp");
        props.addProperty("sourcePortRange", "*");
        props.addProperty("destinationPortRange", port);
        props.addProperty("sourceAddressPrefix", source);
        props.addProperty("destinationAddressPrefix", "*");
        props.addProperty("access", "Allow");
        props.addProperty("priority", priority);
        props.addProperty("direction", direction);
        JsonObject rule = new JsonObject();
        rule.addProperty("id", id.toString());
        rule.addProperty("name", id.name());
        rule.addProperty("type", "Microsoft.Network/networkSecurityGroups/securityRules");
        rule.add("properties", props);
        return rule;
    }

    private static JsonArray array(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonArray() ? o.getAsJsonArray(key) : new JsonArray();
    }

    /** The event ARM raises for an operation on {@code subject}, by {@code app}. */
    JsonObject event(ResourceId subject, String operation, boolean write, String app) {
        JsonObject e = template.deepCopy();
        e.addProperty("id", "chaos-" + Long.toHexString(rnd.nextLong()));
        e.addProperty("subject", subject.toString());
        e.addProperty("eventType", write ? "Microsoft.Resources.ResourceWriteSuccess" : "Microsoft.Resources.ResourceDeleteSuccess");
        e.addProperty("eventTime", clock.instant().toString());
        JsonObject data = e.getAsJsonObject("data");
        data.addProperty("operationName", operation);
        data.addProperty("resourceUri", subject.toString());
        data.addProperty("correlationId", "corr-" + Long.toHexString(rnd.nextLong()));
        data.getAsJsonObject("claims").addProperty("appid", app);
        data.getAsJsonObject("authorization").addProperty("action", operation);
        data.getAsJsonObject("authorization").addProperty("scope", subject.toString());
        if (app.equals(Rig.GUARD_APP_ID)) {
            data.getAsJsonObject("claims").remove("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn");
            data.getAsJsonObject("claims").addProperty("http://schemas.microsoft.com/identity/claims/objectidentifier", Rig.GUARD_OBJECT_ID);
            data.getAsJsonObject("authorization").getAsJsonObject("evidence").addProperty("principalId", Rig.GUARD_OBJECT_ID.replace("-", ""));
        }
        return e;
    }
}
