package com.dlpguard.plan;

import com.dlpguard.model.ResourceId;

/** URLs of the Microsoft.Network writes the guard plans. */
public final class NetworkApi {
    /** The api-version of the Microsoft.Network REST specs the rule book follows (and the SDK calls). */
    public static final String API_VERSION = "2025-03-01";

    private NetworkApi() {
    }

    /** The resource id as a path relative to the ARM endpoint, with the api-version. */
    public static String url(ResourceId id) {
        if (!id.isProviderResource() || !id.type().regionMatches(true, 0, "Microsoft.Network/", 0, "Microsoft.Network/".length())) {
            throw new IllegalArgumentException("the guard only writes Microsoft.Network resources: " + id);
        }
        // ResourceId keeps the id as written and accepts any casing of "subscriptions" (ARM does):
        // the path is spelled canonically so ArmRequest's "/subscriptions/" invariant holds.
        return "/subscriptions" + id.toString().substring("/subscriptions".length()) + "?api-version=" + API_VERSION;
    }
}
