package com.dlpguard.snapshot;

import com.dlpguard.model.ResourceId;
import com.dlpguard.model.ServiceEndpoint;
import com.dlpguard.model.Subnet;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Rule;
import com.dlpguard.rules.RuleContext;
import com.dlpguard.rules.RuleFixtures;
import com.dlpguard.rules.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;

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

/** Proves the shared rule-fixture harness with a trivial rule, so a broken harness cannot make every rule test green. */
class RuleFixturesSelfTest {

    static final Path CASES = Path.of("src/test/resources/snapshot/harness");

    /** A toy DLP001: the subnet needs a Microsoft.Storage endpoint; unread subnet → unknown. */
    static class ToyRule implements Rule {
        public String id() { return "DLP001"; }
        public String title() { return "toy"; }
        public Severity severity() { return Severity.HIGH; }
        public String description() { return "toy rule for the harness self-test"; }
        public String remediation() { return "add the endpoint"; }

        public List<Finding> evaluate(RuleContext context) {
            List<Finding> out = new ArrayList<>();
            for (ResourceId subnetId : context.workspace().subnets()) {
                Optional<Subnet> subnet = context.estate().subnet(subnetId);
                if (subnet.isEmpty()) {
                    out.add(unknown(context, subnetId, Optional.of(subnetId), "subnet not in the snapshot"));
                } else if (subnet.get().hasServiceEndpoint("Microsoft.Storage")) {
                    out.add(pass(context, subnetId, Optional.of(subnetId), "has Microsoft.Storage"));
                } else {
                    out.add(violation(context, subnetId, Optional.of(subnetId), "no Microsoft.Storage service endpoint",
                            subnet.get().serviceEndpoints().stream().map(ServiceEndpoint::service).toList(),
                            List.of(new Remedy.AddServiceEndpoint(subnetId, "Microsoft.Storage"))));
                }
            }
            return out;
        }
    }

    /** Says PASS whatever it sees. */
    static final class AlwaysPass extends ToyRule {
        @Override
        public List<Finding> evaluate(RuleContext context) {
            return context.workspace().subnets().stream()
                    .map(s -> pass(context, s, Optional.of(s), "fine")).toList();
        }
    }

    static Stream<Arguments> cases() {
        return RuleFixtures.cases(CASES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseHoldsForTheToyRule(Path caseDir) {
        RuleFixtures.assertCase(new ToyRule(), caseDir);
    }

    @Test
    void casesAreNamedByFolderAndSorted() {
        List<String> names = cases().map(a -> ((org.junit.jupiter.api.Named<?>) a.get()[0]).getName()).toList();
        assertEquals(List.of("fail_no_storage_endpoint", "pass_storage_endpoint", "unknown_subnet_not_read"), names);
    }

    @Test
    void aWrongVerdictFailsTheCase() {
        assertThrows(AssertionFailedError.class,
                () -> RuleFixtures.assertCase(new AlwaysPass(), CASES.resolve("fail_no_storage_endpoint")));
        assertThrows(AssertionFailedError.class,
                () -> RuleFixtures.assertCase(new AlwaysPass(), CASES.resolve("unknown_subnet_not_read")));
    }

    @Test
    void anUnmetExpectationFailsTheCase(@TempDir Path tmp) throws IOException {
        Path dir = copyCase("fail_no_storage_endpoint", tmp);
        Files.writeString(dir.resolve("expected.json"), "{\"remedies\": [\"RestoreMlAlias\"]}");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RuleFixtures.assertCase(new ToyRule(), dir));
        assertTrue(e.getMessage().contains("RestoreMlAlias"), e.getMessage());

        Files.writeString(dir.resolve("expected.json"), "{\"offendingValues\": [\"Microsoft.Sql\"]}");
        assertThrows(AssertionFailedError.class, () -> RuleFixtures.assertCase(new ToyRule(), dir));

        Files.writeString(dir.resolve("expected.json"), "{\"messageContains\": [\"elephant\"]}");
        assertThrows(AssertionFailedError.class, () -> RuleFixtures.assertCase(new ToyRule(), dir));

        Files.writeString(dir.resolve("expected.json"), "{\"remedy\": []}");
        assertThrows(AssertionFailedError.class, () -> RuleFixtures.assertCase(new ToyRule(), dir));
    }

    @Test
    void aCaseWithoutSnapshotFails(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pass_empty"));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RuleFixtures.assertCase(new ToyRule(), dir));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
    }

    @Test
    void aCaseFolderWithABadNameFails(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("rule").resolve("maybe_ok"));
        assertThrows(AssertionFailedError.class, () -> RuleFixtures.cases(tmp.resolve("rule")));
    }

    @Test
    void theDefaultConfigLoads() {
        // pass_storage_endpoint has no config.json: it runs against rules/default-config.json.
        List<Finding> findings = RuleFixtures.evaluate(new ToyRule(), CASES.resolve("pass_storage_endpoint"));
        assertEquals(1, findings.size());
        assertEquals("contoso-ml", findings.get(0).workspace());
    }

    private static Path copyCase(String name, Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> files = Files.list(CASES.resolve(name))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}
