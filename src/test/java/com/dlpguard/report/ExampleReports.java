package com.dlpguard.report;

import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.ReconcileResult;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Reports of the examples/ estates as the CLI would build them (dry-run reconcile of everything). */
final class ExampleReports {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T09:20:00Z"), ZoneOffset.UTC);
    static final String NET = "/subscriptions/3f2c1e8a-5b7d-4c1e-9a2f-6d8b0c4e7a11/resourceGroups/ml-network-rg/providers/Microsoft.Network";
    static final ResourceId NSG = ResourceId.parse(NET + "/networkSecurityGroups/compute-nsg");

    private ExampleReports() {
    }

    static ReconcileResult reconcile(InMemoryArmGateway arm, Path config) throws Exception {
        GuardConfig c = ConfigLoader.load(config, TODAY);
        return new Reconciler(arm, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK)
                .reconcile(c, ReconcileRequest.everything(true));
    }

    static Report drifted(Path config) throws Exception {
        ReconcileResult r = reconcile(InMemoryArmGateway.fromSnapshot(Path.of("examples/drifted")), config);
        return Report.of(r.found()).withPlan(r.plan());
    }

    /** The drifted estate with the NSG unreadable (a 403): the NSG rules are unknown. */
    static Report driftedWithNsgUnreadable(Path config) throws Exception {
        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/drifted"));
        arm.denyReads(NSG, "AuthorizationFailed: the guard may not read this NSG");
        ReconcileResult r = reconcile(arm, config);
        return Report.of(r.found()).withPlan(r.plan());
    }
}
