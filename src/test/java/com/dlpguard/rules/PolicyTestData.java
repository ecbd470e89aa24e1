package com.dlpguard.rules;

import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.Estate;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.Route;
import com.dlpguard.model.RouteTable;
import com.dlpguard.model.ServiceEndpoint;
import com.dlpguard.model.ServiceEndpointPolicy;
import com.dlpguard.model.ServiceEndpointPolicyDefinition;
import com.dlpguard.model.Subnet;
import com.dlpguard.model.VirtualNetwork;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built model values for the focused unit tests of DLP001-DLP005, DLP012, DLP013 (read failures need them). */
final class PolicyTestData {
    static final String RG = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg";
    static final ResourceId VNET = ResourceId.parse(RG + "/providers/Microsoft.Network/virtualNetworks/ml-vnet");
    static final ResourceId SUBNET = VNET.child("subnets", "compute");
    static final ResourceId SEP = ResourceId.parse(RG + "/providers/Microsoft.Network/serviceEndpointPolicies/aml-dlp");
    static final ResourceId OTHER_SEP = ResourceId.parse(RG + "/providers/Microsoft.Network/serviceEndpointPolicies/shared-sep");
    static final ResourceId RT = ResourceId.parse(RG + "/providers/Microsoft.Network/routeTables/compute-rt");
    static final ResourceId STORE = ResourceId.parse(RG + "/providers/Microsoft.Storage/storageAccounts/contosomlstore");
    static final ResourceId EVIL = ResourceId.parse(
            "/subscriptions/99999999-9999-9999-9999-999999999999/resourceGroups/drop/providers/Microsoft.Storage/storageAccounts/evilstore");
    static final ResourceId WS = ResourceId.parse(RG + "/providers/Microsoft.MachineLearningServices/workspaces/contoso-ml");

    private PolicyTestData() {
    }

    static WorkspaceConfig config() {
        return config(Optional.of(STORE), Optional.of(WS), false, List.of());
    }

    /** The default workspace declaring the firewall case, the appliance at {@link #FIREWALL_IP}. */
    static WorkspaceConfig firewallConfig() {
        WorkspaceConfig c = config();
        return new WorkspaceConfig(c.name(), c.region(), c.workspaceId(), c.subnets(), c.serviceEndpointPolicy(),
                c.networkSecurityGroup(), c.defaultStorageAccount(), c.defaultStorageHasPrivateEndpoint(),
                c.allowedStorageAccounts(), c.allowBatchInbound(), new com.dlpguard.config.Egress.Firewall(FIREWALL_IP),
                List.of());
    }

    static final String FIREWALL_IP = "10.0.2.4";

    static WorkspaceConfig config(Optional<ResourceId> defaultStorage, Optional<ResourceId> workspaceId,
                                  boolean privateEndpoint, List<ResourceId> allowed) {
        return new WorkspaceConfig("contoso-ml", "westeurope", workspaceId, List.of(SUBNET), SEP, Optional.empty(),
                defaultStorage, privateEndpoint, allowed, false);
    }

    static Subnet subnet(List<String> services, List<ResourceId> policies, Optional<ResourceId> routeTable) {
        return new Subnet(SUBNET, Optional.of("W/\"1\""),
                services.stream().map(s -> new ServiceEndpoint(s, List.of("westeurope"))).toList(),
                policies, Optional.empty(), routeTable, "{}");
    }

    static ServiceEndpointPolicyDefinition definition(ResourceId policy, String name, String service, String... resources) {
        return new ServiceEndpointPolicyDefinition(policy.child("serviceEndpointPolicyDefinitions", name), name,
                Optional.of("W/\"2\""), service, Arrays.asList(resources), Optional.empty(), "{}");
    }

    static ServiceEndpointPolicy policy(ResourceId id, ServiceEndpointPolicyDefinition... definitions) {
        return new ServiceEndpointPolicy(id, "westeurope", Optional.of("W/\"3\""), Arrays.asList(definitions),
                List.of(SUBNET), Map.of(), "{}");
    }

    static ServiceEndpointPolicy goodPolicy() {
        return policy(SEP, definition(SEP, "aml-alias", "Global", "/services/Azure/MachineLearning"),
                definition(SEP, "storage-allow", "Microsoft.Storage", STORE.toString()));
    }

    /** A route; an appliance next hop is at {@link #FIREWALL_IP}, the declared firewall of {@link #firewallConfig()}. */
    static Route route(String name, String prefix, String hop) {
        Optional<String> ip = hop.equalsIgnoreCase("VirtualAppliance") ? Optional.of(FIREWALL_IP) : Optional.empty();
        return new Route(RT.child("routes", name), name, Optional.empty(), prefix, hop, ip, "{}");
    }

    static RouteTable routeTable(Route... routes) {
        return new RouteTable(RT, "westeurope", Optional.empty(), Arrays.asList(routes), "{}");
    }

    static EnvironmentVersion environment(String env, String version, Optional<String> image) {
        return new EnvironmentVersion(WS.child("environments", env).child("versions", version), image, "{}");
    }

    static MlWorkspace workspace(Optional<ResourceId> storage) {
        return new MlWorkspace(WS, "westeurope", storage, "{}");
    }

    /** A small estate builder: add what the test needs, name the read failures. */
    static final class EstateBuilder {
        private final List<Subnet> subnets = new ArrayList<>();
        private final List<ServiceEndpointPolicy> policies = new ArrayList<>();
        private final List<RouteTable> tables = new ArrayList<>();
        private final List<MlWorkspace> workspaces = new ArrayList<>();
        private final List<EnvironmentVersion> environments = new ArrayList<>();
        private final Map<ResourceId, String> failures = new LinkedHashMap<>();

        EstateBuilder with(Subnet s) {
            subnets.add(s);
            return this;
        }

        EstateBuilder with(ServiceEndpointPolicy p) {
            policies.add(p);
            return this;
        }

        EstateBuilder with(RouteTable t) {
            tables.add(t);
            return this;
        }

        EstateBuilder with(MlWorkspace w) {
            workspaces.add(w);
            return this;
        }

        EstateBuilder with(EnvironmentVersion e) {
            environments.add(e);
            return this;
        }

        EstateBuilder failed(ResourceId id, String why) {
            failures.put(id, why);
            return this;
        }

        Estate build() {
            List<VirtualNetwork> vnets = subnets.isEmpty() ? List.of()
                    : List.of(new VirtualNetwork(VNET, "westeurope", Optional.empty(), subnets.stream().map(Subnet::id).toList(), "{}"));
            return Estate.of(vnets, subnets, List.of(), policies, tables, workspaces, environments, failures);
        }
    }

    static EstateBuilder estate() {
        return new EstateBuilder();
    }

    static List<Finding> evaluate(Rule rule, WorkspaceConfig config, Estate estate) {
        return rule.evaluate(new RuleContext(config, estate));
    }

    static Finding single(Rule rule, WorkspaceConfig config, Estate estate) {
        List<Finding> findings = evaluate(rule, config, estate);
        if (findings.size() != 1) {
            throw new AssertionError("expected one finding, got " + findings);
        }
        return findings.get(0);
    }
}
