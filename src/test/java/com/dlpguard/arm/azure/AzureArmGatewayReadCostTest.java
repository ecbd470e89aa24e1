package com.dlpguard.arm.azure;

import com.dlpguard.arm.ArmGateway;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.arm.emulator.RequestLog;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CLOCK;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.COMPUTE;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.TODAY;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.scopeOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ARM calls per read, counted from the emulator's request log, and wall times; the figures are printed. */
class AzureArmGatewayReadCostTest {

    @Test
    void oneSubnetScopeCostsAtMostFiveGets() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            RequestLog log = arm.emulator.requests();
            long start = System.nanoTime();
            Estate first = arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(5, log.reads(), log.describe());
            assertEquals(5, log.resourceGets(), "subnet, SEP, NSG, route table, workspace");
            assertTrue(first.subnet(COMPUTE).isPresent() && first.routeTables().size() == 1 && first.workspaces().size() == 1);

            log.clear();
            start = System.nanoTime();
            arm.gateway.read(scopeOf(Set.of(COMPUTE), false));
            long warmMillis = (System.nanoTime() - start) / 1_000_000;
            assertEquals(4, log.reads(), "the workspace (its default storage account cannot change) is cached");

            log.clear();
            arm.gateway.read(scopeOf(Set.of(COMPUTE), true));
            long withEnvironments = log.reads();
            assertEquals(4 + 1 + 2, withEnvironments, "+ the environment list and one version list per environment (DLP013)");
            System.out.printf("read cost: one subnet scope: %d GETs cold (%d ms, first read of a new gateway), %d GETs warm (%d ms),"
                    + " %d GETs with DLP013's environment versions (2 environments)%n", 5, firstMillis, 4, warmMillis, withEnvironments);
        }
    }

    /**
     * A cold instance's warm-up (token, TLS handshake, the write path's classes) sends one GET of
     * ARM's public metadata and nothing else: no resource read, no write.
     */
    @Test
    void theWarmUpSendsOneMetadataGetAndNothingElse() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.requests().clear();
            arm.gateway.warmUp();
            arm.gateway.read(scopeOf(Set.of(COMPUTE), false)); // waits for the warm-up
            Thread.sleep(500); // the preload runs after the warm-up's GET; give it time to misbehave
            List<String> paths = arm.emulator.requests().entries().stream().map(e -> e.method() + " " + e.path()).toList();
            assertEquals(1, paths.stream().filter(p -> p.equals("GET /metadata/endpoints")).count(), paths.toString());
            assertEquals(5 + 1, paths.size(), "the metadata GET and the read's five: " + paths);
            assertTrue(paths.stream().allMatch(p -> p.startsWith("GET ")), paths.toString());
        }
    }

    @Test
    void referencesSharedByTwoSubnetsAreReadOnce() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.gateway.read(scopeOf(Set.of(COMPUTE, AzureArmGatewayReadTest.TRAINING), false));
            // compute: subnet, NSG, compute-rt; training: subnet, fw-rt; shared: SEP; workspace.
            assertEquals(7, arm.emulator.requests().reads(), arm.emulator.requests().describe());
            assertEquals(1, arm.emulator.requests().matching("GET", ".*/serviceEndpointPolicies/aml-dlp").size());
            System.out.printf("read cost: two subnet scopes sharing a SEP: %d GETs%n", arm.emulator.requests().reads());
        }
    }

    @Test
    void aLargeSubscriptionIsReadWithPagedListCallsOnly() throws Exception {
        int vnets = 100;
        int subnetsPerVnet = 5;
        int nsgs = 200;
        int seps = 50;
        int routeTables = 40;
        int pageSize = 100;
        try (ArmEmulator emulator = ArmEmulator.builder().pageSize(pageSize).start()) {
            emulator.seed(largeSubscription(vnets, subnetsPerVnet, nsgs, seps, routeTables));
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                long start = System.nanoTime();
                Estate estate = arm.gateway.read(new ReadScope.Subscription(LARGE_SUB, Optional.empty()));
                long millis = (System.nanoTime() - start) / 1_000_000;

                assertEquals(vnets * subnetsPerVnet, estate.subnets().size());
                assertEquals(nsgs, estate.networkSecurityGroups().size());
                assertEquals(seps, estate.serviceEndpointPolicies().size());
                assertEquals(routeTables, estate.routeTables().size());
                assertEquals(4 * nsgs, estate.networkSecurityGroups().values().stream().mapToInt(n -> n.securityRules().size()).sum());
                assertTrue(estate.readFailures().isEmpty());

                RequestLog log = emulator.requests();
                assertEquals(0, log.resourceGets(), "never one GET per resource");
                long expectedPages = pages(vnets, pageSize) + pages(nsgs, pageSize) + pages(seps, pageSize)
                        + pages(routeTables, pageSize) + 1 /* workspaces */;
                assertEquals(expectedPages, log.listGets(), log.describe());
                assertEquals(log.reads(), log.listGets());
                assertTrue(arm.progress.containsAll(List.of("listed virtual networks", "listed network security groups",
                        "listed service endpoint policies", "listed route tables", "listed machine learning workspaces")), arm.progress.toString());
                System.out.printf("read cost: subscription of %d subnets / %d NSGs / %d SEPs / %d route tables: %d list calls"
                                + " (pages of %d), 0 resource GETs, %d ms%n", vnets * subnetsPerVnet, nsgs, seps, routeTables,
                        log.listGets(), pageSize, millis);
            }
        }
    }

    /**
     * A sweep lists the resource groups of its scope (fewer requests than GETs) with the scope as its
     * interest: everything is listed and parsed, but only what the targeted read would have read
     * by GETs is mapped and kept (issue 16: the sweep's time and heap went into 5,000 subnets and
     * 2,000 NSGs no rule looks at). A protected subnet's NSG in another resource group is kept by
     * that group's listing because the NSG says it serves the subnet.
     */
    @Test
    void aListingWithAnInterestKeepsWhatTheTargetedReadWouldRead() throws Exception {
        int pageSize = 100;
        JsonArray seed = largeSubscription(100, 5, 200, 50, 40);
        String rg = "/subscriptions/" + LARGE_SUB + "/resourceGroups/";
        String net = rg + "big-rg/providers/Microsoft.Network";
        ResourceId crossGroupSubnet = ResourceId.parse(net + "/virtualNetworks/vnet-42/subnets/subnet-4");
        String otherNsg = rg + "other-rg/providers/Microsoft.Network/networkSecurityGroups/shared-nsg";
        for (JsonElement r : seed) {
            if (r.getAsJsonObject().get("id").getAsString().endsWith("/virtualNetworks/vnet-42")) {
                JsonObject subnet = r.getAsJsonObject().getAsJsonObject("properties").getAsJsonArray("subnets").get(4).getAsJsonObject();
                subnet.getAsJsonObject("properties").getAsJsonObject("networkSecurityGroup").addProperty("id", otherNsg);
            }
        }
        for (String name : List.of("shared-nsg", "unrelated-nsg")) {
            JsonObject nsg = new JsonObject();
            nsg.addProperty("id", rg + "other-rg/providers/Microsoft.Network/networkSecurityGroups/" + name);
            nsg.addProperty("name", name);
            nsg.addProperty("location", "westeurope");
            JsonObject props = new JsonObject();
            props.add("securityRules", new JsonArray());
            JsonArray served = new JsonArray();
            if (name.equals("shared-nsg")) {
                JsonObject ref = new JsonObject();
                ref.addProperty("id", crossGroupSubnet.toString());
                served.add(ref);
            }
            props.add("subnets", served);
            nsg.add("properties", props);
            seed.add(nsg);
        }
        Set<ResourceId> protectedSubnets = Set.of(ResourceId.parse(net + "/virtualNetworks/vnet-3/subnets/subnet-1"), crossGroupSubnet);
        ResourceId configuredSep = ResourceId.parse(net + "/serviceEndpointPolicies/sep-7");
        ReadScope.Targeted interest = new ReadScope.Targeted(protectedSubnets, Set.of(configuredSep), Set.of(), Set.of(), false);
        try (ArmEmulator emulator = ArmEmulator.builder().pageSize(pageSize).start()) {
            emulator.seed(seed);
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                Estate byGets = arm.gateway.read(interest);
                Estate everything = arm.gateway.read(new ReadScope.Subscription(LARGE_SUB, Optional.of("big-rg")));
                emulator.requests().clear();
                ArmGateway.Listing listing = arm.gateway.readListing(
                        new ReadScope.Subscription(LARGE_SUB, Optional.of("big-rg"), Optional.of(interest)));
                Estate kept = listing.estate();
                long networkPages = emulator.requests().listGets() - 1; // the workspace list is not a network list
                ArmGateway.Listing other = arm.gateway.readListing(
                        new ReadScope.Subscription(LARGE_SUB, Optional.of("other-rg"), Optional.of(interest)));

                assertEquals(Set.of(ResourceId.parse(net + "/virtualNetworks/vnet-3"), ResourceId.parse(net + "/virtualNetworks/vnet-42")),
                        kept.virtualNetworks().keySet());
                for (ResourceId subnet : protectedSubnets) {
                    assertEquals(everything.subnet(subnet), kept.subnet(subnet), "the same document as a full listing");
                }
                Set<ResourceId> nsgsInBigRg = byGets.networkSecurityGroups().keySet().stream()
                        .filter(id -> id.resourceGroup().orElseThrow().equals("big-rg")).collect(java.util.stream.Collectors.toSet());
                assertEquals(nsgsInBigRg, kept.networkSecurityGroups().keySet());
                assertEquals(byGets.serviceEndpointPolicies().keySet(), kept.serviceEndpointPolicies().keySet());
                assertEquals(Set.of(), kept.routeTables().keySet(), "no protected subnet has a route table");
                kept.networkSecurityGroups().forEach((id, nsg) -> assertEquals(everything.networkSecurityGroups().get(id), nsg));
                assertEquals(networkPages, listing.pages().getAsInt(), "every page is still requested and counted");
                assertEquals(Set.of(ResourceId.parse(otherNsg)), other.estate().networkSecurityGroups().keySet(),
                        "the NSG another group's protected subnet uses is kept; the unrelated one is not");
                assertTrue(byGets.networkSecurityGroups().containsKey(ResourceId.parse(otherNsg)));
                System.out.printf("read cost: listing big-rg with an interest of %d subnets: %d pages, kept %d VNets / %d NSGs of"
                                + " %d / %d%n", protectedSubnets.size(), listing.pages().getAsInt(), kept.virtualNetworks().size(),
                        kept.networkSecurityGroups().size(), everything.virtualNetworks().size(),
                        everything.networkSecurityGroups().size());
            }
        }
    }

    /**
     * Same-group references are followed forward, from the protected subnets, never from ARM's
     * back-references (the list pages are rewritten here without {@code properties.subnets}); and
     * a reference the listing did not return (nsg-16 cut from its page) is read by GET.
     */
    @Test
    void referencesAreFollowedForwardAndWhatTheListingMissedIsReadByGet() throws Exception {
        String net = "/subscriptions/" + LARGE_SUB + "/resourceGroups/big-rg/providers/Microsoft.Network";
        Set<ResourceId> protectedSubnets = Set.of(ResourceId.parse(net + "/virtualNetworks/vnet-3/subnets/subnet-1"),
                ResourceId.parse(net + "/virtualNetworks/vnet-42/subnets/subnet-4"));
        ReadScope.Targeted interest = new ReadScope.Targeted(protectedSubnets, Set.of(), Set.of(), Set.of(), false);
        try (ArmEmulator emulator = ArmEmulator.builder().pageSize(100).start()) {
            emulator.seed(largeSubscription(100, 5, 200, 50, 40));
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                Estate byGets = arm.gateway.read(interest);
                emulator.requests().clear();
                emulator.faults().add("GET", ".*/big-rg/providers/Microsoft.Network/networkSecurityGroups", Fault.rewriteBody(page -> {
                    JsonObject o = com.google.gson.JsonParser.parseString(page).getAsJsonObject();
                    JsonArray without = new JsonArray();
                    for (JsonElement n : o.getAsJsonArray("value")) {
                        n.getAsJsonObject().getAsJsonObject("properties").remove("subnets");
                        if (!n.getAsJsonObject().get("name").getAsString().equals("nsg-16")) {
                            without.add(n);
                        }
                    }
                    o.add("value", without);
                    return o.toString();
                }), 10);
                Estate kept = arm.gateway.readListing(
                        new ReadScope.Subscription(LARGE_SUB, Optional.of("big-rg"), Optional.of(interest))).estate();
                assertEquals(Set.of(ResourceId.parse(net + "/networkSecurityGroups/nsg-16"),
                        ResourceId.parse(net + "/networkSecurityGroups/nsg-14")), byGets.networkSecurityGroups().keySet());
                assertEquals(byGets.networkSecurityGroups().keySet(), kept.networkSecurityGroups().keySet());
                assertEquals(List.of("/subscriptions/" + LARGE_SUB + "/resourceGroups/big-rg/providers/Microsoft.Network/networkSecurityGroups/nsg-16"),
                        emulator.requests().matching("GET", ".*/networkSecurityGroups/nsg-[0-9]+").stream()
                                .map(RequestLog.Entry::path).toList(), emulator.requests().describe());
            }
        }
    }

    /**
     * A cold check of the example estate through the emulator: a new gateway (new HTTP client,
     * TLS handshakes, no cache) reads what the configuration names, evaluates and plans. Median of 5.
     */
    @Test
    void aColdCheckOfTheExampleEstate() throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), TODAY);
        List<Long> millis = new ArrayList<>();
        long calls = 0;
        long subscriptionCalls = 0;
        List<Long> subscriptionMillis = new ArrayList<>();
        try (ArmEmulator emulator = ArmEmulator.start()) {
            emulator.seed(Path.of("examples/drifted"));
            for (int i = 0; i < 5; i++) {
                emulator.requests().clear();
                long start = System.nanoTime();
                try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                    Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
                    ReconcileResult result = reconciler.reconcile(config, ReconcileRequest.everything(true));
                    assertTrue(result.found().hasCountingViolations());
                    assertTrue(!result.plan().isEmpty());
                }
                millis.add((System.nanoTime() - start) / 1_000_000);
                calls = emulator.requests().reads();

                emulator.requests().clear();
                start = System.nanoTime();
                try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                    arm.gateway.read(new ReadScope.Subscription("3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11", Optional.empty()));
                }
                subscriptionMillis.add((System.nanoTime() - start) / 1_000_000);
                subscriptionCalls = emulator.requests().reads();
            }
        }
        System.out.printf("cold check of examples/drifted (targeted read + evaluate + plan, new gateway each time): median %d ms"
                + " of %s, %d ARM GETs; subscription-wide read: median %d ms of %s, %d list calls%n",
                median(millis), millis, calls, median(subscriptionMillis), subscriptionMillis, subscriptionCalls);
        assertTrue(calls <= 12, "one workspace, one subnet: a handful of GETs");
    }

    static final String LARGE_SUB = "11111111-2222-3333-4444-555555555555";

    static JsonArray largeSubscription(int vnets, int subnetsPerVnet, int nsgs, int seps, int routeTables) {
        String rg = "/subscriptions/" + LARGE_SUB + "/resourceGroups/big-rg";
        String net = rg + "/providers/Microsoft.Network";
        JsonArray all = new JsonArray();
        for (int n = 0; n < nsgs; n++) {
            String id = net + "/networkSecurityGroups/nsg-" + n;
            JsonArray rules = new JsonArray();
            for (int r = 0; r < 4; r++) {
                JsonObject p = new JsonObject();
                p.addProperty("protocol", "Tcp");
                p.addProperty("sourcePortRange", "*");
                p.addProperty("destinationPortRange", "443");
                p.addProperty("sourceAddressPrefix", "VirtualNetwork");
                p.addProperty("destinationAddressPrefix", r % 2 == 0 ? "Storage.westeurope" : "AzureMachineLearning");
                p.addProperty("access", "Allow");
                p.addProperty("priority", 100 + r);
                p.addProperty("direction", "Outbound");
                rules.add(resource(id + "/securityRules/rule-" + r, null, p));
            }
            JsonObject p = new JsonObject();
            p.add("securityRules", rules);
            all.add(resource(id, "westeurope", p));
        }
        for (int s = 0; s < seps; s++) {
            String id = net + "/serviceEndpointPolicies/sep-" + s;
            JsonArray definitions = new JsonArray();
            JsonObject alias = new JsonObject();
            alias.addProperty("service", "Global");
            JsonArray aliases = new JsonArray();
            aliases.add("/services/Azure/MachineLearning");
            alias.add("serviceResources", aliases);
            definitions.add(resource(id + "/serviceEndpointPolicyDefinitions/alias", null, alias));
            JsonObject p = new JsonObject();
            p.add("serviceEndpointPolicyDefinitions", definitions);
            all.add(resource(id, "westeurope", p));
        }
        for (int t = 0; t < routeTables; t++) {
            String id = net + "/routeTables/rt-" + t;
            JsonObject route = new JsonObject();
            route.addProperty("addressPrefix", "10.200.0.0/16");
            route.addProperty("nextHopType", "VnetLocal");
            JsonArray routes = new JsonArray();
            routes.add(resource(id + "/routes/local", null, route));
            JsonObject p = new JsonObject();
            p.add("routes", routes);
            all.add(resource(id, "westeurope", p));
        }
        int subnet = 0;
        for (int v = 0; v < vnets; v++) {
            String id = net + "/virtualNetworks/vnet-" + v;
            JsonArray subnets = new JsonArray();
            for (int s = 0; s < subnetsPerVnet; s++, subnet++) {
                JsonObject p = new JsonObject();
                p.addProperty("addressPrefix", "10." + v + "." + s + ".0/24");
                JsonObject nsg = new JsonObject();
                nsg.addProperty("id", net + "/networkSecurityGroups/nsg-" + (subnet % nsgs));
                p.add("networkSecurityGroup", nsg);
                subnets.add(resource(id + "/subnets/subnet-" + s, null, p));
            }
            JsonObject p = new JsonObject();
            JsonObject space = new JsonObject();
            JsonArray prefixes = new JsonArray();
            prefixes.add("10." + v + ".0.0/16");
            space.add("addressPrefixes", prefixes);
            p.add("addressSpace", space);
            p.add("subnets", subnets);
            all.add(resource(id, "westeurope", p));
        }
        return all;
    }

    private static JsonObject resource(String id, String location, JsonObject properties) {
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("name", id.substring(id.lastIndexOf('/') + 1));
        if (location != null) {
            r.addProperty("location", location);
        }
        r.add("properties", properties);
        return r;
    }

    private static long pages(int items, int pageSize) {
        return Math.max(1, (items + pageSize - 1) / pageSize);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
