package io.runlens.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.runlens.config.ApiConfig;
import io.runlens.execution.ExecutionFilter;
import io.runlens.execution.ExecutionStatus;
import io.runlens.execution.PageCursor;
import io.runlens.support.UnitConfig;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The request parameters on their own: each value is taken or refused with a 400 whose detail names
 * the parameter and what it may be, at the exact bounds. (Over HTTP: {@code execution.ExecutionListTest},
 * {@code HostileIdTest}, {@code HostileInputPropertyTest}.)
 */
class RequestParamsTest {

    private static final String LIMIT = "limit must be a whole number from 1 to 200";
    private static final String RUN_ID = "run_id must be 1 to 255 characters without control characters";
    private static final String WORKFLOW_ID = "workflow_id must be 1 to 1000 characters without control characters";
    private static final String STATUS = "status must be one of pending, running, completed, failed, cancelled";

    private final ApiConfig api = UnitConfig.defaults().api();

    private static void badRequest(String detail, Executable call) {
        ApiProblem problem = assertThrows(ApiProblem.class, call);
        assertEquals(Response.Status.BAD_REQUEST, problem.status());
        assertEquals(detail, problem.getMessage());
    }

    @Test
    void aWholeNumberIsTakenFromItsLowestToItsHighestValue() {
        assertEquals(50, RequestParams.wholeNumber("limit", null, 50, 1, 200));
        assertEquals(1, RequestParams.wholeNumber("limit", "1", 50, 1, 200));
        assertEquals(200, RequestParams.wholeNumber("limit", "200", 50, 1, 200));
        assertEquals(7, RequestParams.wholeNumber("limit", " 7 ", 50, 1, 200));
        assertEquals(0, RequestParams.wholeNumber("recent_events", "0", 20, 0, 1000));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0",
                "201",
                "-1",
                "2147483647",
                "2147483648",
                "-2147483649",
                "99999999999999999999",
                "1.0",
                "1e2",
                "0x10",
                "abc",
                "5 5"
            })
    void anythingElseIsA400NamingTheParameterAndItsRange(String value) {
        badRequest(LIMIT, () -> RequestParams.wholeNumber("limit", value, 50, 1, 200));
    }

    @Test
    void anExecutionIdNoWorkflowIdCanBeIsA400WithTheReason() {
        assertEquals(
                Optional.of(UUID.fromString("0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2b")),
                RequestParams.parseRef("0b8e3f5c-2d4a-4f1e-9c3b-7a6d5e4f3a2b").uuid());
        assertEquals("payroll-7", RequestParams.parseRef("payroll-7").raw());

        badRequest("execution id is blank", () -> RequestParams.parseRef("  "));
        badRequest(
                "execution id contains control or unpaired surrogate characters",
                () -> RequestParams.parseRef("a\u0000b"));
    }

    @Test
    void aRunIdIsUpTo255CharactersAndAnEmptyOneIsNone() {
        assertEquals(Optional.empty(), RequestParams.runId(null));
        assertEquals(Optional.empty(), RequestParams.runId(""));
        assertEquals(Optional.of("r"), RequestParams.runId("r"));
        assertEquals(Optional.of("r".repeat(255)), RequestParams.runId("r".repeat(255)));

        badRequest(RUN_ID, () -> RequestParams.runId("r".repeat(256)));
        badRequest(RUN_ID, () -> RequestParams.runId("   "));
        badRequest(RUN_ID, () -> RequestParams.runId("run\n1"));
        badRequest(RUN_ID, () -> RequestParams.runId("run\u0085"));
    }

    @Test
    void aListWithNoParametersIsTheFirstPageOfTheDefaultSizeUnfiltered() {
        RequestParams.ListQuery query = RequestParams.ListQuery.parse(null, null, null, null, api);

        assertEquals(50, query.limit());
        assertEquals(Optional.empty(), query.after());
        assertEquals(ExecutionFilter.none(), query.filter());
    }

    @Test
    void thePageSizesAreTheConfiguredOnes() {
        ApiConfig configured = UnitConfig.runlens(
                        Map.of("runlens.api.default-page-size", "20", "runlens.api.max-page-size", "500"))
                .api();

        assertEquals(
                20,
                RequestParams.ListQuery.parse(null, null, null, null, configured)
                        .limit());
        assertEquals(
                500,
                RequestParams.ListQuery.parse("500", null, null, null, configured)
                        .limit());
        badRequest(
                "limit must be a whole number from 1 to 500",
                () -> RequestParams.ListQuery.parse("501", null, null, null, configured));
    }

    @Test
    void aCursorIsTheNextCursorOfAPageAndNothingElse() {
        PageCursor cursor = new PageCursor(Instant.parse("2025-03-14T09:26:53.589793Z"), UUID.randomUUID());

        assertEquals(
                Optional.of(cursor),
                RequestParams.ListQuery.parse(null, cursor.encode(), null, null, api)
                        .after());
        assertEquals(
                Optional.empty(),
                RequestParams.ListQuery.parse(null, "", null, null, api).after());
        badRequest(
                "cursor is not a value returned as next_cursor",
                () -> RequestParams.ListQuery.parse(null, "AAAA", null, null, api));
    }

    @ParameterizedTest
    @EnumSource(ExecutionStatus.class)
    void eachStatusWordFiltersByItsStatus(ExecutionStatus status) {
        assertEquals(
                Set.of(status),
                RequestParams.ListQuery.parse(null, null, status.word(), null, api)
                        .filter()
                        .statuses());
    }

    @Test
    void statusesRepeatedOrCommaSeparatedAddUp() {
        assertEquals(
                EnumSet.of(ExecutionStatus.RUNNING, ExecutionStatus.FAILED, ExecutionStatus.PENDING),
                RequestParams.ListQuery.parseStatuses(List.of("running,failed", "pending", "", "failed,")));
        assertEquals(Set.of(), RequestParams.ListQuery.parseStatuses(List.of(",", "")));
        badRequest(STATUS, () -> RequestParams.ListQuery.parseStatuses(List.of("running", "running,done")));
        badRequest(STATUS, () -> RequestParams.ListQuery.parseStatuses(List.of("running, failed")));
    }

    @Test
    void timesAreRfc3339WithAnOffsetAndAnEarlierStart() {
        var range = RequestParams.ListQuery.timeRange(
                "created", "2026-12-01T09:30:00+02:00", "2026-12-01T08:00:00.0000019Z");
        assertEquals(Optional.of(Instant.parse("2026-12-01T07:30:00Z")), range.from());
        assertEquals(Optional.of(Instant.parse("2026-12-01T08:00:00.000001Z")), range.before());
        assertEquals(
                Optional.of(Instant.parse("0001-01-01T00:00:00Z")),
                RequestParams.ListQuery.timeRange("started", "0001-01-01T00:00:00Z", null)
                        .from());
        for (String bad : List.of(
                "2026-12-01",
                "2026-12-01T09:30:00",
                "yesterday",
                "2026-12-01T09:30:00 02:00",
                "+10000-01-01T00:00:00Z")) {
            badRequest(
                    "created_after must be an RFC 3339 date-time with an offset from the years 0001 to 9999, such as "
                            + "2026-12-01T09:30:00Z (send + in an offset as %2B)",
                    () -> RequestParams.ListQuery.timeRange("created", bad, null));
        }
        badRequest(
                "started_after must be earlier than started_before",
                () -> RequestParams.ListQuery.timeRange("started", "2026-12-01T00:00:00Z", "2026-12-01T00:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RUNNING", "Running", "done", " running", "canceled"})
    void anyOtherStatusIsA400ListingTheWords(String status) {
        badRequest(STATUS, () -> RequestParams.ListQuery.parse(null, null, status, null, api));
    }

    @Test
    void aWorkflowDefinitionFilterIsOneToAThousandCharactersWithoutControls() {
        assertEquals(
                Optional.of("w".repeat(1000)),
                RequestParams.ListQuery.parse(null, null, null, "w".repeat(1000), api)
                        .filter()
                        .workflowId());

        badRequest(WORKFLOW_ID, () -> RequestParams.ListQuery.parse(null, null, null, "w".repeat(1001), api));
        badRequest(WORKFLOW_ID, () -> RequestParams.ListQuery.parse(null, null, null, "", api));
        badRequest(WORKFLOW_ID, () -> RequestParams.ListQuery.parse(null, null, null, "a\u0000b", api));
        badRequest(WORKFLOW_ID, () -> RequestParams.ListQuery.parseWorkflowId("tab\tseparated"));
    }
}
