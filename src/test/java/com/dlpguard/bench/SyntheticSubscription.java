package com.dlpguard.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A large subscription made from the compliant example's own resources (so every rule judges
 * real ARM shapes): {@code vnets × subnetsPerVnet} subnets, {@code nsgs} NSGs with the example's
 * rules, {@code seps} service endpoint policies with its two definitions, and {@code workspaces}
 * ML workspaces; workspace {@code w} protects the first {@code protectedPerWorkspace} subnets of
 * VNet {@code w}, attached to SEP {@code w} and an NSG of their own. Other subnets carry an NSG
 * and, one in two, a SEP: noise the guard must read past.
 */
final class SyntheticSubscription {
    static final String SUBSCRIPTION = "5b0c7e21-8d3a-4f6b-9e2c-1a7d4f8b3c90";
    static final String NET_RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/synth-net-rg/providers/Microsoft.Network";
    static final String ML_RG = "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/synth-ml-rg/providers";

    record Shape(int vnets, int subnetsPerVnet, int nsgs, int seps, int workspaces, int protectedPerWorkspace) {
        Shape {
            if (workspaces > vnets || workspaces > seps || protectedPerWorkspace > subnetsPerVnet) {
                throw new IllegalArgumentException("each workspace needs its own VNet and SEP: " + this);
            }
        }

        int subnets() {
            return vnets * subnetsPerVnet;
        }

        /** The issue's figure: 5,000 subnets, 2,000 NSGs, 500 SEPs; 5 workspaces of 10 protected subnets. */
        static Shape issue() {
            return new Shape(500, 10, 2000, 500, 5, 10);
        }
    }

    record Generated(List<JsonObject> resources, String configJson, int protectedSubnets) {
    }

    private SyntheticSubscription() {
    }

    static String vnetId(int v) {
        return NET_RG + "/virtualNetworks/" + String.format(Locale.ROOT, "vnet-%04d", v);
    }

    static String subnetId(int v, int s) {
        return vnetId(v) + "/subnets/" + String.format(Locale.ROOT, "snet-%02d", s);
    }

    static String nsgId(int n) {
        return NET_RG + "/networkSecurityGroups/" + String.format(Locale.ROOT, "nsg-%04d", n);
    }

    static String sepId(int p) {
        return NET_RG + "/serviceEndpointPolicies/" + String.format(Locale.ROOT, "sep-%04d", p);
    }

    static String workspaceId(int w) {
        return ML_RG + "/Microsoft.MachineLearningServices/workspaces/" + String.format(Locale.ROOT, "ws-%04d", w);
    }

    static String storageId(int w) {
        return ML_RG + "/Microsoft.Storage/storageAccounts/" + String.format(Locale.ROOT, "synthst%04d", w);
    }

    static Generated generate(Shape shape) throws IOException {
        JsonArray network = values(Path.of("examples/compliant/network.json"));
        JsonArray ml = values(Path.of("examples/compliant/workspace.json"));
        JsonObject vnetTemplate = ofType(network, "Microsoft.Network/virtualNetworks");
        JsonObject subnetTemplate = vnetTemplate.getAsJsonObject("properties").getAsJsonArray("subnets").get(0).getAsJsonObject();
        JsonObject nsgTemplate = ofType(network, "Microsoft.Network/networkSecurityGroups");
        JsonObject sepTemplate = ofType(network, "Microsoft.Network/serviceEndpointPolicies");
        JsonObject workspaceTemplate = ofType(ml, "Microsoft.MachineLearningServices/workspaces");
        String exampleStorage = workspaceTemplate.getAsJsonObject("properties").get("storageAccount").getAsString();

        List<JsonObject> out = new ArrayList<>();
        for (int n = 0; n < shape.nsgs(); n++) {
            JsonObject nsg = renamed(nsgTemplate, id(nsgTemplate), nsgId(n));
            nsg.getAsJsonObject("properties").remove("subnets"); // ARM's back-reference: recomputed by the emulators
            out.add(nsg);
        }
        for (int p = 0; p < shape.seps(); p++) {
            // SEP p belongs to workspace p when there is one; the others allow workspace 0's account.
            JsonObject sep = renamed(sepTemplate, id(sepTemplate), sepId(p));
            sep = renamed(sep, exampleStorage, storageId(p < shape.workspaces() ? p : 0));
            sep.getAsJsonObject("properties").remove("subnets");
            out.add(sep);
        }
        StringBuilder config = new StringBuilder("{\"workspaces\":[");
        for (int v = 0; v < shape.vnets(); v++) {
            JsonObject vnet = renamed(vnetTemplate, id(vnetTemplate), vnetId(v));
            vnet.getAsJsonObject("properties").getAsJsonObject("addressSpace").add("addressPrefixes",
                    array(String.format(Locale.ROOT, "10.%d.%d.0/22", v / 64, (v % 64) * 4)));
            JsonArray subnets = new JsonArray();
            for (int s = 0; s < shape.subnetsPerVnet(); s++) {
                boolean isProtected = v < shape.workspaces() && s < shape.protectedPerWorkspace();
                JsonObject subnet = subnetTemplate.deepCopy();
                subnet.addProperty("id", subnetId(v, s));
                subnet.addProperty("name", String.format(Locale.ROOT, "snet-%02d", s));
                subnet.addProperty("etag", vnet.get("etag").getAsString());
                JsonObject props = subnet.getAsJsonObject("properties");
                props.addProperty("addressPrefix", String.format(Locale.ROOT, "10.%d.%d.%d/26", v / 64, (v % 64) * 4 + s / 4, (s % 4) * 64));
                int nsg = (v * shape.subnetsPerVnet() + s) % shape.nsgs();
                props.add("networkSecurityGroup", reference(nsgId(nsg)));
                if (isProtected) {
                    props.add("serviceEndpointPolicies", references(sepId(v)));
                } else if (s % 2 == 0) {
                    props.add("serviceEndpointPolicies", references(sepId(v % shape.seps())));
                } else {
                    props.remove("serviceEndpointPolicies");
                }
                subnets.add(subnet);
            }
            vnet.getAsJsonObject("properties").add("subnets", subnets);
            out.add(vnet);
        }
        for (int w = 0; w < shape.workspaces(); w++) {
            JsonObject workspace = renamed(workspaceTemplate, id(workspaceTemplate), workspaceId(w));
            workspace = renamed(workspace, exampleStorage, storageId(w));
            workspace.addProperty("name", String.format(Locale.ROOT, "ws-%04d", w));
            out.add(workspace);
            if (w > 0) {
                config.append(',');
            }
            config.append("{\"name\":\"ws-").append(w).append("\",\"region\":\"westeurope\",\"workspaceId\":\"")
                    .append(workspaceId(w)).append("\",\"subnets\":[");
            for (int s = 0; s < shape.protectedPerWorkspace(); s++) {
                config.append(s > 0 ? "," : "").append('"').append(subnetId(w, s)).append('"');
            }
            config.append("],\"serviceEndpointPolicy\":\"").append(sepId(w))
                    .append("\",\"defaultStorageAccount\":\"").append(storageId(w))
                    .append("\",\"defaultStorageHasPrivateEndpoint\":false,\"allowedStorageAccounts\":[],\"allowBatchInbound\":false}");
        }
        // The example's modes; DLP013 (environment images) off: the synthetic workspaces have no environments.
        config.append("],\"rules\":{\"default\":\"alert\",\"DLP001\":\"rollback\",\"DLP002\":\"rollback\",\"DLP003\":\"rollback\","
                + "\"DLP005\":\"rollback\",\"DLP009\":\"rollback\",\"DLP013\":\"off\"},\"exemptions\":[]}");
        return new Generated(out, config.toString(), shape.workspaces() * shape.protectedPerWorkspace());
    }

    private static JsonArray values(Path file) throws IOException {
        JsonElement e = JsonParser.parseString(Files.readString(file));
        return e.isJsonArray() ? e.getAsJsonArray() : e.getAsJsonObject().getAsJsonArray("value");
    }

    private static JsonObject ofType(JsonArray resources, String type) {
        for (JsonElement e : resources) {
            if (e.getAsJsonObject().get("type").getAsString().equalsIgnoreCase(type)) {
                return e.getAsJsonObject();
            }
        }
        throw new IllegalStateException("examples/compliant has no " + type);
    }

    private static String id(JsonObject resource) {
        return resource.get("id").getAsString();
    }

    /** The resource with every occurrence of one id (its own, its children's prefixes) replaced. */
    private static JsonObject renamed(JsonObject resource, String from, String to) {
        // Ids hold no character JSON escapes, so the serialised text can be edited directly.
        String json = resource.toString().replace(from, to);
        JsonObject copy = JsonParser.parseString(json).getAsJsonObject();
        if (copy.has("name") && id(resource).equals(from)) {
            copy.addProperty("name", to.substring(to.lastIndexOf('/') + 1));
        }
        return copy;
    }

    private static JsonObject reference(String id) {
        JsonObject o = new JsonObject();
        o.addProperty("id", id);
        return o;
    }

    private static JsonArray references(String id) {
        JsonArray a = new JsonArray();
        a.add(reference(id));
        return a;
    }

    private static JsonArray array(String value) {
        JsonArray a = new JsonArray();
        a.add(value);
        return a;
    }
}
