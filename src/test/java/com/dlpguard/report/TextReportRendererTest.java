package com.dlpguard.report;

import com.dlpguard.config.Exemption;
import com.dlpguard.config.Mode;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Text output: grouped by workspace, then subnet; severity first within a group; passes counted, listed only verbose. */
class TextReportRendererTest {
    static final String VNET = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet";
    static final ResourceId S1 = ResourceId.parse(VNET + "/subnets/train");
    static final ResourceId S2 = ResourceId.parse(VNET + "/subnets/score");

    static Assessment a(String rule, Severity severity, Status status, String workspace, ResourceId subnet, Mode mode,
                        Optional<Exemption> exemption) {
        Finding f = new Finding(rule, severity, status, subnet, workspace, Optional.of(subnet),
                rule + " says " + status.wireName(), "fix " + rule, List.of(), List.of());
        return new Assessment(f, mode, exemption);
    }

    static Assessment a(String rule, Severity severity, Status status, String workspace, ResourceId subnet) {
        return a(rule, severity, status, workspace, subnet, Mode.ALERT, Optional.empty());
    }

    static final Exemption EXEMPT = new Exemption("DLP002", S1, LocalDate.of(2099, 1, 31), "migration window");

    static Report report() {
        return Report.of(new Evaluation(List.of(
                a("DLP010", Severity.HIGH, Status.VIOLATION, "ws-a", S1),
                a("DLP013", Severity.MEDIUM, Status.VIOLATION, "ws-a", S1),
                a("DLP007", Severity.HIGH, Status.PASS, "ws-a", S1),
                a("DLP003", Severity.CRITICAL, Status.UNKNOWN, "ws-a", S1),
                a("DLP002", Severity.CRITICAL, Status.VIOLATION, "ws-a", S1, Mode.ROLLBACK, Optional.of(EXEMPT)),
                a("DLP001", Severity.HIGH, Status.VIOLATION, "ws-a", S2),
                a("DLP009", Severity.HIGH, Status.VIOLATION, "ws-b", S2, Mode.AUDIT, Optional.empty()))));
    }

    /** The lines naming a rule, in output order. */
    static List<String> ruleLines(String text) {
        return text.lines().filter(l -> l.matches("\\s{4}\\S.*DLP0\\d\\d.*")).toList();
    }

    static int indexOf(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(s)) {
                return i;
            }
        }
        throw new AssertionError(s + " not in " + lines);
    }

    @Test
    void groupsByWorkspaceThenSubnet() {
        List<String> lines = TextReportRenderer.render(report(), false).lines().toList();
        int wsA = indexOf(lines, "Workspace ws-a");
        int train = indexOf(lines, "Subnet vnet/train");
        int score = indexOf(lines, "Subnet vnet/score");
        int wsB = indexOf(lines, "Workspace ws-b");
        assertTrue(wsA < train && train < score && score < wsB, lines.toString());
        assertTrue(indexOf(lines, "DLP001") > score && indexOf(lines, "DLP001") < wsB, "DLP001 under ws-a/score");
        assertTrue(indexOf(lines, "DLP009") > wsB, "DLP009 under ws-b");
        assertTrue(lines.get(train).contains("(1 of 5 checks pass)"), lines.get(train));
    }

    @Test
    void severityFirstThenViolationsBeforeUnknownsAndPassesHidden() {
        List<String> rows = ruleLines(TextReportRenderer.render(report(), false));
        List<String> train = rows.subList(0, 4);
        assertTrue(train.get(0).contains("DLP002") && train.get(0).contains("critical"), train.toString());
        assertTrue(train.get(1).contains("DLP003") && train.get(1).contains("UNKNOWN"), "critical unknown before high: " + train);
        assertTrue(train.get(2).contains("DLP010") && train.get(2).contains("high"), train.toString());
        assertTrue(train.get(3).contains("DLP013") && train.get(3).contains("medium"), train.toString());
        assertTrue(rows.stream().noneMatch(r -> r.contains("DLP007")), "passes are counted, not listed");
    }

    @Test
    void verboseListsPassesAfterTheProblems() {
        List<String> rows = ruleLines(TextReportRenderer.render(report(), true));
        assertEquals(7, rows.size(), rows.toString());
        assertTrue(rows.get(4).contains("DLP007") && rows.get(4).contains("pass"), rows.toString());
    }

    @Test
    void exemptionsShowTheirReasonAndDoNotCount() {
        String text = TextReportRenderer.render(report(), false);
        assertTrue(text.contains("EXEMPT"), text);
        assertTrue(text.contains("exempted until 2099-01-31: migration window"), text);
        assertTrue(text.contains("7 finding(s): 5 violation(s) (4 counting, 1 exempted), 1 unknown"), text);
    }

    @Test
    void violationsCarryTheirRemediation() {
        String text = TextReportRenderer.render(report(), false);
        assertTrue(text.contains("fix: fix DLP010"), text);
        assertFalse(text.contains("fix: fix DLP003"), "an unknown has nothing to fix yet");
    }

    @Test
    void theDriftedExampleListsTheCriticalPolicyFindingsAndThePlan() throws Exception {
        String text = TextReportRenderer.render(ExampleReports.drifted(Path.of("examples/dlp-guard.json")), false);
        assertTrue(text.startsWith("Workspace contoso-ml\n"), text);
        assertTrue(text.contains("Rollback plan: 4 write(s)"), text);
        assertTrue(text.contains("If-Match: W/\""), text);
    }

    @Test
    void anEmptyEvaluationSaysSo() {
        String text = TextReportRenderer.render(Report.of(new Evaluation(List.of())), false);
        assertTrue(text.startsWith("No findings"), text);
    }
}
