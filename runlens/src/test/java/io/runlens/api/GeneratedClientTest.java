package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.runlens.generated.ApiClient;
import io.runlens.generated.ApiException;
import io.runlens.generated.api.ApiKeysApi;
import io.runlens.generated.api.ExecutionsApi;
import io.runlens.generated.api.WorkflowsApi;
import io.runlens.generated.model.ApiKey;
import io.runlens.generated.model.ApiKeyCreated;
import io.runlens.generated.model.CreateApiKey;
import io.runlens.generated.model.ExecutionPage;
import io.runlens.generated.model.ExecutionResponse;
import io.runlens.generated.model.Problem;
import io.runlens.generated.model.StepExecution;
import io.runlens.generated.model.WorkflowDetailsResponse;
import io.runlens.support.ExecutionRows;
import io.runlens.support.RecordedExecutions;
import io.runlens.support.ScriptedTemporal;
import io.runlens.support.ScriptedTemporalService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Java client generated from docs/openapi.yaml by openapi-generator (the {@code native} library,
 * generated in the build's generate-test-sources phase) reads real answers of every endpoint, with
 * unknown properties made an error: a field the document does not declare, or declares with a type
 * the answer does not have, fails here. Each answer read through the client is compared with the
 * same answer read as plain JSON, so the client's values are the served ones, not defaults.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedTemporalService.class, restrictToAnnotatedClass = true)
class GeneratedClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTemporal
    ScriptedTemporal scripted;

    @TestHTTPResource("/")
    URL base;

    private final ExecutionRows rows;

    GeneratedClientTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        client.getObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        return client;
    }

    private static JsonNode raw(String token, String path) throws Exception {
        return JSON.readTree(given().auth()
                .oauth2(token)
                .queryParam("recent_events", 1000)
                .get(path)
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void everyEndpointsRealAnswersReadThroughTheGeneratedClient() throws Exception {
        String organization = "org-" + UUID.randomUUID();
        String token = TestTokens.forOrganization(organization);
        List<RecordedExecutions.Served> recorded =
                RecordedExecutions.serve(scripted, rows, organization, "recorded", Map.of());
        ExecutionsApi executions = new ExecutionsApi(client(token));
        WorkflowsApi workflows = new WorkflowsApi(client(token));

        ExecutionPage page = executions.listExecutions(null, null, null, 200, null, null, null, null, null, null, null);
        assertEquals(recorded.size(), page.getItems().size());
        ExecutionPage ofWorkflow =
                workflows.listWorkflowExecutions("recorded", null, null, null, 200, null, null, null, null, null, null);
        assertEquals(recorded.size(), ofWorkflow.getItems().size());

        int activities = 0;
        for (RecordedExecutions.Served execution : recorded) {
            String id = execution.id().toString();
            ExecutionResponse row = executions.getExecution(id, null, null, null, null);
            assertEquals(id, row.getId().toString());
            assertEquals(
                    raw(token, "/api/v1/executions/" + id).get("status").asText(), String.valueOf(row.getStatus()));

            WorkflowDetailsResponse details = executions.getExecutionDetails(id, 1000, null, null, null, null, null);
            JsonNode plain = raw(token, "/api/v1/executions/" + id + "/details");
            assertEquals(plain.get("run_id").asText(), details.getRunId(), id);
            assertEquals(plain.get("status").asText(), String.valueOf(details.getStatus()), id);
            assertEquals(
                    plain.get("recent_events").size(), details.getRecentEvents().size(), id);
            assertEquals(
                    plain.at("/trace/activities").size(),
                    details.getTrace().getActivities().size(),
                    id);
            activities += details.getTrace().getActivities().size();

            StepExecution steps = workflows.getWorkflowExecution("recorded", id, null, null, null, null);
            JsonNode plainSteps = raw(token, "/api/v1/workflows/recorded/executions/" + id);
            assertEquals(plainSteps.get("steps").size(), steps.getSteps().size(), id);
        }
        assertTrue(activities > 0, "the recorded runs have activities");

        // API keys, as an administrator of the organization.
        ApiKeysApi keys = new ApiKeysApi(client(TestTokens.adminOf(organization)));
        ApiKeyCreated created = keys.createApiKey(new CreateApiKey().name("generated client"));
        assertTrue(created.getKey() != null && !created.getKey().isBlank());
        List<ApiKey> listed = keys.listApiKeys();
        assertTrue(listed.stream()
                .anyMatch(key -> key.getId().toString().equals(created.getId().toString())));
        keys.revokeApiKey(created.getId().toString());

        // An error answer is a Problem the client's types read.
        ApiException missing = assertThrows(
                ApiException.class,
                () -> executions.getExecution(UUID.randomUUID().toString(), null, null, null, null));
        assertEquals(404, missing.getCode());
        Problem problem = client(token).getObjectMapper().readValue(missing.getResponseBody(), Problem.class);
        assertEquals(404, problem.getStatus());
        assertFalse(problem.getDetail().isBlank());
    }
}
