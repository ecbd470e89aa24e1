package com.dlpguard.rules;

import com.dlpguard.model.EnvironmentVersion;
import com.dlpguard.model.MlWorkspace;
import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ResourceTypes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DLP013: no environment version of the workspace pulls its image from {@code viennaglobal.azurecr.io}.
 * The old curated-environment registry is outside what the exfiltration-prevention setup allows;
 * curated images now come from {@code mcr.microsoft.com}. Alert only: rewriting an environment
 * would change what jobs run.
 */
public final class Dlp013CuratedImageRegistry implements Rule {

    static final String RETIRED_REGISTRY = "viennaglobal.azurecr.io";

    @Override
    public String id() {
        return "DLP013";
    }

    @Override
    public String title() {
        return "Environments do not use images from viennaglobal.azurecr.io";
    }

    @Override
    public Severity severity() {
        return Severity.MEDIUM;
    }

    @Override
    public String description() {
        return "With data exfiltration prevention, curated environment images must come from mcr.microsoft.com;"
                + " images from viennaglobal.azurecr.io need outbound access the locked-down subnet does not give, and"
                + " opening it widens the egress.";
    }

    @Override
    public String remediation() {
        return "Rebuild the environment from the equivalent mcr.microsoft.com/azureml image (or a copy in the"
                + " workspace's own container registry) and move jobs to the new version.";
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        Optional<ResourceId> workspaceId = workspaceId(context);
        if (workspaceId.isEmpty()) {
            // Nothing identifies the workspace, so there is no resource to name and nothing was evaluated.
            return List.of();
        }
        ResourceId ws = workspaceId.get();
        Optional<String> failure = context.estate().readFailure(ws);
        if (failure.isPresent()) {
            return List.of(unknown(context, ws, Optional.empty(), "cannot list the environments of workspace "
                    + ws.name() + ": it could not be read: " + failure.get()));
        }
        List<Finding> findings = new ArrayList<>();
        List<ResourceId> failed = context.estate().readFailures().keySet().stream()
                .filter(f -> !f.equals(ws) && f.isWithin(ws) && isEnvironmentResource(f)).sorted().toList();
        for (ResourceId f : failed) {
            findings.add(unknown(context, f, Optional.empty(), "environment " + f.name() + " of workspace "
                    + ws.name() + " could not be read: " + context.estate().readFailure(f).orElseThrow()));
        }
        List<EnvironmentVersion> versions = context.estate().environmentVersionsOf(ws);
        for (EnvironmentVersion v : versions) {
            findings.add(judge(context, v));
        }
        if (findings.isEmpty()) {
            findings.add(pass(context, ws, Optional.empty(), "workspace " + ws.name()
                    + " has no environment versions in the estate"));
        }
        return findings;
    }

    private Finding judge(RuleContext context, EnvironmentVersion version) {
        ResourceId id = version.id();
        String label = "environment " + environmentLabel(id);
        if (version.image().isEmpty()) {
            return pass(context, id, Optional.empty(), label + " has no image (built from a build context);"
                    + " its Dockerfile's base image is not visible to the guard");
        }
        String image = version.image().get();
        Optional<String> host = registryHost(image);
        if (host.isPresent() && host.get().equals(RETIRED_REGISTRY)) {
            return violation(context, id, Optional.empty(), label + " uses image " + image + " from "
                    + RETIRED_REGISTRY + "; curated environments must come from mcr.microsoft.com",
                    List.of(image), List.of());
        }
        return pass(context, id, Optional.empty(), label + " uses image " + image
                + host.map(h -> " from " + h).orElse(" from Docker Hub"));
    }

    /**
     * The registry host of a container image reference, lower-case, without scheme, user info, port
     * or trailing dot ({@code viennaglobal.azurecr.io.} resolves to the same host). Follows Docker's
     * rule: the first path component is a registry only when it contains a dot or a colon or is
     * {@code localhost}; otherwise the image is on Docker Hub and there is no host (empty).
     */
    static Optional<String> registryHost(String image) {
        String s = image.trim();
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            s = s.substring(scheme + 3);
        }
        int slash = s.indexOf('/');
        if (slash <= 0) {
            return Optional.empty();
        }
        String authority = s.substring(0, slash);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        boolean hasPort;
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = authority.substring(0, close + 1);
            hasPort = close + 1 < authority.length();
        } else {
            int colon = authority.indexOf(':');
            hasPort = colon >= 0;
            host = hasPort ? authority.substring(0, colon) : authority;
        }
        while (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !(host.contains(".") || hasPort || host.equals("localhost") || host.startsWith("["))) {
            return Optional.empty();
        }
        return Optional.of(host);
    }

    /** The configured workspace id, else the single workspace in the estate with the configured name. */
    private static Optional<ResourceId> workspaceId(RuleContext context) {
        if (context.workspace().workspaceId().isPresent()) {
            return context.workspace().workspaceId();
        }
        String name = context.workspace().name();
        Set<ResourceId> candidates = new LinkedHashSet<>();
        for (MlWorkspace w : context.estate().workspaces().values()) {
            if (w.id().name().equalsIgnoreCase(name)) {
                candidates.add(w.id());
            }
        }
        for (EnvironmentVersion v : context.estate().environmentVersions().values()) {
            if (v.workspaceId().name().equalsIgnoreCase(name)) {
                candidates.add(v.workspaceId());
            }
        }
        return candidates.size() == 1 ? candidates.stream().findFirst() : Optional.empty();
    }

    private static boolean isEnvironmentResource(ResourceId id) {
        return id.isOfType(ResourceTypes.ML_ENVIRONMENT) || id.isOfType(ResourceTypes.ML_ENVIRONMENT_VERSION);
    }

    /** "name:version" for a version id, the plain name otherwise. */
    private static String environmentLabel(ResourceId versionId) {
        return versionId.parent().map(env -> env.name() + ":" + versionId.name()).orElse(versionId.name());
    }
}
