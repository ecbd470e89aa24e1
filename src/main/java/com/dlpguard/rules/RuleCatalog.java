package com.dlpguard.rules;

import java.util.List;

/** Every DLP rule, listed explicitly (no classpath scanning): the order is the report order. */
public final class RuleCatalog {
    private RuleCatalog() {
    }

    public static List<Rule> all() {
        return List.of();
    }

    /** The known rule ids, for config validation. */
    public static List<String> ids() {
        return List.of("DLP001", "DLP002", "DLP003", "DLP004", "DLP005", "DLP006", "DLP007", "DLP008", "DLP009",
                "DLP010", "DLP011", "DLP012", "DLP013");
    }
}
