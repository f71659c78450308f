package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes the endpoints with the platforms' names, their errors and their conditional GET. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void describesTheExecutionEndpointsInThePlatformsTerms() {
        given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths.'/api/v1/executions/{execution_id}'.get.operationId", equalTo("get_execution"))
                .body("paths.'/api/v1/executions/{execution_id}'.get.responses", hasKey("400"))
                .body("paths.'/api/v1/executions/{execution_id}'.get.responses", hasKey("401"))
                .body("paths.'/api/v1/executions/{execution_id}'.get.responses", hasKey("404"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}'.get.responses.'404'.content",
                        hasKey(Problem.MEDIA_TYPE))
                .body(
                        "paths.'/api/v1/executions'.get.parameters.name",
                        hasItems("limit", "cursor", "status", "workflow_id"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/details'.get.parameters.name",
                        hasItems("include_payloads"))
                .body(
                        "paths.'/api/v1/workflows/{id}/executions/{runId}'.get.parameters.name",
                        hasItems("include_payloads"))
                .body("paths.'/api/v1/api-keys'.get.parameters", org.hamcrest.Matchers.nullValue())
                .body("paths.'/api/v1/executions/{execution_id}/stream'.get.operationId", equalTo("stream_execution"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/stream'.get.parameters.name",
                        hasItems("execution_id", "run_id", "last_event_id", "Last-Event-ID", "include_payloads"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/stream'.get.responses.'200'.content",
                        hasKey("text/event-stream"))
                .body("paths.'/api/v1/executions/{execution_id}/stream'.get.responses", hasKey("400"))
                .body("paths.'/api/v1/executions/{execution_id}/stream'.get.responses", hasKey("401"))
                .body("paths.'/api/v1/executions/{execution_id}/stream'.get.responses", hasKey("404"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/stream'.get.responses.'503'.content",
                        hasKey(Problem.MEDIA_TYPE))
                .body("paths.'/api/v1/workflows/{id}/executions/{runId}'.get.responses", hasKey("503"))
                .body("paths.'/api/v1/executions'.get.responses.'503'.headers", hasKey("Retry-After"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/details'.get.responses.'503'.headers",
                        hasKey("Retry-After"))
                .body("paths.'/api/v1/executions/{execution_id}/details'.get.responses", hasKey("304"))
                .body("paths.'/api/v1/executions/{execution_id}/details'.get.responses.'200'.headers", hasKey("ETag"))
                .body(
                        "paths.'/api/v1/executions/{execution_id}/details'.get.parameters.name",
                        hasItems("If-None-Match"))
                .body("paths.'/api/v1/executions/{execution_id}/stream'.get.responses", not(hasKey("304")))
                .body("paths.'/api/v1/api-keys'.get.responses", not(hasKey("304")))
                .body(
                        "components.schemas.ExecutionResponse.required",
                        hasItems("id", "workflow_id", "status", "payload", "created_at", "retry_count"))
                .body("components.schemas.ExecutionResponse.properties", hasKey("run_timeout_seconds"))
                .body("components.schemas.ExecutionResponse.properties", hasKey("assigned_to_worker"))
                .body("components.schemas.ExecutionPage.properties", hasKey("next_cursor"))
                .body("components.schemas.StreamStatus.properties", hasKey("resume_after"))
                .body("components.schemas.StreamEnd.properties", hasKey("next_run_id"))
                .body("components.schemas.StreamReconnect.properties", hasKey("last_event_id"))
                .body("components.securitySchemes.bearer_auth.scheme", equalTo("bearer"))
                .body("components.securitySchemes.cookie_auth.name", equalTo("polos_auth"));
    }
}
