package io.runlens.demo;

import static io.restassured.RestAssured.given;
import static io.runlens.support.Waits.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runlens.demo.DemoExecutions.DemoExecution;
import io.runlens.support.SseClient;
import io.runlens.support.TestTokens;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo profile for real: the in-process Temporal service runs the sample workflows, and their
 * rows, read back through the API, end in the status each story is meant to end in.
 */
@QuarkusTest
@TestProfile(DemoProfileTest.DemoEnabled.class)
class DemoProfileTest {

    /** The demo on a free port that Runlens' own Temporal client also points at, with the test schema and keys. */
    public static class DemoEnabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            int port = freePort();
            int codecPort = freePort();
            return Map.of(
                    "runlens.demo.enabled",
                    "true",
                    "runlens.demo.temporal-port",
                    String.valueOf(port),
                    "runlens.temporal.target",
                    "127.0.0.1:" + port,
                    "runlens.demo.codec-port",
                    String.valueOf(codecPort),
                    "runlens.codec.url",
                    "http://127.0.0.1:" + codecPort);
        }

        private static int freePort() {
            try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    // Every demo run settles in well under 10 s; the margin is for a slow CI machine.
    private static final Duration SETTLE = Duration.ofSeconds(30);

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    private final DemoExecutions demo;
    private final DemoTemporal temporal;
    private final DemoAccessBanner banner;
    private WorkflowServiceStubs stubs;

    DemoProfileTest(DemoExecutions demo, DemoTemporal temporal, DemoAccessBanner banner) {
        this.demo = demo;
        this.temporal = temporal;
        this.banner = banner;
    }

    @BeforeEach
    void connect() {
        // A connection of the test's own, as Runlens' Temporal client would have: nothing shared with the demo.
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporal.target())
                .build());
    }

    @AfterEach
    void disconnect() {
        stubs.shutdownNow();
    }

    @Test
    void everyRunEndsInTheStatusItsStoryTells() {
        await().atMost(SETTLE)
                .untilAsserted(() -> assertEquals(
                        Map.ofEntries(
                                Map.entry("content-approval", List.of("completed")),
                                Map.entry("data-export", List.of("cancelled")),
                                Map.entry("event-replay", List.of("completed")),
                                Map.entry("kyc-check", List.of("completed")),
                                Map.entry("nightly-report", List.of("running")),
                                Map.entry("invoice-sync", List.of("completed", "failed")),
                                Map.entry("lead-enrichment", List.of("completed")),
                                Map.entry("research-agent", List.of("completed")),
                                Map.entry("summarize-document", List.of("completed")),
                                Map.entry("support-inbox-agent", List.of("running")),
                                Map.entry("weekly-digest", List.of("pending"))),
                        statusesByWorkflow()));
        assertEquals(12, demo.executions().size());
    }

    @Test
    void everyDemoExecutionsDetailsMatchSeed000WithRealTemporalValues() throws Exception {
        Map<String, String> temporalStatus =
                Map.of("completed", "COMPLETED", "failed", "FAILED", "cancelled", "CANCELED", "running", "RUNNING");
        await().atMost(SETTLE)
                .until(() -> statusesByWorkflow().get("content-approval").equals(List.of("completed")));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (DemoExecution execution : demo.executions()) {
            String body = given().auth()
                    .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                    .when()
                    .get("/api/v1/executions/{id}/details", execution.id())
                    .then()
                    .statusCode(200)
                    .extract()
                    .asString();
            var details = json.readTree(body);
            var violations = io.runlens.support.ContractSchemas.violations(
                    "kubiya-execution-details.openapi.yaml", "WorkflowDetailsResponse", details);
            assertTrue(violations.isEmpty(), execution + ": " + violations);
            String rowStatus = details.get("execution_status").asText();
            if (rowStatus.equals("pending")) {
                assertEquals("not_found", details.at("/sources/temporal").asText(), execution.toString());
                continue;
            }
            assertEquals("ok", details.at("/sources/temporal").asText(), execution + " " + details.get("sources"));
            if (!rowStatus.equals("running")) {
                assertEquals(
                        temporalStatus.get(rowStatus), details.get("status").asText(), execution.toString());
            }
            assertEquals(
                    execution.temporalWorkflowId(), details.get("workflow_id").asText());
            assertEquals(
                    execution.workflowId().equals("kyc-check")
                            ? DemoTemporal.SEALED_TASK_QUEUE
                            : DemoTemporal.TASK_QUEUE,
                    details.get("task_queue").asText());
            assertTrue(details.get("run_id").asText().length() > 10, execution.toString());
            assertTrue(details.get("history_length").asInt() > 3, execution.toString());
            assertTrue(details.get("history_size_bytes").asLong() > 0, execution.toString());
            assertTrue(details.get("execution_duration_ms").asDouble() > 0, execution.toString());
            assertTrue(details.get("recent_events").size() > 3, execution.toString());
            assertTrue(details.get("recent_events").get(0).get("details").size() > 0, execution.toString());
            assertTrue(details.at("/trace/timeline").size() > 1, execution.toString());
        }
    }

    private JsonPath steps(DemoExecution execution) {
        return given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/workflows/{id}/executions/{runId}", execution.workflowId(), execution.id())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void stepDetailShowsMappedColumnsAndAStepCancelledBeforeItStarted() {
        await().atMost(SETTLE)
                .until(() -> statusesByWorkflow().get("invoice-sync").size() == 2
                        && !statusesByWorkflow().get("invoice-sync").contains("running")
                        && statusesByWorkflow().get("data-export").equals(List.of("cancelled")));

        DemoExecution research = demo.first("research-agent").orElseThrow();
        JsonPath agent = steps(research);
        assertEquals("chat.message.created", agent.getString("event_name"));
        assertEquals(2, agent.getList("column_config").size());
        Map<String, Object> summarizer = agent.getMap("steps.find { it.kind == 'child_workflow' }");
        assertEquals(research.temporalWorkflowId() + "-summary", summarizer.get("step_id"));
        @SuppressWarnings("unchecked")
        Map<String, Object> mapped = (Map<String, Object>) summarizer.get("mapped_output");
        assertTrue(((String) mapped.get("summary")).length() > 20, mapped.toString());
        assertEquals(3, mapped.get("sources"));

        for (DemoExecution invoices : demo.executions().stream()
                .filter(e -> e.workflowId().equals("invoice-sync"))
                .toList()) {
            JsonPath sync = steps(invoices);
            assertEquals("schedule.monthly", sync.getString("event_name"));
            assertEquals(2, sync.getList("column_config").size());
            List<Map<String, Object>> postings = sync.getList("steps");
            assertEquals(2, postings.size());
            assertTrue(
                    String.valueOf(postings.get(0).get("mapped_output")).startsWith("{journal_entry_1=JE-"),
                    postings.get(0).toString());
            if (sync.getString("status").equals("failed")) {
                assertEquals("failed", postings.get(1).get("status"));
                assertEquals(
                        java.util.Collections.singletonMap("journal_entry_2", null),
                        postings.get(1).get("mapped_output"));
            }
        }

        JsonPath export = steps(demo.first("data-export").orElseThrow());
        assertEquals("cancelled", export.getString("status"));
        assertEquals("dashboard.export.requested", export.getString("event_name"));
        assertEquals(List.of("skipped"), export.getList("steps.status"));
        assertEquals(List.of("Export table to object storage"), export.getList("steps.step_name"));
    }

    @Test
    void theResearchAgentRetriesSearchRunsALocalActivityAChildAndATimer() {
        DemoExecution research = demo.first("research-agent").orElseThrow();
        awaitStatus(research.id().toString(), "completed");

        JsonPath row = execution(research.id().toString());
        assertEquals(research.id().toString(), research.temporalWorkflowId());
        assertEquals(
                "How do durable execution engines keep AI agents reliable when tools fail?",
                row.getString("payload.question"));
        assertEquals(List.of("web_search", "summarize"), row.getList("payload.tools"));
        assertEquals(8, row.getInt("payload.maxSteps"));
        assertEquals("high", row.getString("payload.labels.priority"));
        assertEquals(3, row.getList("result.citations").size());
        assertEquals("https://blog.example.com/retries", row.getString("result.citations[1].url"));
        assertEquals(3, row.getList("result.plan").size());
        assertEquals(research.temporalWorkflowId() + "-summary", row.getString("result.summaryWorkflowId"));
        assertTrue(row.getInt("result.usage.promptTokens") > 0);
        assertEquals("user-ada", row.getString("user_id"));
        assertEquals("sess-7f3a91", row.getString("session_id"));
        assertEquals(600, row.getInt("run_timeout_seconds"));
        assertEquals("ResearchReport", row.getString("output_schema_name"));

        List<HistoryEvent> history = history(research.temporalWorkflowId());
        assertTrue(has(history, EventType.EVENT_TYPE_MARKER_RECORDED), "local activity marker");
        assertTrue(has(history, EventType.EVENT_TYPE_TIMER_FIRED), "durable timer");
        assertTrue(has(history, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED), "child workflow");
        assertEquals(
                AgentActivitiesImpl.SEARCH_FAILURES + 1, lastAttempt(history), "search succeeds on its third attempt");
    }

    @Test
    void theSummarizerChildHasARowThatPointsAtItsParent() {
        DemoExecution research = demo.first("research-agent").orElseThrow();
        await().atMost(SETTLE).until(() -> demo.first("summarize-document").isPresent());
        DemoExecution child = demo.first("summarize-document").orElseThrow();
        awaitStatus(child.id().toString(), "completed");

        JsonPath row = execution(child.id().toString());
        assertEquals(research.id().toString(), row.getString("parent_execution_id"));
        assertEquals(research.id().toString(), row.getString("root_execution_id"));
        assertEquals("summarize", row.getString("step_key"));
        assertEquals("gpt-4o", row.getString("payload.model"));
        assertEquals(3, row.getList("payload.sourceUrls").size());
        assertEquals(3, row.getInt("result.sourceCount"));
        assertEquals(research.temporalWorkflowId() + "-summary", child.temporalWorkflowId());
    }

    @Test
    void aLedgerRejectionExhaustsTheRetriesAndFailsTheRunWithTheRootCause() {
        DemoExecution failed = demo.executions().stream()
                .filter(e -> e.workflowId().equals("invoice-sync"))
                .reduce((first, second) -> second)
                .orElseThrow();
        // Looked up by its readable Temporal workflow id, as Kubiya clients do.
        assertTrue(failed.temporalWorkflowId().startsWith("invoice-sync-"));
        awaitStatus(failed.temporalWorkflowId(), "failed");

        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", failed.temporalWorkflowId())
                .then()
                .statusCode(200)
                .body("id", equalTo(failed.id().toString()))
                .body(
                        "error",
                        equalTo("ledger rejected invoice INV-3108: currency CHF is not enabled for account acme-us"))
                .body("result", nullValue())
                .body("completed_at", notNullValue())
                .body("batch_id", equalTo("billing-2026-10"))
                .body("payload.invoices.number", contains("INV-3107", "INV-3108"));

        List<HistoryEvent> history = history(failed.temporalWorkflowId());
        assertTrue(has(history, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED));
        assertEquals(3, lastAttempt(history), "the ledger call gives up after its third attempt");
        assertEquals(
                "ledger rejected invoice INV-3108: currency CHF is not enabled for account acme-us",
                history.stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED)
                        .findFirst()
                        .orElseThrow()
                        .getActivityTaskFailedEventAttributes()
                        .getFailure()
                        .getMessage());
    }

    @Test
    void theOtherInvoiceSyncBooksBothInvoices() {
        DemoExecution synced = demo.first("invoice-sync").orElseThrow();
        awaitStatus(synced.temporalWorkflowId(), "completed");
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", synced.temporalWorkflowId())
                .then()
                .statusCode(200)
                .body("id", equalTo(synced.id().toString()))
                .body("result.postings.journalEntryId", contains("JE-ACME-EU-2041", "JE-ACME-EU-2042"))
                .body("result.total", equalTo(1286.5f))
                .body("error", nullValue());
    }

    @Test
    void aSilentCreditBureauTimesOutAndTheLeadGoesToManualReview() {
        DemoExecution lead = demo.first("lead-enrichment").orElseThrow();
        awaitStatus(lead.id().toString(), "completed");
        JsonPath row = execution(lead.id().toString());
        assertEquals("manual-review", row.getString("result.routing"));
        assertEquals("unavailable: the credit bureau did not answer within 2s", row.getString("result.creditCheck"));
        assertEquals("Initech", row.getString("result.company.name"));

        List<HistoryEvent> history = history(lead.temporalWorkflowId());
        assertTrue(has(history, EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT), "start-to-close timeout");
    }

    @Test
    void theReviewSignalLetsThePostBePublished() {
        DemoExecution approval = demo.first("content-approval").orElseThrow();
        awaitStatus(approval.temporalWorkflowId(), "completed");
        JsonPath row = execution(approval.temporalWorkflowId());
        assertEquals("user-grace", row.getString("result.reviewedBy"));
        assertEquals("https://blog.example.com/posts/how-we-cut-agent-failures-by-80", row.getString("result.url"));

        HistoryEvent signal = history(approval.temporalWorkflowId()).stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
                .findFirst()
                .orElseThrow();
        assertEquals(
                ContentApprovalWorkflow.REVIEW_SIGNAL,
                signal.getWorkflowExecutionSignaledEventAttributes().getSignalName());
    }

    @Test
    void theExportIsCancelledByTheDemo() {
        DemoExecution export = demo.first("data-export").orElseThrow();
        awaitStatus(export.id().toString(), "cancelled");
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", export.id().toString())
                .then()
                .statusCode(200)
                .body("cancelled_by", equalTo(DemoExecutions.CANCELLED_BY))
                .body("cancelled_at", notNullValue())
                .body("result", nullValue())
                .body("error", nullValue());
        assertTrue(has(history(export.temporalWorkflowId()), EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED));
    }

    @Test
    void theSupportAgentKeepsRunningWhileItsCrmSyncRetries() {
        DemoExecution support = demo.first("support-inbox-agent").orElseThrow();
        await().atMost(SETTLE).untilAsserted(() -> {
            DescribeWorkflowExecutionResponse description = describe(support.temporalWorkflowId());
            assertEquals(
                    WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
                    description.getWorkflowExecutionInfo().getStatus());
            assertEquals(1, description.getPendingActivitiesCount());
            PendingActivityInfo sync = description.getPendingActivities(0);
            assertEquals("SyncCrmContacts", sync.getActivityType().getName());
            assertTrue(sync.getAttempt() > 1, "attempt " + sync.getAttempt());
            assertTrue(
                    sync.getLastFailure()
                            .getMessage()
                            .startsWith("CRM API https://crm.example.com/v2/contacts refused"),
                    sync.getLastFailure().getMessage());
        });
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", support.temporalWorkflowId())
                .then()
                .statusCode(200)
                .body("status", equalTo("running"))
                .body("started_at", notNullValue())
                .body("completed_at", nullValue())
                .body("payload.inbox", equalTo("support@acme.example"));
    }

    @Test
    void theEventReplayIsOneExecutionOverAChainOfThreeRuns() {
        DemoExecution replay = demo.first("event-replay").orElseThrow();
        awaitStatus(replay.id().toString(), "completed");
        JsonPath details = given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}/details", replay.id().toString())
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertEquals(List.of("CONTINUED_AS_NEW", "CONTINUED_AS_NEW", "COMPLETED"), details.getList("runs.status"));
        assertEquals("COMPLETED", details.getString("status"));
        assertEquals(details.getString("run_id"), details.getString("runs[2].run_id"));
        assertEquals(3 * 250 + 10 * (1 + 2 + 3), details.getInt("result.value"));
    }

    @Test
    void theSealedKycCheckIsReadableOnlyThroughTheCodecServerAndItsTokenIsRedacted() {
        DemoExecution kyc = demo.first("kyc-check").orElseThrow();
        awaitStatus(kyc.id().toString(), "completed");
        assertTrue(
                history(kyc.temporalWorkflowId()).stream()
                        .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
                        .allMatch(e -> e.getWorkflowExecutionStartedEventAttributes()
                                .getInput()
                                .getPayloads(0)
                                .getMetadataOrThrow("encoding")
                                .toStringUtf8()
                                .equals("binary/encrypted")),
                "Temporal holds only ciphertext");
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}/details", kyc.id().toString())
                .then()
                .statusCode(200)
                .body("input.name", equalTo("Grace Hopper"))
                .body("input.apiToken", equalTo("[REDACTED]"))
                .body("result.decision", equalTo("approved"))
                .body("trace.activities[0].input.documentNumber", equalTo("P-4471-0923"))
                .body("trace.activities[0].summary", equalTo("Verify identity"));
        // The summary is sealed too: decoded by the codec server, never the undecodable marker's text.
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/workflows/kyc-check/executions/{id}", kyc.id().toString())
                .then()
                .statusCode(200)
                .body("steps[0].step_name", equalTo("Verify identity"));
    }

    @Test
    void theNightlyReportKeepsRunningSectionBySection() {
        DemoExecution report = demo.first("nightly-report").orElseThrow();
        await().atMost(SETTLE)
                .untilAsserted(() -> given().auth()
                        .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                        .when()
                        .get("/api/v1/executions/{id}/details", report.id().toString())
                        .then()
                        .statusCode(200)
                        .body("status", equalTo("RUNNING"))
                        .body("trace.completed_activities", org.hamcrest.Matchers.greaterThanOrEqualTo(2)));
    }

    @Test
    void theNightlyReportCanBeWatchedLiveWithTheBannersStreamCommand() throws Exception {
        DemoExecution report = demo.first(DemoAccessBanner.STREAMED).orElseThrow();
        String command =
                DemoAccessBanner.streamCommand(base.toString().replaceAll("/$", "") + "/api/v1/executions", report);
        String url = command.substring(command.lastIndexOf(' ') + 1);
        assertTrue(command.startsWith("curl -sN "), command);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (SseClient stream = SseClient.open(
                java.net.URI.create(url),
                Map.of("Authorization", "Bearer " + banner.token().orElseThrow()))) {
            assertEquals(
                    "RUNNING",
                    json.readTree(stream.next(SETTLE).data()).get("status").asText());
            // The history so far, then sections rendered while the stream is open: each event the next one.
            List<SseClient.Event> events = new java.util.ArrayList<>();
            int firedWhileWatching = 0;
            long openedAt = System.nanoTime();
            while (firedWhileWatching < 2) {
                SseClient.Event event = stream.next(SETTLE);
                if (event.id() == null) {
                    continue;
                }
                if (!events.isEmpty()) {
                    assertEquals(events.get(events.size() - 1).eventId() + 1, event.eventId(), event.toString());
                }
                events.add(event);
                boolean fired = event.name().equals("timeline")
                        && json.readTree(event.data()).get("type").asText().equals("timer_fired");
                if (fired
                        && System.nanoTime() - openedAt > Duration.ofMillis(500).toNanos()) {
                    firedWhileWatching++;
                }
            }
            assertEquals(1, events.get(0).eventId());
        }
    }

    @Test
    void theQueuedDigestHasNoTemporalRunYet() {
        DemoExecution digest = demo.first("weekly-digest").orElseThrow();
        given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", digest.id().toString())
                .then()
                .statusCode(200)
                .body("status", equalTo("pending"))
                .body("started_at", nullValue())
                .body("queue_name", equalTo("digests"))
                .body("payload.recipients", containsInAnyOrder("ada@acme.example", "grace@acme.example"));
    }

    @Test
    void theBannerApiKeyOpensTheDemoOrganizationOnly() {
        String key = banner.apiKey();
        assertTrue(key.startsWith(io.runlens.keys.ApiKeys.PREFIX), key);
        given().auth()
                .oauth2(key)
                .when()
                .get(
                        "/api/v1/executions/{id}",
                        demo.first("research-agent").orElseThrow().id().toString())
                .then()
                .statusCode(200)
                .body("workflow_id", equalTo("research-agent"));
        given().auth().oauth2(key).when().get("/api/v1/api-keys").then().statusCode(403);
    }

    @Test
    void theBannerTokenOpensTheDemoOrganization() {
        String token = banner.token().orElseThrow();
        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .body("items", hasSize(demo.executions().size()))
                .body("items.workflow_id", hasItem("research-agent"));
        given().auth()
                .oauth2(token)
                .when()
                .get(
                        "/api/v1/executions/{id}",
                        demo.first("weekly-digest").orElseThrow().id().toString())
                .then()
                .statusCode(200)
                .body("workflow_id", equalTo("weekly-digest"));
    }

    private Map<String, List<String>> statusesByWorkflow() {
        List<Map<String, Object>> items = given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .queryParam("limit", 50)
                .when()
                .get("/api/v1/executions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.stream()
                .collect(Collectors.groupingBy(
                        item -> (String) item.get("workflow_id"),
                        TreeMap::new,
                        Collectors.mapping(
                                item -> (String) item.get("status"),
                                Collectors.collectingAndThen(
                                        Collectors.toList(),
                                        statuses -> statuses.stream().sorted().toList()))));
    }

    private static void awaitStatus(String ref, String status) {
        await().atMost(SETTLE)
                .untilAsserted(() -> assertEquals(status, execution(ref).getString("status")));
    }

    private static JsonPath execution(String ref) {
        return given().auth()
                .oauth2(TestTokens.forOrganization(DemoExecutions.ORGANIZATION))
                .when()
                .get("/api/v1/executions/{id}", ref)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private DescribeWorkflowExecutionResponse describe(String workflowId) {
        return stubs.blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build());
    }

    private List<HistoryEvent> history(String workflowId) {
        return stubs.blockingStub()
                .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                        .setNamespace("default")
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getHistory()
                .getEventsList();
    }

    private static boolean has(List<HistoryEvent> history, EventType type) {
        return history.stream().anyMatch(e -> e.getEventType() == type);
    }

    private static int lastAttempt(List<HistoryEvent> history) {
        return history.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .mapToInt(e -> e.getActivityTaskStartedEventAttributes().getAttempt())
                .max()
                .orElse(0);
    }
}
