package io.runlens.execution;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@QuarkusTest
class ExecutionListTest {

    private static final Instant T0 = Instant.parse("2026-11-01T12:00:00Z");

    private final ExecutionRows rows;

    ExecutionListTest(ExecutionRows rows) {
        this.rows = rows;
    }

    private static JsonPath page(String token, String query) {
        return given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/executions" + query)
                .then()
                .statusCode(200)
                .contentType("application/json")
                .extract()
                .jsonPath();
    }

    /** Inserts {@code count} rows one second apart; returns their ids newest first. */
    private List<String> insertSeries(String org, int count, Map<String, Object> columns) {
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var values = new java.util.HashMap<String, Object>(columns);
            values.put("created_at", T0.plusSeconds(i));
            newestFirst.add(0, rows.insert(org, values).toString());
        }
        return newestFirst;
    }

    @Test
    void pagesWalkTheWholeListNewestFirstWithoutGapsOrDuplicates() {
        String org = "org-" + UUID.randomUUID();
        List<String> expected = insertSeries(org, 7, Map.of());
        String token = TestTokens.forOrganization(org);

        List<String> seen = new ArrayList<>();
        JsonPath first = page(token, "?limit=3");
        seen.addAll(first.getList("items.id"));
        JsonPath second = page(token, "?limit=3&cursor=" + first.getString("next_cursor"));
        seen.addAll(second.getList("items.id"));
        JsonPath third = page(token, "?limit=3&cursor=" + second.getString("next_cursor"));
        seen.addAll(third.getList("items.id"));

        assertEquals(expected, seen);
        assertEquals(1, third.getList("items").size());
        assertNull(third.getString("next_cursor"));
    }

    @Test
    void aPageThatEndsExactlyAtTheLastRowHasNoNextCursor() {
        String org = "org-" + UUID.randomUUID();
        insertSeries(org, 2, Map.of());
        given().auth()
                .oauth2(TestTokens.forOrganization(org))
                .when()
                .get("/api/v1/executions?limit=2")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("next_cursor", nullValue());
    }

    @Test
    void rowsInsertedWhilePagingDoNotShiftTheNextPage() {
        String org = "org-" + UUID.randomUUID();
        List<String> expected = insertSeries(org, 4, Map.of());
        String token = TestTokens.forOrganization(org);

        JsonPath first = page(token, "?limit=2");
        rows.insert(org, Map.of("created_at", T0.plusSeconds(3600)));
        JsonPath second = page(token, "?limit=2&cursor=" + first.getString("next_cursor"));

        assertEquals(expected.subList(0, 2), first.getList("items.id"));
        assertEquals(expected.subList(2, 4), second.getList("items.id"));
    }

    @Test
    void rowsCreatedInTheSameMicrosecondAreAllListedOnce() {
        String org = "org-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            rows.insert(org, Map.of("created_at", T0));
        }
        String token = TestTokens.forOrganization(org);
        List<String> seen = new ArrayList<>();
        String cursor = "";
        do {
            JsonPath page = page(token, "?limit=2" + (cursor.isEmpty() ? "" : "&cursor=" + cursor));
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor") == null ? "" : page.getString("next_cursor");
        } while (!cursor.isEmpty());
        assertEquals(5, seen.size());
        assertEquals(5, seen.stream().distinct().count());
    }

    @Test
    void theDefaultPageHoldsFiftyRows() {
        String org = "org-" + UUID.randomUUID();
        insertSeries(org, 51, Map.of());
        JsonPath page = page(TestTokens.forOrganization(org), "");
        assertEquals(50, page.getList("items").size());
        assertEquals(
                1,
                page(TestTokens.forOrganization(org), "?cursor=" + page.getString("next_cursor"))
                        .getList("items")
                        .size());
    }

    @Test
    void filtersByStatusAndWorkflowDefinition() {
        String org = "org-" + UUID.randomUUID();
        String failedAgent = rows.insert(org, Map.of("workflow_id", "agent", "status", "failed"))
                .toString();
        String runningAgent = rows.insert(org, Map.of("workflow_id", "agent", "status", "running"))
                .toString();
        rows.insert(org, Map.of("workflow_id", "etl", "status", "failed"));
        String token = TestTokens.forOrganization(org);

        assertEquals(2, page(token, "?status=failed").getList("items").size());
        assertEquals(
                List.of(failedAgent),
                page(token, "?status=failed&workflow_id=agent").getList("items.id"));
        assertEquals(
                List.of(runningAgent),
                page(token, "?workflow_id=agent&status=running").getList("items.id"));
        assertEquals(List.of(), page(token, "?workflow_id=unknown").getList("items.id"));
    }

    @Test
    void anotherOrganizationsRowsNeverAppear() {
        String mine = "org-" + UUID.randomUUID();
        String theirs = "org-" + UUID.randomUUID();
        List<String> myIds = insertSeries(mine, 3, Map.of("workflow_id", "shared-name"));
        // Theirs interleave with mine, half a second later each, so positions never tie.
        for (int i = 0; i < 3; i++) {
            rows.insert(theirs, Map.of("workflow_id", "shared-name", "created_at", T0.plusMillis(i * 1000L + 500)));
        }
        String token = TestTokens.forOrganization(mine);

        assertEquals(myIds, page(token, "?workflow_id=shared-name").getList("items.id"));
        assertEquals(myIds, page(token, "").getList("items.id"));
        // A cursor is a position only: made from another organization's listing, it still shows only mine.
        String theirCursor =
                page(TestTokens.forOrganization(theirs), "?limit=1").getString("next_cursor");
        // Their newest is at T0+2.5 s: every one of my rows is older, and only mine are listed.
        assertEquals(myIds, page(token, "?cursor=" + theirCursor).getList("items.id"));
    }

    @Test
    void emptyParametersCountAsNotGiven() {
        String org = "org-" + UUID.randomUUID();
        List<String> ids = insertSeries(org, 2, Map.of());
        assertEquals(
                ids,
                page(TestTokens.forOrganization(org), "?limit=&status=&workflow_id=&cursor=")
                        .getList("items.id"));
    }

    static Stream<Arguments> badParameters() {
        return Stream.of(
                Arguments.of("limit=0", "limit must be a whole number from 1 to 200"),
                Arguments.of("limit=201", "limit must be a whole number from 1 to 200"),
                Arguments.of("limit=-1", "limit must be a whole number from 1 to 200"),
                Arguments.of("limit=abc", "limit must be a whole number from 1 to 200"),
                Arguments.of("limit=99999999999999999999", "limit must be a whole number from 1 to 200"),
                Arguments.of("cursor=not-a-cursor", "cursor is not a value returned as next_cursor"),
                Arguments.of("cursor=%25%25%25", "cursor is not a value returned as next_cursor"),
                Arguments.of("cursor=AAAA", "cursor is not a value returned as next_cursor"),
                Arguments.of("status=done", "status must be one of pending, running, completed, failed, cancelled"),
                Arguments.of("status=RUNNING", "status must be one of pending, running, completed, failed, cancelled"),
                Arguments.of(
                        "workflow_id=a%00b", "workflow_id must be 1 to 1000 characters without control characters"),
                Arguments.of(
                        "workflow_id=" + "w".repeat(1001),
                        "workflow_id must be 1 to 1000 characters without control characters"));
    }

    @ParameterizedTest(name = "?{0}")
    @MethodSource("badParameters")
    void badParametersAreRejectedWithADetail(String query, String detail) {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .urlEncodingEnabled(false)
                .when()
                .get("/api/v1/executions?" + query)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("title", equalTo("Bad Request"))
                .body("detail", equalTo(detail));
    }

    /**
     * A well-formed cursor of the unfiltered list for any time (microseconds since 1970) and id, as a
     * forger would make it.
     */
    static String cursor(long micros, UUID id) {
        ByteBuffer bytes = ByteBuffer.allocate(33)
                .put((byte) 2)
                .putLong(micros)
                .putLong(id.getMostSignificantBits())
                .putLong(id.getLeastSignificantBits())
                .putLong(ExecutionFilter.none().fingerprint());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    static Stream<Arguments> forgedCursors() {
        UUID id = UUID.randomUUID();
        return Stream.of(
                Arguments.of("-2^63 micros", cursor(Long.MIN_VALUE, id)),
                Arguments.of("2^63-1 micros", cursor(Long.MAX_VALUE, id)),
                Arguments.of("-2^62 micros", cursor(-(1L << 62), id)),
                Arguments.of("2^62 micros", cursor(1L << 62, id)),
                Arguments.of("before PostgreSQL's first day (4714 BC)", cursor(-210_866_803_200_000_001L, id)),
                Arguments.of("before year 1", cursor(-62_135_596_800_000_001L, id)),
                Arguments.of("year 10000", cursor(253_402_300_800_000_000L, id)),
                Arguments.of("a NaN's bits", cursor(Double.doubleToRawLongBits(Double.NaN), id)),
                Arguments.of("an infinity's bits", cursor(Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), id)),
                Arguments.of("a cursor twice", cursor(0, id) + cursor(0, id)),
                Arguments.of("100 characters", "A".repeat(100)),
                Arguments.of("16,000 characters", "A".repeat(16_000)));
    }

    /** Cursors Runlens cannot have written are 400 problems, never a 500 or a page of rows. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedCursors")
    void forgedCursorsAreRejectedWithADetail(String what, String cursor) {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .urlEncodingEnabled(false)
                .when()
                .get("/api/v1/executions?cursor=" + cursor)
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("detail", equalTo("cursor is not a value returned as next_cursor"));
    }

    /** The first and last instants an RFC 3339 time can name are positions like any other. */
    @Test
    void cursorsAtTheEndsOfTheRangeAreAccepted() {
        String org = "org-" + UUID.randomUUID();
        List<String> ids = insertSeries(org, 2, Map.of());
        String token = TestTokens.forOrganization(org);
        UUID last = new UUID(-1L, -1L);
        assertEquals(
                ids,
                page(token, "?cursor=" + cursor(253_402_300_799_999_999L, last)).getList("items.id"));
        assertEquals(
                List.of(),
                page(token, "?cursor=" + cursor(-62_135_596_800_000_000L, last)).getList("items.id"));
    }

    /**
     * Past the 16 KiB request line Vert.x answers 414 by itself, before Runlens sees the request (no
     * body): documented, and a cursor is 44 characters.
     */
    @Test
    void aRequestLineBeyondTheLimitIsVertxsOwn414() {
        given().auth()
                .oauth2(TestTokens.forOrganization("org-" + UUID.randomUUID()))
                .when()
                .get("/api/v1/executions?cursor=" + "A".repeat(20_000))
                .then()
                .statusCode(414);
    }
}
