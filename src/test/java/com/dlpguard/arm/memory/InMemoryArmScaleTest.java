package com.dlpguard.arm.memory;

import com.dlpguard.arm.ReadScope;
import com.dlpguard.json.Json;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.dlpguard.snapshot.SnapshotLoader;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A subscription-sized estate (250 VNets x 4 subnets, 250 NSGs x 20 rules, 250 SEPs) through the
 * snapshot loader and the in-memory ARM: proves reads stay linear. Timings go to the surefire
 * output file; only correctness is asserted (the machine is shared).
 */
class InMemoryArmScaleTest {

    static final String SUB = "00000000-0000-0000-0000-0000000000aa";
    static final int N = 250;

    @Test
    void aLargeEstateLoadsAndReads() throws Exception {
        List<JsonObject> docs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            String net = "/subscriptions/" + SUB + "/resourceGroups/rg" + (i % 10) + "/providers/Microsoft.Network";
            String nsg = net + "/networkSecurityGroups/nsg" + i;
            String sep = net + "/serviceEndpointPolicies/sep" + i;
            JsonArray rules = new JsonArray();
            for (int r = 0; r < 20; r++) {
                rules.add(JsonParser.parseString("""
                        {"name": "r%d", "properties": {"priority": %d, "direction": "Outbound", "access": "Allow",
                         "protocol": "Tcp", "sourceAddressPrefix": "*", "sourcePortRange": "*",
                         "destinationAddressPrefix": "Storage.westeurope", "destinationPortRange": "443"}}""".formatted(r, 100 + r)));
            }
            JsonObject nsgDoc = JsonParser.parseString("{\"id\": \"" + nsg + "\", \"location\": \"westeurope\"}").getAsJsonObject();
            JsonObject nsgProps = new JsonObject();
            nsgProps.add("securityRules", rules);
            nsgDoc.add("properties", nsgProps);
            docs.add(nsgDoc);
            docs.add(JsonParser.parseString("""
                    {"id": "%s", "location": "westeurope", "properties": {"serviceEndpointPolicyDefinitions": [
                      {"name": "alias", "properties": {"service": "Global", "serviceResources": ["/services/Azure/MachineLearning"]}}]}}"""
                    .formatted(sep)).getAsJsonObject());
            JsonArray subnets = new JsonArray();
            for (int s = 0; s < 4; s++) {
                subnets.add(JsonParser.parseString("""
                        {"name": "s%d", "properties": {"addressPrefix": "10.%d.%d.0/24", "networkSecurityGroup": {"id": "%s"},
                         "serviceEndpointPolicies": [{"id": "%s"}], "serviceEndpoints": [{"service": "Microsoft.Storage"}]}}"""
                        .formatted(s, i % 250, s, nsg, sep)));
            }
            JsonObject vnet = JsonParser.parseString("{\"id\": \"" + net + "/virtualNetworks/v" + i + "\", \"location\": \"westeurope\"}")
                    .getAsJsonObject();
            JsonObject vnetProps = new JsonObject();
            vnetProps.add("subnets", subnets);
            vnet.add("properties", vnetProps);
            docs.add(vnet);
        }
        JsonArray all = new JsonArray();
        docs.forEach(all::add);
        byte[] bytes = Json.compactGson().toJson(all).getBytes(StandardCharsets.UTF_8);

        for (int k = 0; k < 3; k++) {
            SnapshotLoader.parse(bytes, "warm-up.json"); // JIT warm-up: the figures below are steady state
        }
        long t0 = System.nanoTime();
        Estate loaded = SnapshotLoader.parse(bytes, "large.json");
        long t1 = System.nanoTime();
        InMemoryArmGateway arm = InMemoryArmGateway.fromResources(docs);
        long t2 = System.nanoTime();
        arm.read(new ReadScope.Subscription(SUB, Optional.empty()));
        long t2b = System.nanoTime();
        Estate whole = arm.read(new ReadScope.Subscription(SUB, Optional.empty()));
        long t3 = System.nanoTime();
        ResourceId subnet = ResourceId.parse("/subscriptions/" + SUB + "/resourceGroups/rg7/providers/Microsoft.Network/virtualNetworks/v7/subnets/s2");
        Estate targeted = null;
        for (int i = 0; i < 100; i++) {
            targeted = arm.read(new ReadScope.Targeted(Set.of(subnet), Set.of(), Set.of(), Set.of(), false));
        }
        long t4 = System.nanoTime();

        assertEquals(N * 4, loaded.subnets().size());
        assertEquals(N * 4, whole.subnets().size());
        assertEquals(20, whole.networkSecurityGroups().values().iterator().next().securityRules().size());
        assertEquals(4, whole.networkSecurityGroups().values().iterator().next().subnetIds().size());
        assertEquals(1, targeted.networkSecurityGroups().size());
        System.out.printf("scale: %d KiB snapshot, %d resources+children; SnapshotLoader.parse %d ms; "
                        + "InMemoryArmGateway.fromResources %d ms; subscription read (2nd) %d ms; targeted read %.2f ms each%n",
                bytes.length / 1024, N * (1 + 20 + 1 + 1 + 1 + 4), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                (t3 - t2b) / 1_000_000, (t4 - t3) / 1e6 / 100);
    }
}
