package com.dlpguard.rules;

import java.util.List;

/** Every DLP rule, listed explicitly (no classpath scanning): the order is the report order. */
public final class RuleCatalog {
    private RuleCatalog() {
    }

    private static final List<Rule> ALL = List.of(
            new Dlp001StorageServiceEndpoint(),
            new Dlp002PolicyAttached(),
            new Dlp003MlAlias(),
            new Dlp004DefaultStorageListed(),
            new Dlp005OnlyApprovedAccounts(),
            new Dlp006BatchOutbound(),
            new Dlp007StorageOutbound(),
            new Dlp008AzureMlOutbound(),
            new Dlp009NoBatchInbound(),
            new Dlp010EgressLocked(),
            new Dlp011NsgAttached(),
            new Dlp012FirewallControlRoutes(),
            new Dlp013CuratedImageRegistry(),
            new Dlp014DeclaredEgressPath(),
            new Dlp015ApprovedOutboundOnly(),
            new Dlp016ApprovedOutboundRules(),
            new Dlp017PlatformOutboundRules());

    public static List<Rule> all() {
        return ALL;
    }

    /** The known rule ids, for config validation. */
    public static List<String> ids() {
        return ALL.stream().map(Rule::id).toList();
    }
}
