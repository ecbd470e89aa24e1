package com.dlpguard.config;

import com.dlpguard.model.ResourceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code "network": "managed"} entries: their keys, their required workspaceId, and mixing with SEP keys. */
class ManagedWorkspaceConfigTest {
    static final LocalDate TODAY = LocalDate.of(2026, 11, 24);
    static final String WS = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/"
            + "Microsoft.MachineLearningServices/workspaces/contoso-mvnet";
    static final String STORE = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/ml-rg/providers/"
            + "Microsoft.Storage/storageAccounts/curated";

    static GuardConfig parse(String workspaceJson) throws ConfigException {
        String json = "{\"workspaces\": [" + workspaceJson + "]}";
        return ConfigLoader.parse(json.getBytes(StandardCharsets.UTF_8), "dlp-guard.json", TODAY);
    }

    static String managed(String extra) {
        return "{\"name\": \"contoso-mvnet\", \"region\": \"westeurope\", \"workspaceId\": \"" + WS + "\", \"network\": \"managed\""
                + extra + "}";
    }

    @Test
    void aManagedEntryLoadsWithNormalizedApprovals() throws ConfigException {
        GuardConfig config = parse(managed(", \"approvedOutbound\": {\"privateEndpoints\": [\"" + STORE + "\"],"
                + " \"fqdns\": [\"PyPI.org.\", \"*.PythonHosted.org\", \"bücher.example\"], \"serviceTags\": [\" AzureContainerRegistry \"]}"));
        assertEquals(List.of(), config.workspaces());
        ManagedWorkspaceConfig m = config.managedWorkspaces().get(0);
        assertEquals(ResourceId.parse(WS), m.workspaceId());
        assertEquals(List.of(ResourceId.parse(STORE)), m.approvedOutbound().privateEndpoints());
        assertEquals(List.of("pypi.org", "*.pythonhosted.org", "xn--bcher-kva.example"), m.approvedOutbound().fqdns());
        assertEquals(List.of("AzureContainerRegistry"), m.approvedOutbound().serviceTags());
    }

    @Test
    void approvedOutboundDefaultsToNothing() throws ConfigException {
        assertEquals(ApprovedOutbound.NONE, parse(managed("")).managedWorkspaces().get(0).approvedOutbound());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ", \"subnets\": []                                    | $.workspaces[0].subnets: not allowed with \"network\": \"managed\"",
            ", \"serviceEndpointPolicy\": \"x\"                   | $.workspaces[0].serviceEndpointPolicy: not allowed",
            ", \"networkSecurityGroup\": \"x\"                    | $.workspaces[0].networkSecurityGroup: not allowed",
            ", \"egress\": {\"mode\": \"nsg\"}                    | $.workspaces[0].egress: not allowed",
            ", \"approvedOutbound\": {\"fqdns\": [\"*.net\"]}     | $.workspaces[0].approvedOutbound.fqdns[0]: expected a host name",
            ", \"approvedOutbound\": {\"fqdns\": [\"a.com:443\"]} | $.workspaces[0].approvedOutbound.fqdns[0]: expected a host name",
            ", \"approvedOutbound\": {\"fqdns\": [\"a.*.com\"]}   | $.workspaces[0].approvedOutbound.fqdns[0]: expected a host name",
            ", \"approvedOutbound\": {\"privateEndpoints\": [\"/subscriptions/1/resourceGroups/g\"]} | $.workspaces[0].approvedOutbound.privateEndpoints[0]: expected the id",
            ", \"approvedOutbound\": {\"urls\": []}              | $.workspaces[0].approvedOutbound.urls",
    })
    void mixingOrMistakesNameTheJsonPath(String extra, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(managed(extra)));
        assertTrue(e.getMessage().startsWith("dlp-guard.json: ") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void workspaceIdIsRequired() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse("{\"name\": \"m\", \"region\": \"westeurope\", \"network\": \"managed\"}"));
        assertTrue(e.getMessage().contains("$.workspaces[0].workspaceId: missing"), e.getMessage());
    }

    @Test
    void onlyManagedIsANetworkKind() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(managed("").replace("\"managed\"", "\"Managed\"")));
        assertTrue(e.getMessage().contains("$.workspaces[0].network: expected \"managed\""), e.getMessage());
    }

    @Test
    void approvedOutboundWithoutTheManagedKindIsAnError() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("{\"name\": \"w\", \"region\": \"westeurope\","
                + " \"subnets\": [], \"approvedOutbound\": {}}"));
        assertTrue(e.getMessage().contains("$.workspaces[0].approvedOutbound: only allowed with"), e.getMessage());
    }

    @Test
    void theSameWorkspaceCannotBeBothKinds() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(managed("") + ", " + managed("")
                .replace("contoso-mvnet\", \"region", "other\", \"region")));
        assertTrue(e.getMessage().contains("$.workspaces[1].workspaceId: the workspace is already configured"), e.getMessage());
    }

    @Test
    void theMixedExampleLoads() throws ConfigException {
        GuardConfig config = ConfigLoader.load(Path.of("examples", "managed", "dlp-guard.json"), TODAY);
        assertEquals(1, config.workspaces().size());
        assertEquals(1, config.managedWorkspaces().size());
        assertEquals(Mode.ROLLBACK, config.modeOf("DLP016"));
    }
}
