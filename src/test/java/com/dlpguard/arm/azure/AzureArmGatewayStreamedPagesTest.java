package com.dlpguard.arm.azure;

import com.dlpguard.arm.ArmException;
import com.dlpguard.arm.ReadScope;
import com.dlpguard.arm.emulator.ArmEmulator;
import com.dlpguard.arm.emulator.Fault;
import com.dlpguard.model.Estate;
import com.dlpguard.model.ResourceId;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static com.dlpguard.arm.azure.AzureArmGatewayReadCostTest.LARGE_SUB;
import static com.dlpguard.arm.azure.AzureArmGatewayReadCostTest.largeSubscription;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.NSG;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.WORKSPACE;
import static com.dlpguard.arm.azure.AzureArmGatewayReadTest.COMPUTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ARM's list pages are parsed as they stream in ({@link ArmJson}), so a page's first items reach
 * the gateway before its end is read. A page that turns out bad half-way (a duplicate key in its
 * second item, a body cut in transit, an item that is not an object) must fail the whole read or
 * be recorded as a read failure: never leave the items before the fault to be judged as if they
 * were the whole collection (an insider who can break one page must not hide its siblings).
 */
class AzureArmGatewayStreamedPagesTest {
    /** 30 VNets of 2 subnets in pages of 10: three pages, the second is tampered with. */
    private static final int VNETS = 30;
    private static final int PAGE = 10;
    private static final String VNET_LIST = ".*/providers/Microsoft.Network/virtualNetworks";

    private static ArmEmulator largeEmulator() {
        ArmEmulator emulator = ArmEmulator.builder().pageSize(PAGE).start();
        emulator.seed(largeSubscription(VNETS, 2, 20, 2, 2));
        return emulator;
    }

    private static Estate readLarge(EmulatedArm arm) throws ArmException {
        return arm.gateway.read(new ReadScope.Subscription(LARGE_SUB, Optional.empty()));
    }

    /** Page 1 served as it is, the second page through {@code fault}. */
    private static void onSecondPage(ArmEmulator emulator, String pathRegex, Fault fault) {
        emulator.faults().add("GET", pathRegex, Fault.rewriteBody(UnaryOperator.identity()));
        emulator.faults().add("GET", pathRegex, fault);
    }

    /**
     * The page's text with its second item rewritten by {@code second}: written by hand, since a
     * JSON library would not write the duplicate key the test needs.
     */
    static String withSecondItem(String pageText, UnaryOperator<String> second) {
        JsonObject page = JsonParser.parseString(pageText).getAsJsonObject();
        List<String> items = new ArrayList<>();
        for (JsonElement item : page.getAsJsonArray("value")) {
            items.add(items.size() == 1 ? second.apply(item.toString()) : item.toString());
        }
        StringBuilder text = new StringBuilder("{\"value\":[").append(String.join(",", items)).append(']');
        if (page.has("nextLink")) {
            text.append(",\"nextLink\":").append(page.get("nextLink"));
        }
        return text.append('}').toString();
    }

    private static String duplicateName(String item) {
        return "{\"name\":\"shadow\"," + item.substring(1);
    }

    @Test
    void aDuplicateKeyInTheSecondItemOfAPageFailsTheWholeSubscriptionRead() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            onSecondPage(emulator, VNET_LIST, Fault.rewriteBody(t -> withSecondItem(t, AzureArmGatewayStreamedPagesTest::duplicateName)));
            ArmException e = assertThrows(ArmException.class, () -> readLarge(arm));
            assertEquals(0, emulator.faults().pending(), "the second page was the tampered one");
            assertTrue(e.getMessage().contains("cannot list virtual networks"), e.getMessage());
            assertTrue(e.getMessage().contains("$.value[1].name: duplicate key 'name'"), e.getMessage());
            assertFalse(e.isTransient(), "ARM answered something the guard will not judge: retrying the same page helps nothing");

            // Nothing of the failed read lingers: the next read is whole.
            assertEquals(VNETS * 2, readLarge(arm).subnets().size());
        }
    }

    @Test
    void aPageCutInTransitFailsTheReadAsTransient() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            // Half of a page of VNets is several of its items, each complete and handed on before the cut.
            onSecondPage(emulator, VNET_LIST, Fault.cutBody(3000));
            ArmException e = assertThrows(ArmException.class, () -> readLarge(arm));
            assertEquals(0, emulator.faults().pending());
            assertTrue(e.getMessage().contains("cannot list virtual networks"), e.getMessage());
            assertTrue(e.isTransient(), "the answer did not arrive: trying again later may work (" + e.getMessage() + ")");
        }
    }

    @Test
    void aPageCutShortButDeliveredWholeFailsTheRead() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            onSecondPage(emulator, VNET_LIST, Fault.rewriteBody(t -> t.substring(0, t.length() / 2)));
            ArmException e = assertThrows(ArmException.class, () -> readLarge(arm));
            assertTrue(e.getMessage().contains("cannot list virtual networks"), e.getMessage());
            assertTrue(e.getMessage().contains("invalid JSON for a list page"), e.getMessage());
            assertFalse(e.isTransient());
        }
    }

    @Test
    void aListedItemThatIsNotAnObjectFailsTheRead() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            onSecondPage(emulator, VNET_LIST, Fault.rewriteBody(t -> withSecondItem(t, item -> "\"" + "vnet" + "\"")));
            ArmException e = assertThrows(ArmException.class, () -> readLarge(arm));
            assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
        }
    }

    @Test
    void nextLinkIsFollowedWhereverThePageHasIt() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            UnaryOperator<String> nextLinkFirst = t -> {
                JsonObject page = JsonParser.parseString(t).getAsJsonObject();
                JsonObject reordered = new JsonObject();
                if (page.has("nextLink")) {
                    reordered.add("nextLink", page.get("nextLink"));
                }
                reordered.add("count", new com.google.gson.JsonPrimitive(page.getAsJsonArray("value").size()));
                reordered.add("value", page.get("value"));
                return reordered.toString();
            };
            emulator.faults().add("GET", VNET_LIST, Fault.rewriteBody(nextLinkFirst), VNETS / PAGE);
            Estate estate = readLarge(arm);
            assertEquals(0, emulator.faults().pending(), "every page had its nextLink first");
            assertEquals(VNETS * 2, estate.subnets().size());
            assertEquals(VNETS / PAGE, emulator.requests().matching("GET", VNET_LIST).size());
        }
    }

    @Test
    void anEmptyPageEndsTheListing() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.faults().add("GET", VNET_LIST, Fault.rewriteBody(t -> "{\"value\":[]}"));
            Estate estate = readLarge(arm);
            assertTrue(estate.subnets().isEmpty(), "ARM said there are none");
            assertEquals(20, estate.networkSecurityGroups().size());
        }
    }

    /**
     * A targeted read does not fail whole for one list: the environment versions of one container
     * are listed in pages of one, the second is bad. The first version was read and handed on, yet
     * the container is a read failure and none of its versions is judged: DLP013 answers unknown
     * for it rather than judging the half it saw.
     */
    @Test
    void aBadSecondPageOfATargetedListIsAReadFailureWithNoneOfItsItems() throws Exception {
        ResourceId trainEnv = WORKSPACE.child("environments", "train-env");
        try (ArmEmulator emulator = ArmEmulator.builder().pageSize(1).start()) {
            emulator.seed(EmulatedArm.ESTATE);
            try (EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
                onSecondPage(emulator, ".*/environments/train-env/versions",
                        Fault.rewriteBody(t -> t.replaceFirst("\\[\\{", "[{\"id\":\"x\",")));
                Estate estate = arm.gateway.read(AzureArmGatewayReadTest.scopeOf(Set.of(COMPUTE), true));
                assertEquals(0, emulator.faults().pending());
                assertTrue(estate.readFailure(trainEnv).orElseThrow().contains("duplicate key"), estate.readFailures().toString());
                assertEquals(List.of(WORKSPACE.child("environments", "score-env").child("versions", "3")),
                        estate.environmentVersionsOf(WORKSPACE).stream().map(v -> v.id()).toList(),
                        "train-env's first version, read before the bad page, is not kept");
            }
        }
    }

    @Test
    void aResourceWhoseBodyHasADuplicateKeyIsAReadFailureNotAResource() throws Exception {
        try (EmulatedArm arm = EmulatedArm.withEstate()) {
            arm.emulator.faults().add("GET", ".*/networkSecurityGroups/compute-nsg",
                    Fault.rewriteBody(t -> "{\"id\":\"" + NSG + "\"," + t.substring(1)));
            Estate estate = arm.gateway.read(AzureArmGatewayReadTest.scopeOf(Set.of(COMPUTE), false));
            assertTrue(estate.networkSecurityGroup(NSG).isEmpty());
            assertTrue(estate.readFailure(NSG).orElseThrow().contains("duplicate key 'id'"), estate.readFailures().toString());
            assertTrue(estate.subnet(COMPUTE).isPresent());
        }
    }

    @Test
    void aListPageThatIsNotAnObjectFailsTheRead() throws Exception {
        try (ArmEmulator emulator = largeEmulator(); EmulatedArm arm = EmulatedArm.with(emulator, s -> s)) {
            emulator.faults().add("GET", VNET_LIST, Fault.rewriteBody(t -> {
                JsonArray value = JsonParser.parseString(t).getAsJsonObject().getAsJsonArray("value");
                return value.toString();
            }));
            ArmException e = assertThrows(ArmException.class, () -> readLarge(arm));
            assertTrue(e.getMessage().contains("cannot list virtual networks"), e.getMessage());
        }
    }
}
