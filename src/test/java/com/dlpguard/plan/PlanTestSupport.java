package com.dlpguard.plan;

import com.dlpguard.config.Exemption;
import com.dlpguard.config.Mode;
import com.dlpguard.json.StrictJson;
import com.dlpguard.model.ResourceId;
import com.dlpguard.rules.Assessment;
import com.dlpguard.rules.Evaluation;
import com.dlpguard.rules.Finding;
import com.dlpguard.rules.Remedy;
import com.dlpguard.rules.Severity;
import com.dlpguard.rules.Status;
import com.google.gson.JsonObject;

import java.util.List;
import java.util.Optional;

/** Assessments as the rule engine produces them, for planner tests. */
final class PlanTestSupport {

    private PlanTestSupport() {
    }

    static Assessment assessment(String ruleId, Mode mode, Optional<Exemption> exemption, Remedy... remedies) {
        ResourceId resource = remedies.length == 0 ? TestEstates.SUBNET : remedies[0].target();
        Finding finding = new Finding(ruleId, Severity.HIGH, Status.VIOLATION, resource, "contoso-ml",
                Optional.of(TestEstates.SUBNET), ruleId + " is violated", "restore it", List.of(), List.of(remedies));
        return new Assessment(finding, mode, exemption);
    }

    static Assessment rollback(String ruleId, Remedy... remedies) {
        return assessment(ruleId, Mode.ROLLBACK, Optional.empty(), remedies);
    }

    static Evaluation evaluation(Assessment... assessments) {
        return new Evaluation(List.of(assessments));
    }

    static JsonObject parse(String json) {
        try {
            return StrictJson.parse(json).getAsJsonObject();
        } catch (com.dlpguard.json.JsonInputException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject body(PlannedWrite write) {
        return parse(write.request().body().orElseThrow());
    }
}
