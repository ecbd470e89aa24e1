package com.dlpguard.health;

import com.dlpguard.model.ResourceId;

import java.util.List;
import java.util.Objects;

/**
 * One line of the self-check: which check ({@link #PERMISSIONS}, {@link #EVENTS}, {@link #READ}),
 * the resource or scope it looked at, whether it passed, what it found ({@code detail}),
 * what exactly is missing (actions, operations; empty when nothing is listed) and how to fix it.
 * {@code workspace} is the configured workspace concerned, or empty for the guard itself.
 */
public record HealthCheck(String checkId, String title, ResourceId resource, boolean ok, String detail,
                          List<String> missing, String remediation, String workspace) {

    public static final String PERMISSIONS = "HEALTH-PERMISSIONS";
    public static final String EVENTS = "HEALTH-EVENTS";
    public static final String READ = "HEALTH-READ";

    public HealthCheck {
        Objects.requireNonNull(checkId, "checkId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(detail, "detail");
        missing = List.copyOf(missing);
        Objects.requireNonNull(remediation, "remediation");
        Objects.requireNonNull(workspace, "workspace");
    }

    static String titleOf(String checkId) {
        return switch (checkId) {
            case PERMISSIONS -> "The guard's identity holds every action it may need";
            case EVENTS -> "ARM events reach the guard";
            case READ -> "Every configured resource is readable";
            default -> throw new IllegalArgumentException("unknown check " + checkId);
        };
    }
}
