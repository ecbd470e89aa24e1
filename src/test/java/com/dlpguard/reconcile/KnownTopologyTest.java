package com.dlpguard.reconcile;

import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.memory.InMemoryArmGateway;
import com.dlpguard.config.ConfigLoader;
import com.dlpguard.config.GuardConfig;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The references each protected subnet had when last read, learned per subnet. */
class KnownTopologyTest {
    @Test
    void coldUntilEveryProtectedSubnetWasReadThenKnowsItsReferences() throws Exception {
        GuardConfig config = ConfigLoader.load(Path.of("examples/dlp-guard.json"), LocalDate.of(2026, 11, 24));
        KnownTopology topology = new KnownTopology(config);
        ResourceId subnet = config.workspaces().get(0).subnets().get(0);
        assertFalse(topology.current().complete());
        assertEquals(Set.of(subnet), topology.current().subnetsUsing(config.workspaces().get(0).serviceEndpointPolicy()),
                "the configured policy is known without a read");

        InMemoryArmGateway arm = InMemoryArmGateway.fromSnapshot(Path.of("examples/compliant"));
        Estate estate = arm.read(new ReadScope.Targeted(Set.of(subnet), Set.of(), Set.of(), Set.of(), false));
        topology.learn(estate, Set.of(subnet));
        assertTrue(topology.current().complete());
        ResourceId nsg = estate.subnet(subnet).orElseThrow().networkSecurityGroupId().orElseThrow();
        assertEquals(Set.of(subnet), topology.current().subnetsUsing(nsg));

        topology.learn(Estate.EMPTY, Set.of(subnet));
        assertTrue(topology.current().complete(), "a read that did not return the subnet forgets nothing");
    }
}
