package com.dlpguard.rules;

import com.dlpguard.json.StrictJson;
import com.dlpguard.model.NetworkSecurityGroup;
import com.dlpguard.model.SecurityRule;
import com.dlpguard.model.SecurityRule.Access;
import com.dlpguard.model.SecurityRule.Direction;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluator against the cases in {@code src/test/resources/nsg-evaluator/*.json}: each case is
 * an NSG's rules in ARM's GET shape, a probe (outbound TCP 443 unless it says otherwise) and the
 * expected verdict.
 */
class EffectiveNsgEvaluatorTest {
    private static final Path CASES = Path.of("src/test/resources/nsg-evaluator");

    static Stream<Arguments> cases() throws Exception {
        List<Arguments> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(CASES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                for (JsonElement c : StrictJson.parse(Files.readAllBytes(file)).getAsJsonArray()) {
                    JsonObject o = c.getAsJsonObject();
                    out.add(Arguments.of(file.getFileName() + ": " + o.get("case").getAsString(), o));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void verdictMatchesTheRuleBook(String name, JsonObject c) {
        NetworkSecurityGroup nsg = NsgJson.nsg(c.getAsJsonArray("securityRules"),
                Optional.ofNullable(c.getAsJsonArray("defaultSecurityRules")));
        JsonObject p = c.getAsJsonObject("probe");
        TrafficProbe probe = new TrafficProbe(
                p.has("direction") ? Direction.parse(p.get("direction").getAsString()) : Direction.OUTBOUND,
                p.has("protocol") ? TrafficProbe.Protocol.valueOf(p.get("protocol").getAsString().toUpperCase()) : TrafficProbe.Protocol.TCP,
                p.has("port") ? p.get("port").getAsInt() : 443,
                p.get("tag").getAsString());
        JsonObject expect = c.getAsJsonObject("expect");

        // Which reading of public CIDRs (rule book 2.1): DLP006-DLP008's unless the case says DLP010's.
        EffectiveNsgEvaluator.PublicAddresses publicAddresses = p.has("publicAddresses")
                ? EffectiveNsgEvaluator.PublicAddresses.valueOf(p.get("publicAddresses").getAsString())
                : EffectiveNsgEvaluator.PublicAddresses.NEITHER_MATCH_NOR_BLOCK;
        NsgVerdict verdict = EffectiveNsgEvaluator.evaluate(nsg, probe, publicAddresses);

        String got = verdict.summaryWithAssumptions();
        assertEquals(Access.parse(expect.get("access").getAsString()), verdict.access(), got);
        Optional<String> deciding = expect.get("decidingRule").isJsonNull()
                ? Optional.empty() : Optional.of(expect.get("decidingRule").getAsString());
        assertEquals(deciding, verdict.decidingRule().map(SecurityRule::name), got);
        assertEquals(expect.get("certain").getAsBoolean(), verdict.isCertain(), got);
        List<String> assumptions = new ArrayList<>();
        expect.getAsJsonArray("assumptions").forEach(a -> assumptions.add(a.getAsString()));
        assertEquals(assumptions, verdict.assumptions().stream().map(NsgVerdict.Assumption::description).toList());
        if (expect.has("blockingPriority")) {
            assertEquals(Optional.of(expect.get("blockingPriority").getAsInt()), verdict.blockingPriority(), got);
        }
        if (expect.has("summary")) {
            assertEquals(expect.get("summary").getAsString(), verdict.summary());
        }
    }

    @Test
    void azureDefaultsHaveTheIdsAndNumbersArmGives() throws Exception {
        List<SecurityRule> defaults = DefaultSecurityRules.azureDefaults(NsgJson.NSG);
        assertEquals(List.of("AllowVnetInBound 65000", "AllowAzureLoadBalancerInBound 65001", "DenyAllInBound 65500",
                        "AllowVnetOutBound 65000", "AllowInternetOutBound 65001", "DenyAllOutBound 65500"),
                defaults.stream().map(r -> r.name() + " " + r.priority()).toList());
        assertTrue(defaults.stream().allMatch(SecurityRule::isDefault));
        assertEquals(NsgJson.NSG.child("defaultSecurityRules", "DenyAllOutBound"), defaults.get(5).id());
        JsonObject json = StrictJson.parse(defaults.get(4).json()).getAsJsonObject();
        assertEquals("Internet", json.getAsJsonObject("properties").get("destinationAddressPrefix").getAsString());
    }

    @Test
    void anAllowedVerdictHasNoBlockingPriority() {
        NsgVerdict verdict = EffectiveNsgEvaluator.evaluate(NsgJson.nsg(new com.google.gson.JsonArray(), Optional.empty()),
                TrafficProbe.outboundTcp(443, "Storage.westeurope"));
        assertTrue(verdict.allowed());
        assertEquals(Optional.empty(), verdict.blockingPriority());
    }

    @Test
    void probeSplitsRegionalTags() {
        TrafficProbe regional = TrafficProbe.outboundTcp(443, "Storage.WestEurope");
        assertEquals("Storage", regional.globalTag());
        assertEquals(Optional.of("westeurope"), regional.region());
        assertEquals(Optional.empty(), TrafficProbe.outboundTcp(443, "AzureMachineLearning").region());
        assertEquals("TCP 443 to Storage.WestEurope", regional.describe());
    }

    @Test
    void probeRemoteSideMustBeATag() {
        assertThrows(IllegalArgumentException.class, () -> TrafficProbe.outboundTcp(443, "10.0.0.0/8"));
        assertThrows(IllegalArgumentException.class, () -> TrafficProbe.outboundTcp(443, "*"));
        assertThrows(IllegalArgumentException.class, () -> TrafficProbe.outboundTcp(70000, "Storage"));
    }
}
