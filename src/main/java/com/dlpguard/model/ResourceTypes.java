package com.dlpguard.model;

/** Lower-case ARM resource types the guard reads; compare with {@link ResourceId#isOfType}. */
public final class ResourceTypes {
    public static final String VIRTUAL_NETWORK = "microsoft.network/virtualnetworks";
    public static final String SUBNET = "microsoft.network/virtualnetworks/subnets";
    public static final String NETWORK_SECURITY_GROUP = "microsoft.network/networksecuritygroups";
    public static final String SECURITY_RULE = "microsoft.network/networksecuritygroups/securityrules";
    public static final String DEFAULT_SECURITY_RULE = "microsoft.network/networksecuritygroups/defaultsecurityrules";
    public static final String SERVICE_ENDPOINT_POLICY = "microsoft.network/serviceendpointpolicies";
    public static final String SERVICE_ENDPOINT_POLICY_DEFINITION =
            "microsoft.network/serviceendpointpolicies/serviceendpointpolicydefinitions";
    public static final String ROUTE_TABLE = "microsoft.network/routetables";
    public static final String ROUTE = "microsoft.network/routetables/routes";
    public static final String ML_WORKSPACE = "microsoft.machinelearningservices/workspaces";
    public static final String ML_OUTBOUND_RULE = "microsoft.machinelearningservices/workspaces/outboundrules";
    public static final String ML_ENVIRONMENT = "microsoft.machinelearningservices/workspaces/environments";
    public static final String ML_ENVIRONMENT_VERSION = "microsoft.machinelearningservices/workspaces/environments/versions";
    public static final String STORAGE_ACCOUNT = "microsoft.storage/storageaccounts";

    private ResourceTypes() {
    }
}
