package io.runlens.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The list filters beyond one status, over HTTP: several statuses, time ranges, workflow type, and paging with them. */
@QuarkusTest
class ExecutionListFiltersTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");
    private static final String[] STATUSES = {"pending", "running", "completed", "failed", "cancelled"};

    private final ExecutionRows rows;

    ExecutionListFiltersTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static JsonPath page(String token, String pathAndQuery) {
        return given().auth()
                .oauth2(token)
                .urlEncodingEnabled(false)
                .when()
                .get(pathAndQuery)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    /**
     * Ten rows one minute apart from T0, newest first in the returned list: statuses in turn, workflow
     * type {@code Even}/{@code Odd}, started 30 s after creation except the pending ones.
     */
    private List<Map<String, Object>> insertMix(String org) {
        List<Map<String, Object>> newestFirst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> columns = new HashMap<>();
            String status = STATUSES[i % STATUSES.length];
            columns.put("status", status);
            columns.put("workflow_id", i < 5 ? "agent" : "etl");
            columns.put("workflow_type", i % 2 == 0 ? "Even" : "Odd");
            columns.put("created_at", T0.plusSeconds(60L * i));
            if (!status.equals("pending")) {
                columns.put("started_at", T0.plusSeconds(60L * i + 30));
            }
            columns.put("id", rows.insert(org, columns).toString());
            newestFirst.add(0, columns);
        }
        return newestFirst;
    }

    private static List<String> ids(
            List<Map<String, Object>> rows, java.util.function.Predicate<Map<String, Object>> keep) {
        return rows.stream().filter(keep).map(r -> (String) r.get("id")).toList();
    }

    @Test
    void severalStatusesRepeatedOrCommaSeparatedListEitherNewestFirst() {
        String org = "org-" + UUID.randomUUID();
        var all = insertMix(org);
        String token = TestTokens.forOrganization(org);
        List<String> failedOrRunning = ids(
                all, r -> r.get("status").equals("failed") || r.get("status").equals("running"));
        assertEquals(4, failedOrRunning.size());
        assertEquals(
                failedOrRunning,
                page(token, "/api/v1/executions?status=failed&status=running").getList("items.id"));
        assertEquals(
                failedOrRunning,
                page(token, "/api/v1/executions?status=running,failed").getList("items.id"));
        assertEquals(
                failedOrRunning,
                page(token, "/api/v1/executions?status=running%2Cfailed").getList("items.id"));
        assertEquals(
                ids(all, r -> !r.get("status").equals("pending")),
                page(token, "/api/v1/executions?status=running,failed&status=completed,cancelled")
                        .getList("items.id"));
        // The definition's list takes the same filters.
        assertEquals(
                ids(
                        all,
                        r -> r.get("workflow_id").equals("agent")
                                && (r.get("status").equals("failed")
                                        || r.get("status").equals("running"))),
                page(token, "/api/v1/workflows/agent/executions?status=failed,running")
                        .getList("items.id"));
    }

    @Test
    void creationAndStartTimesAreHalfOpenRanges() {
        String org = "org-" + UUID.randomUUID();
        var all = insertMix(org);
        String token = TestTokens.forOrganization(org);
        Instant from = T0.plusSeconds(120);
        Instant before = T0.plusSeconds(360);
        List<String> created = ids(all, r -> {
            Instant at = (Instant) r.get("created_at");
            return !at.isBefore(from) && at.isBefore(before);
        });
        assertEquals(4, created.size());
        assertEquals(
                created,
                page(token, "/api/v1/executions?created_after=" + from + "&created_before=" + before)
                        .getList("items.id"));
        // The same instants with an offset (+ sent as %2B) and fractions.
        assertEquals(
                created,
                page(
                                token,
                                "/api/v1/executions?created_after=2026-11-01T14:02:00.000%2B02:00"
                                        + "&created_before=2026-11-01T07:06:00-05:00")
                        .getList("items.id"));
        assertEquals(
                ids(all, r -> !((Instant) r.get("created_at")).isBefore(from)),
                page(token, "/api/v1/executions?created_after=" + from).getList("items.id"));

        // Started: rows that never started are left out, whatever the range.
        List<String> started =
                ids(all, r -> r.containsKey("started_at") && ((Instant) r.get("started_at")).isBefore(before));
        assertEquals(
                started,
                page(token, "/api/v1/executions?started_before=" + before).getList("items.id"));
        assertEquals(
                ids(all, r -> r.containsKey("started_at")),
                page(token, "/api/v1/executions?started_after=0001-01-01T00:00:00Z")
                        .getList("items.id"));
    }

    @Test
    void workflowTypeAndEveryFilterCombine() {
        String org = "org-" + UUID.randomUUID();
        var all = insertMix(org);
        String token = TestTokens.forOrganization(org);
        assertEquals(
                ids(all, r -> r.get("workflow_type").equals("Odd")),
                page(token, "/api/v1/executions?workflow_type=Odd").getList("items.id"));
        assertEquals(
                List.of(), page(token, "/api/v1/executions?workflow_type=odd").getList("items.id"));
        List<String> combined = ids(
                all,
                r -> r.get("workflow_type").equals("Even")
                        && r.get("workflow_id").equals("etl")
                        && !r.get("status").equals("completed")
                        && r.containsKey("started_at")
                        && ((Instant) r.get("created_at")).isBefore(T0.plusSeconds(540)));
        assertEquals(2, combined.size());
        assertEquals(
                combined,
                page(
                                token,
                                "/api/v1/executions?workflow_type=Even&workflow_id=etl&status=running,failed,cancelled"
                                        + "&created_before=" + T0.plusSeconds(540) + "&started_after=" + T0)
                        .getList("items.id"));
    }

    @Test
    void pagesOfAFilteredListWalkItWithoutGapsAndTheCursorKeepsToItsFilters() {
        String org = "org-" + UUID.randomUUID();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            String status = i % 3 == 0 ? "completed" : "failed";
            // Three rows share each second, so pages end inside a tie.
            UUID id = rows.insert(org, Map.of("status", status, "created_at", T0.plusSeconds(i / 3)));
            if (!status.equals("completed")) {
                expected.add(id.toString());
            }
        }
        String token = TestTokens.forOrganization(org);
        String filters = "status=failed,running&created_after=" + T0 + "&created_before=" + T0.plusSeconds(60);
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            JsonPath page =
                    page(token, "/api/v1/executions?limit=2&" + filters + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
        } while (cursor != null && seen.size() < 20);
        assertEquals(6, seen.size());
        assertEquals(6, seen.stream().distinct().count());
        assertEquals(expected.stream().sorted().toList(), seen.stream().sorted().toList());

        String first = page(token, "/api/v1/executions?limit=2&" + filters).getString("next_cursor");
        // The same filters in another spelling keep the cursor...
        assertEquals(
                2,
                page(
                                token,
                                "/api/v1/executions?limit=2&created_before=" + T0.plusSeconds(60)
                                        + "&status=running&status=failed&created_after=" + T0 + "&cursor=" + first)
                        .getList("items")
                        .size());
        // ...other filters refuse it, and so does the unfiltered list.
        for (String other : List.of(
                "status=failed",
                "status=failed,running&created_after=" + T0,
                "status=failed,running&created_after=" + T0 + "&created_before=" + T0.plusSeconds(60)
                        + "&workflow_type=X",
                "")) {
            given().auth()
                    .oauth2(token)
                    .urlEncodingEnabled(false)
                    .when()
                    .get("/api/v1/executions?limit=2" + (other.isEmpty() ? "" : "&" + other) + "&cursor=" + first)
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body(
                            "detail",
                            equalTo("cursor was returned by a list with other filters: send the filters of the "
                                    + "request that returned it, or start again without cursor"));
        }
    }

    @Test
    void aCreatedBeforeBoundAtACursorsInstantListsNothingAtThatInstant() {
        String org = "org-" + UUID.randomUUID();
        String older = rows.insert(org, Map.of("created_at", T0)).toString();
        rows.insert(org, Map.of("created_at", T0.plusSeconds(1)));
        JsonPath page = page(TestTokens.forOrganization(org), "/api/v1/executions?created_before=" + T0.plusSeconds(1));
        assertEquals(List.of(older), page.getList("items.id"));
        assertNull(page.getString("next_cursor"));
    }

    static Stream<Arguments> badFilters() {
        String time = "must be an RFC 3339 date-time with an offset from the years 0001 to 9999, such as "
                + "2026-12-01T09:30:00Z (send + in an offset as %2B)";
        return Stream.of(
                Arguments.of(
                        "status=running,done", "status must be one of pending, running, completed, failed, cancelled"),
                Arguments.of(
                        "status=running&status=Failed",
                        "status must be one of pending, running, completed, failed, cancelled"),
                Arguments.of("created_after=2026-12-01", "created_after " + time),
                Arguments.of("created_before=2026-12-01T09:30:00", "created_before " + time),
                Arguments.of("started_after=yesterday", "started_after " + time),
                Arguments.of("started_before=2026-12-01T09:30:00+02:00", "started_before " + time),
                Arguments.of("created_after=%2B10000-01-01T00:00:00Z", "created_after " + time),
                Arguments.of(
                        "created_after=2026-12-01T00:00:00Z&created_before=2026-11-01T00:00:00Z",
                        "created_after must be earlier than created_before"),
                Arguments.of(
                        "started_after=2026-12-01T00:00:00Z&started_before=2026-12-01T00:00:00Z",
                        "started_after must be earlier than started_before"),
                Arguments.of(
                        "workflow_type=a%00b", "workflow_type must be 1 to 1000 characters without control characters"),
                Arguments.of(
                        "workflow_type=" + "t".repeat(1001),
                        "workflow_type must be 1 to 1000 characters without control characters"));
    }

    @ParameterizedTest(name = "?{0}")
    @MethodSource("badFilters")
    void badFiltersAreA400NamingTheParameter(String query, String detail) {
        for (String path : List.of("/api/v1/executions?", "/api/v1/workflows/agent/executions?")) {
            given().auth()
                    .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                    .urlEncodingEnabled(false)
                    .when()
                    .get(path + query)
                    .then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("detail", equalTo(detail));
        }
    }
}
