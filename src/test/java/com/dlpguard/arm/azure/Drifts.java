package com.dlpguard.arm.azure;

import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.plan.Plan;
import com.dlpguard.plan.PlannedWrite;
import com.dlpguard.plan.RollbackPlanner;
import com.dlpguard.reconcile.ReconcileRequest;
import com.dlpguard.reconcile.Reconciler;
import com.dlpguard.rules.RuleEngine;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CLOCK;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.CONFIG;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.TODAY;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.COMPUTE;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.NSG;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.props;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.removeChild;

/** Drifts of the emulator estate and the one write the planner answers each with. */
final class Drifts {
    private Drifts() {
    }

    static void detachNsg(ArmEmulator emulator) {
        emulator.edit(COMPUTE, s -> props(s).remove("networkSecurityGroup"));
    }

    static void addBatchInbound(ArmEmulator emulator) {
        emulator.edit(NSG, n -> props(n).getAsJsonArray("securityRules").add(JsonParser.parseString(
                "{\"name\":\"allow-batch-inbound\",\"properties\":{\"protocol\":\"*\",\"sourcePortRange\":\"*\","
                        + "\"destinationPortRange\":\"29876-29877\",\"sourceAddressPrefix\":\"BatchNodeManagement\","
                        + "\"destinationAddressPrefix\":\"*\",\"access\":\"Allow\",\"priority\":140,\"direction\":\"Inbound\"}}")));
    }

    static void deleteStorageOutbound(ArmEmulator emulator) {
        emulator.edit(NSG, n -> removeChild(props(n).getAsJsonArray("securityRules"), "allow-storage-outbound"));
    }

    /** Someone else's unrelated change to the VNet: a second address range. */
    static void widenAddressSpace(JsonObject vnet) {
        JsonArray prefixes = props(vnet).getAsJsonObject("addressSpace").getAsJsonArray("addressPrefixes");
        prefixes.add("10.1.0.0/16");
    }

    /** The plan's only write for the current drift, planned from a fresh read as the reconciler does. */
    static PlannedWrite plannedWrite(EmulatedArm arm) throws Exception {
        GuardConfig config = ConfigLoader.load(CONFIG, TODAY);
        Reconciler reconciler = new Reconciler(arm.gateway, RuleEngine.withCatalog(), new RollbackPlanner(), CLOCK);
        Plan plan = reconciler.reconcile(config, ReconcileRequest.everything(true)).plan();
        if (plan.writes().size() != 1) {
            throw new IllegalStateException("expected one planned write, got " + plan.writes());
        }
        arm.emulator.requests().clear();
        return plan.writes().get(0);
    }
}
