package com.dlpguard.arm.azure;

import com.dlpguard.arm.WriteOutcome;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.model.ResourceId;
import com.dlpguard.plan.ArmRequest;
import com.dlpguard.plan.PlannedWrite;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.COMPUTE;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.NSG;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.VNET;
import static com.dlpguard.arm.azure.AzureArmGatewayRollbackTest.props;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One planned write executed by the gateway: never a write based on stale state. Whatever changed
 * between the plan's read and the write (before the re-read, or between the re-read and the PUT)
 * ends in PRECONDITION_FAILED and the other writer's state survives.
 */
class AzureArmGatewayWriteTest {

    @Test
    void aSubnetPutCarriesTheReadEtagInIfMatchAndApplies() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            assertEquals(arm.emulator.etag(COMPUTE), write.request().ifMatch());

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
            assertTrue(props(arm.emulator.resource(COMPUTE).orElseThrow()).has("networkSecurityGroup"));
            assertEquals(1, arm.emulator.requests().matching("GET", ".*/subnets/compute").size(), "one re-read");
            assertTrue(arm.emulator.requests().matching("PUT", ".*/subnets/compute").get(0).ifMatch());
        }
    }

    @Test
    void aChangeSinceThePlanIsRefusedWithoutWriting() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.edit(VNET, Drifts::widenAddressSpace);

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
            assertTrue(outcome.detail().contains("etag"), outcome.detail());
            assertEquals(0, arm.emulator.requests().writes(), "nothing sent");
            assertEquals(2, props(arm.emulator.resource(VNET).orElseThrow()).getAsJsonObject("addressSpace")
                    .getAsJsonArray("addressPrefixes").size(), "the other writer's change stays");
        }
    }

    @Test
    void aChangeBetweenTheReReadAndThePutIsRefusedByArmAndNotOverwritten() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("PUT", ".*/subnets/compute", Fault.concurrentEdit(VNET, Drifts::widenAddressSpace));

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result(), outcome.detail());
            assertEquals(Optional.of("PreconditionFailed"), outcome.errorCode());
            assertEquals(1, arm.emulator.requests().matching("PUT", ".*").size(), "a 412 is not retried");
            assertEquals(412, arm.emulator.requests().matching("PUT", ".*").get(0).status());
            JsonObject vnet = arm.emulator.resource(VNET).orElseThrow();
            assertEquals(2, props(vnet).getAsJsonObject("addressSpace").getAsJsonArray("addressPrefixes").size());
            assertFalse(props(arm.emulator.resource(COMPUTE).orElseThrow()).has("networkSecurityGroup"), "the write did not happen");
        }
    }

    @Test
    void aChangeSeenByTheReReadIsRefusedWithoutWriting() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("GET", ".*/subnets/compute", Fault.concurrentEdit(VNET, Drifts::widenAddressSpace));

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
            assertEquals(0, arm.emulator.requests().writes());
        }
    }

    @Test
    void aDeleteOfARuleSomeoneElseDeletedIsNotSent() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.addBatchInbound(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            assertEquals("DELETE", write.request().method());
            arm.emulator.edit(NSG, n -> AzureArmGatewayRollbackTest.removeChild(props(n).getAsJsonArray("securityRules"), "allow-batch-inbound"));

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
            assertTrue(outcome.detail().contains("no longer exists"), outcome.detail());
            assertEquals(0, arm.emulator.requests().writes());
        }
    }

    @Test
    void aDeleteSendsIfMatchAndApplies() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.addBatchInbound(arm.emulator);
            WriteOutcome outcome = arm.gateway.execute(Drifts.plannedWrite(arm));
            assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
            assertTrue(arm.emulator.resource(NSG + "/securityRules/allow-batch-inbound").isEmpty());
            assertTrue(arm.emulator.requests().matching("DELETE", ".*").get(0).ifMatch());
        }
    }

    @Test
    void aCreateNeverOverwritesARuleCreatedMeanwhile() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.deleteStorageOutbound(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            assertTrue(write.request().ifMatch().isEmpty(), "a create has no etag to match");
            JsonObject body = JsonParser.parseString(write.request().body().orElseThrow()).getAsJsonObject();
            JsonObject someoneElses = body.deepCopy();
            props(someoneElses).addProperty("description", "someone else's");
            props(someoneElses).addProperty("priority", 3000);
            arm.emulator.put(write.target().toString(), someoneElses);

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
            assertEquals(0, arm.emulator.requests().writes());
            assertEquals("someone else's", props(arm.emulator.resource(write.target().toString()).orElseThrow())
                    .get("description").getAsString());
        }
    }

    @Test
    void aCreateWhosePriorityWasTakenMeanwhileIsNotSent() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.deleteStorageOutbound(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            int priority = JsonParser.parseString(write.request().body().orElseThrow()).getAsJsonObject()
                    .getAsJsonObject("properties").get("priority").getAsInt();
            arm.emulator.put(NSG + "/securityRules/someone-elses", JsonParser.parseString("{\"properties\":{\"protocol\":\"*\","
                    + "\"sourcePortRange\":\"*\",\"destinationPortRange\":\"22\",\"sourceAddressPrefix\":\"*\","
                    + "\"destinationAddressPrefix\":\"*\",\"access\":\"Deny\",\"priority\":" + priority + ",\"direction\":\"Outbound\"}}")
                    .getAsJsonObject());

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.PRECONDITION_FAILED, outcome.result());
            assertTrue(outcome.detail().contains("someone-elses"), outcome.detail());
            assertEquals(0, arm.emulator.requests().writes());
        }
    }

    @Test
    void aCreateIsSentWithIfNoneMatch() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.deleteStorageOutbound(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            WriteOutcome outcome = arm.gateway.execute(write);
            assertEquals(WriteOutcome.Result.APPLIED, outcome.result(), outcome.detail());
            assertTrue(arm.emulator.requests().matching("PUT", ".*").get(0).ifNoneMatch());
            assertEquals(201, arm.emulator.requests().matching("PUT", ".*").get(0).status());
        }
    }

    @Test
    void armRefusalsAreReportedWithTheirCodeAndNotRetried() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            Drifts.detachNsg(arm.emulator);
            PlannedWrite write = Drifts.plannedWrite(arm);
            arm.emulator.faults().add("PUT", ".*", Fault.badRequest("InUseNetworkSecurityGroupCannotBeDeleted", "a refusal"));

            WriteOutcome outcome = arm.gateway.execute(write);

            assertEquals(WriteOutcome.Result.FAILED, outcome.result());
            assertEquals(Optional.of("InUseNetworkSecurityGroupCannotBeDeleted"), outcome.errorCode());
            assertTrue(outcome.detail().contains("a refusal"), outcome.detail());
            assertEquals(1, arm.emulator.requests().writes());
        }
    }

    @Test
    void writesOutsideTheRuleBookAreNotSent() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            ResourceId nsg = ResourceId.parse(NSG);
            PlannedWrite wholeNsg = new PlannedWrite(List.of("DLP007"), "replace-nsg", nsg,
                    new ArmRequest("PUT", NSG + "?api-version=2025-03-01", Optional.of("W/\"x\""), Optional.of("{}")),
                    "test", "properties", "{}", "{}");
            WriteOutcome outcome = arm.gateway.execute(wholeNsg);
            assertEquals(WriteOutcome.Result.FAILED, outcome.result());
            assertEquals(Optional.of("UnsupportedWrite"), outcome.errorCode());

            ResourceId subnet = ResourceId.parse(COMPUTE);
            PlannedWrite mismatch = new PlannedWrite(List.of("DLP011"), "attach", subnet,
                    new ArmRequest("PUT", VNET + "/subnets/other?api-version=2025-03-01", Optional.of("W/\"x\""), Optional.of("{}")),
                    "test", "properties", "{}", "{}");
            assertEquals(Optional.of("PlanMismatch"), arm.gateway.execute(mismatch).errorCode());

            PlannedWrite deleteSubnet = new PlannedWrite(List.of("DLP001"), "delete", subnet,
                    new ArmRequest("DELETE", COMPUTE + "?api-version=2025-03-01", Optional.of("W/\"x\""), Optional.empty()),
                    "test", "properties", "{}", "null");
            assertEquals(Optional.of("UnsupportedWrite"), arm.gateway.execute(deleteSubnet).errorCode(),
                    "the rule book deletes security rules only");
            assertEquals(0, arm.emulator.requests().entries().size(), "nothing was even read");
        }
    }
}
