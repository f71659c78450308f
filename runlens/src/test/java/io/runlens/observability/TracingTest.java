package io.runlens.observability;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With tracing on, a details request is one trace: the row fetch and each Temporal call are children of the request span. */
@QuarkusTest
@TestProfile(TracingTest.TracingOn.class)
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
class TracingTest {

    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false", "quarkus.otel.bsp.schedule.delay", "PT0.05S");
        }
    }

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;
    private final InMemorySpanExporter spans;

    TracingTest(ExecutionRows rows, InMemorySpanExporter spans) {
        this.rows = rows;
        this.spans = spans;
    }

    @Test
    void theRowAndTemporalCallsAreSpansUnderTheRequest() {
        String org = "org-" + UUID.randomUUID();
        String workflowId = "charge-" + UUID.randomUUID();
        temporal.newWorkflowStub(
                        TraceWorkflows.RetryingCharge.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(TraceWorkflows.QUEUE)
                                .setWorkflowId(workflowId)
                                .build())
                .run(new TraceWorkflows.Order("o-t", 1, List.of()));
        rows.insert(org, Map.of("temporal_workflow_id", workflowId));
        spans.reset();

        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions/{id}/details", workflowId)
                .then()
                .statusCode(200);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> spans.getFinishedSpanItems().stream()
                        .anyMatch(s ->
                                s.getKind() == SpanKind.SERVER && s.getName().contains("/details")));
        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData request = finished.stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .findFirst()
                .orElseThrow();
        for (String name : List.of(
                "execution row", "temporal DescribeWorkflowExecution", "temporal GetWorkflowExecutionHistory")) {
            SpanData child = finished.stream()
                    .filter(s -> s.getName().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(name + " not among "
                            + finished.stream().map(SpanData::getName).toList()));
            assertEquals(request.getTraceId(), child.getTraceId(), name);
            assertEquals(request.getSpanId(), child.getParentSpanId(), name);
        }
    }
}
