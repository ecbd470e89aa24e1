package com.dlpguard.cli;

import com.dlpguard.arm.azure.AzureArmGateway;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.config.ManagedWorkspaceConfig;
import com.dlpguard.config.WorkspaceConfig;
import com.dlpguard.health.HealthCheck;
import com.dlpguard.health.SelfCheckReport;
import com.dlpguard.health.SelfCheckRunner;
import com.dlpguard.model.ResourceId;

import javax.net.ssl.SSLContext;
import java.io.PrintStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code doctor --subscription ID --config FILE}: the guard's self-check, run by a person (the
 * function runs the same checks on every sweep). Can the identity do every write the guard may
 * plan, here and where protected subnets link resources? Do ARM events still reach this app's
 * function, with every handled operation and a dead-letter destination? Is every configured
 * resource readable? Prints one line per check; exit 1 when any fails, 2 on bad usage or input.
 * Run it as the guard's identity ({@code --managed-identity-client-id}, or a token of it in
 * {@code --token-env}) to see the guard's own permissions; as yourself it shows yours.
 */
final class DoctorCommand {
    private static final Set<String> VALUED = Set.of("subscription", "config", "format", "cloud", "arm-endpoint",
            "token-env", "managed-identity-client-id", "function-app", "event-topic");

    private DoctorCommand() {
    }

    static int run(List<String> args, PrintStream out, PrintStream err) throws UsageException {
        return run(args, out, err, Optional.empty(), System::getenv);
    }

    /** The same with another trust and environment (tests: the emulator's certificate, their own token variable). */
    static int run(List<String> args, PrintStream out, PrintStream err, Optional<SSLContext> tls,
                   Function<String, String> environment) throws UsageException {
        CliArgs a = CliArgs.parse(args, VALUED, Set.of());
        OutputFormat format = OutputFormat.parse(a.single("format").orElse("text"), false);
        String subscription = a.required("subscription").trim();
        GuardConfig config = Inputs.config(a.required("config"), LocalDate.now(Clock.systemUTC()));
        Inputs.warn(config, err);
        Optional<ResourceId> functionApp = Optional.empty();
        if (a.single("function-app").isPresent()) {
            functionApp = Optional.of(id(a.single("function-app").get(), "--function-app"));
        }
        if (functionApp.isPresent() && !functionApp.get().isOfType("Microsoft.Web/sites")) {
            throw new UsageException("--function-app must be a Microsoft.Web/sites resource id, not " + functionApp.get());
        }
        List<ResourceId> topics = new ArrayList<>();
        for (String t : a.all("event-topic")) {
            ResourceId topic = id(t, "--event-topic");
            if (!topic.isOfType("Microsoft.EventGrid/systemTopics")) {
                throw new UsageException("--event-topic must be a Microsoft.EventGrid/systemTopics resource id, not " + topic);
            }
            topics.add(topic);
        }
        GuardConfig scoped = inSubscription(config, subscription);
        err.println("dlp-guard: checking " + (scoped.workspaces().size() + scoped.managedWorkspaces().size())
                + " workspace(s) in subscription " + subscription + " …");
        List<HealthCheck> checks;
        try (AzureArmGateway gateway = LiveCheck.azureGateway(a, tls, environment)) {
            checks = new SelfCheckRunner(gateway, gateway, functionApp, topics).run(scoped);
        }
        out.print(format == OutputFormat.JSON ? SelfCheckReport.json(checks) + System.lineSeparator() : SelfCheckReport.text(checks));
        return SelfCheckReport.allPassed(checks) ? Main.OK : Main.VIOLATIONS;
    }

    /** The workspaces with a protected subnet, and the managed-network workspaces, in {@code subscription}; none is bad input. */
    private static GuardConfig inSubscription(GuardConfig config, String subscription) throws UsageException {
        List<WorkspaceConfig> kept = config.workspaces().stream()
                .filter(w -> w.subnets().stream().anyMatch(s -> s.subscriptionId().equalsIgnoreCase(subscription)))
                .toList();
        List<ManagedWorkspaceConfig> managed = config.managedWorkspaces().stream()
                .filter(m -> m.workspaceId().subscriptionId().equalsIgnoreCase(subscription))
                .toList();
        if (kept.isEmpty() && managed.isEmpty()) {
            throw new UsageException("no protected subnet or managed-network workspace of the config lies in subscription "
                    + subscription);
        }
        return new GuardConfig(kept, config.defaultMode(), config.ruleModes(), config.exemptions(), config.warnings(), managed);
    }

    private static ResourceId id(String value, String option) throws UsageException {
        Optional<ResourceId> id = ResourceId.tryParse(value.trim());
        if (id.isEmpty()) {
            throw new UsageException(option + ": not a resource id: " + value);
        }
        return id.get();
    }
}
