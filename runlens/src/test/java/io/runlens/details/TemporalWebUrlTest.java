package io.runlens.details;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.support.ContractSchemas;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Without {@code runlens.temporal.ui-url} there is no Temporal Web UI to link to: details answer an
 * empty {@code temporal_web_url} (Kubiya's schema requires a string there), never a made-up address.
 * (With it set, {@code ExecutionDetailsResourceTest} checks the link.)
 */
@QuarkusTest
class TemporalWebUrlTest {

    private final ExecutionRows rows;

    TemporalWebUrlTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void noUiBaseConfiguredMeansAnEmptyLinkThatKubiyasSchemaAccepts() throws Exception {
        String org = "org-" + UUID.randomUUID();
        UUID id = rows.insert(org, Map.of("temporal_run_id", UUID.randomUUID().toString(), "status", "running"));
        String body = given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/" + id + "/details")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        JsonNode details = new ObjectMapper().readTree(body);
        assertEquals("", details.get("temporal_web_url").asText());
        assertEquals(
                Set.of(),
                ContractSchemas.violations(
                        "kubiya-execution-details.openapi.yaml", "WorkflowDetailsResponse", details));
    }
}
