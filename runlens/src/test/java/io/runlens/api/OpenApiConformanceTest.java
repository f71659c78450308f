package io.runlens.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.runlens.support.ExecutionRows;
import io.runlens.support.ExecutionRows.Json;
import io.runlens.support.RecordedExecutions;
import io.runlens.support.ScriptedTemporal;
import io.runlens.support.ScriptedTemporalService;
import io.runlens.support.ServedDocument;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Real answers of every endpoint conform to the schema the served OpenAPI document
 * ({@code /q/openapi}) declares for their operation, status code and media type. The details and
 * step views are those of every recorded SDK history (so every part of the trace is there: activities
 * and their retries and pending state, local activities, timers, children, signals, updates, workflow
 * task problems, failures, several runs, recent events with their details), with payloads and
 * without; the rows carry every kind of JSON value where payloads are arbitrary, and every nullable
 * column both set and null. A dashboard team generating a client from the document gets types that
 * read these answers.
 */
@QuarkusTest
@QuarkusTestResource(value = ScriptedTemporalService.class, restrictToAnnotatedClass = true)
class OpenApiConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXECUTION = "/api/v1/executions/{execution_id}";
    private static final String DETAILS = "/api/v1/executions/{execution_id}/details";
    private static final String LIST = "/api/v1/executions";
    private static final String WORKFLOW_LIST = "/api/v1/workflows/{id}/executions";
    private static final String STEPS = "/api/v1/workflows/{id}/executions/{runId}";
    private static final String KEYS = "/api/v1/api-keys";
    private static final String KEY = "/api/v1/api-keys/{id}";
    /** Arbitrary JSON values, as a platform stores them in payload and result. */
    private static final List<String> VALUES =
            List.of("{\"order\": {\"id\": 7, \"tags\": [\"a\"]}}", "[1, \"two\", null]", "\"text\"", "42.5", "true");

    @InjectTemporal
    ScriptedTemporal scripted;

    private final ExecutionRows rows;
    private final Map<String, List<String>> violations = new LinkedHashMap<>();
    private final Map<String, Integer> answers = new LinkedHashMap<>();
    private ServedDocument document;
    private String organization;

    OpenApiConformanceTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void everyAnswerConformsToTheSchemaTheServedDocumentDeclaresForIt() throws IOException {
        document = new ServedDocument(given().queryParam("format", "json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        assertEquals("3.1.0", document.document().path("openapi").asText());
        organization = "org-" + UUID.randomUUID();

        // Step ids "1" and "2" are the TypeScript SDK's activity ids and both SDKs' local activity ids,
        // so most recorded runs get a mapped_output.
        Json columnConfig = new Json("""
                [{"column": "value", "step_id": "1", "path": "/value"},
                 {"column": "whole", "step_id": "2", "path": ""},
                 {"column": "absent", "step_id": "1", "path": "/no/such"}]""");
        List<RecordedExecutions.Served> recorded = RecordedExecutions.serve(
                scripted, rows, organization, "recorded", Map.of("column_config", columnConfig));
        List<UUID> plain = plainRows();

        Set<String> seen = new HashSet<>();
        for (RecordedExecutions.Served execution : recorded) {
            String id = execution.id().toString();
            for (boolean payloads : List.of(true, false)) {
                JsonNode details = check(DETAILS, caller(), payloads, "recent_events", 1000, id);
                seen.addAll(presentParts(details));
                JsonNode steps = check(STEPS, caller(), payloads, null, null, "recorded", id);
                steps.path("steps").forEach(step -> {
                    if (!step.path("mapped_output").isNull()) {
                        seen.add("mapped_output");
                    }
                });
            }
        }
        assertTrue(
                seen.containsAll(List.of(
                        "activities",
                        "timeline",
                        "local_activities",
                        "child_workflows",
                        "timers",
                        "signals",
                        "updates",
                        "workflow_task_problems",
                        "failure",
                        "pending",
                        "runs>1",
                        "event details",
                        "result",
                        "input",
                        "mapped_output")),
                "the recorded runs show every part of an answer: " + seen);

        for (UUID id : plain) {
            for (boolean payloads : List.of(true, false)) {
                check(EXECUTION, caller(), payloads, null, null, id.toString());
                check(DETAILS, caller(), payloads, null, null, id.toString());
                check(STEPS, caller(), payloads, null, null, "plain", id.toString());
            }
        }
        for (boolean payloads : List.of(true, false)) {
            check(LIST, caller(), payloads, "limit", 200);
            check(WORKFLOW_LIST, caller(), payloads, "limit", 200, "plain");
        }
        checkKeys();
        checkErrors();

        List<String> all = new ArrayList<>();
        violations.forEach((endpoint, found) -> {
            if (!found.isEmpty()) {
                all.add(endpoint + ": " + found.size() + " violations in " + answers.get(endpoint) + " answers, e.g. "
                        + found.stream().distinct().limit(8).toList());
            }
        });
        System.out.println("OpenAPI conformance, answers checked per endpoint: " + answers);
        all.forEach(System.out::println);
        assertEquals(List.of(), all, "answers that do not conform to the served document");
    }

    /** Rows with no Temporal run: every kind of JSON value in payload and result, nullable columns set and not. */
    private List<UUID> plainRows() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < VALUES.size(); i++) {
            Map<String, Object> columns = new LinkedHashMap<>();
            columns.put("workflow_id", "plain");
            columns.put(
                    "status",
                    List.of("completed", "failed", "cancelled", "running", "pending")
                            .get(i));
            columns.put("payload", new Json(VALUES.get(i)));
            columns.put("result", new Json(VALUES.get((i + 1) % VALUES.size())));
            if (i % 2 == 0) {
                UUID parent = UUID.randomUUID();
                columns.putAll(Map.of(
                        "error",
                        "boom",
                        "started_at",
                        Instant.parse("2026-02-01T00:00:01Z"),
                        "completed_at",
                        Instant.parse("2026-02-01T00:00:02Z"),
                        "cancelled_at",
                        Instant.parse("2026-02-01T00:00:03Z"),
                        "cancelled_by",
                        "user-1",
                        "parent_execution_id",
                        parent,
                        "root_execution_id",
                        parent,
                        "queue_name",
                        "q",
                        "run_timeout_seconds",
                        30,
                        "assigned_to_worker",
                        "worker-1"));
                columns.putAll(Map.of(
                        "concurrency_key",
                        "k",
                        "batch_id",
                        "b",
                        "session_id",
                        "s",
                        "user_id",
                        "u",
                        "deployment_id",
                        "d",
                        "step_key",
                        "sk",
                        "output_schema_name",
                        "o",
                        "trigger_event_name",
                        "order.placed",
                        "column_config",
                        new Json("[{\"column\": \"c\", \"step_id\": \"x\", \"path\": \"/a\"}]")));
            }
            ids.add(rows.insert(organization, columns));
        }
        ids.add(rows.insert(organization, Map.of("workflow_id", "plain")));
        return ids;
    }

    private void checkKeys() {
        String admin = TestTokens.adminOf(organization);
        Function<RequestSpecification, RequestSpecification> asAdmin =
                r -> r.auth().oauth2(admin);
        Function<RequestSpecification, RequestSpecification> asMember = caller();
        Response created = asAdmin.apply(given())
                .contentType(ContentType.JSON)
                .body(Map.of("name", "conformance"))
                .post(KEYS);
        record(KEYS, "post", created, 201);
        record(
                KEYS,
                "post",
                asAdmin.apply(given())
                        .contentType(ContentType.JSON)
                        .body(Map.of("name", ""))
                        .post(KEYS),
                400);
        record(
                KEYS,
                "post",
                given().contentType(ContentType.JSON).body(Map.of("name", "x")).post(KEYS),
                401);
        record(
                KEYS,
                "post",
                asMember.apply(given())
                        .contentType(ContentType.JSON)
                        .body(Map.of("name", "x"))
                        .post(KEYS),
                403);
        given().auth()
                .oauth2(admin)
                .delete(KEY.replace("{id}", created.jsonPath().getString("id")));
        record(KEYS, "get", asAdmin.apply(given()).get(KEYS), 200);
        record(KEYS, "get", given().get(KEYS), 401);
        record(KEYS, "get", asMember.apply(given()).get(KEYS), 403);
        record(
                KEY,
                "delete",
                asAdmin.apply(given())
                        .delete(KEY.replace("{id}", UUID.randomUUID().toString())),
                404);
    }

    private void checkErrors() {
        String missing = UUID.randomUUID().toString();
        record(EXECUTION, "get", given().get(EXECUTION.replace("{execution_id}", missing)), 401);
        record(EXECUTION, "get", caller().apply(given()).get(EXECUTION.replace("{execution_id}", missing)), 404);
        record(
                EXECUTION,
                "get",
                caller().apply(given()).get(EXECUTION.replace("{execution_id}", "a".repeat(1001))),
                400);
        record(DETAILS, "get", caller().apply(given()).get(DETAILS.replace("{execution_id}", missing)), 404);
        record(
                DETAILS,
                "get",
                caller().apply(given()).queryParam("recent_events", -1).get(DETAILS.replace("{execution_id}", missing)),
                400);
        record(DETAILS, "get", given().get(DETAILS.replace("{execution_id}", missing)), 401);
        record(LIST, "get", caller().apply(given()).queryParam("limit", 0).get(LIST), 400);
        record(LIST, "get", given().get(LIST), 401);
        record(
                STEPS,
                "get",
                caller().apply(given()).get(STEPS.replace("{id}", "plain").replace("{runId}", missing)),
                404);
    }

    private Function<RequestSpecification, RequestSpecification> caller() {
        String token = TestTokens.forOrganization(organization);
        return request -> request.auth().oauth2(token);
    }

    /** GETs {@code path} with its template filled with {@code values}, checks the 200 answer, returns it. */
    private JsonNode check(
            String path,
            Function<RequestSpecification, RequestSpecification> as,
            boolean payloads,
            String parameter,
            Object value,
            String... values)
            throws IOException {
        String url = path;
        for (String filled : values) {
            url = url.replaceFirst("\\{[^}]+}", filled);
        }
        RequestSpecification request = as.apply(given()).queryParam("include_payloads", payloads);
        if (parameter != null) {
            request.queryParam(parameter, value);
        }
        Response response = request.get(url);
        record(path, "get", response, 200);
        return JSON.readTree(response.asString());
    }

    private void record(String path, String method, Response response, int expected) {
        String endpoint = method.toUpperCase() + " " + path + " " + expected;
        answers.merge(endpoint, 1, Integer::sum);
        List<String> found = violations.computeIfAbsent(endpoint, key -> new ArrayList<>());
        if (response.statusCode() != expected) {
            String body = response.asString();
            found.add("status " + response.statusCode() + ": " + body.substring(0, Math.min(300, body.length())));
            return;
        }
        String mediaType = response.contentType().replaceAll(";.*", "").trim();
        found.addAll(document.violations(method, path, expected, mediaType, response.asString()));
    }

    /** The parts of a details answer that are there and not empty. */
    private static Set<String> presentParts(JsonNode details) {
        Set<String> parts = new HashSet<>();
        details.path("trace").fields().forEachRemaining(part -> {
            if (part.getValue().isArray() && !part.getValue().isEmpty()) {
                parts.add(part.getKey());
            }
        });
        details.path("trace").path("activities").forEach(activity -> {
            if (activity.has("pending")) {
                parts.add("pending");
            }
        });
        if (details.path("failure").isObject()) {
            parts.add("failure");
        }
        if (details.hasNonNull("result")) {
            parts.add("result");
        }
        if (details.hasNonNull("input")) {
            parts.add("input");
        }
        if (details.path("runs").size() > 1) {
            parts.add("runs>1");
        }
        details.path("recent_events").forEach(event -> {
            if (event.path("details").size() > 0) {
                parts.add("event details");
            }
        });
        return parts;
    }
}
