package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.runlens.api.Problem;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TestTokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * One organization's queries that time out (here: every read blocked behind a table lock) are that
 * organization's trouble: they answer 503 in time, PostgreSQL stops them at the statement timeout,
 * and the next organization's read is served, not refused by a breaker they opened.
 */
@QuarkusTest
@TestProfile(DatabaseBreakerIsolationTest.ShortDatabaseTimeout.class)
class DatabaseBreakerIsolationTest {

    static final long DATABASE_TIMEOUT_MS = 1000;
    static final long REQUEST_DEADLINE_MS = 3000;
    /** Requests fired at once by organization A: more than the breaker's default window of 10. */
    static final int BLOCKED_REQUESTS = 12;

    /** A short database timeout so that the test is quick; the breaker keeps its production defaults. */
    public static class ShortDatabaseTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.fault-tolerance.database.timeout",
                    DATABASE_TIMEOUT_MS + "ms",
                    "runlens.fault-tolerance.request-deadline",
                    REQUEST_DEADLINE_MS + "ms");
        }
    }

    private final ExecutionRows rows;
    private final DataSource dataSource;

    DatabaseBreakerIsolationTest(ExecutionRows rows, DataSource dataSource) {
        this.rows = rows;
        this.dataSource = dataSource;
    }

    /**
     * Runlens' statements on this test's execution table that PostgreSQL is still running (or waiting
     * to run), and how many of them come from sessions named {@code runlens}.
     */
    private static long[] runningQueries(Connection watch) throws SQLException {
        String schema = ConfigProvider.getConfig().getValue("runlens.db.schema", String.class);
        try (PreparedStatement select = watch.prepareStatement("""
                select count(*), count(*) filter (where application_name = 'runlens') from pg_stat_activity
                where datname = current_database() and pid <> pg_backend_pid() and state = 'active'
                  and query like '%' || ? || '.execution%'""")) {
            select.setString(1, schema);
            try (ResultSet count = select.executeQuery()) {
                count.next();
                return new long[] {count.getLong(1), count.getLong(2)};
            }
        }
    }

    @Test
    void queriesThatTimeOutForOneOrganizationNeitherOutliveTheTimeoutNorShutOutAnother() throws Exception {
        String a = "org-" + UUID.randomUUID();
        String b = "org-" + UUID.randomUUID();
        rows.insert(a, Map.of("status", "failed"));
        UUID theirs = rows.insert(b, Map.of("status", "running"));
        String tokenA = TestTokens.forOrganization(a);
        String tokenB = TestTokens.forOrganization(b);
        given().auth()
                .oauth2(tokenB)
                .when()
                .get("/api/v1/executions/{id}", theirs)
                .then()
                .statusCode(200);

        ExecutorService callers = Executors.newFixedThreadPool(BLOCKED_REQUESTS);
        long stillRunning;
        long[] sawRunning = {0, 0};
        try (Connection lock = dataSource.getConnection();
                Connection watch = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE execution IN ACCESS EXCLUSIVE MODE");
            }
            List<CompletableFuture<long[]>> inFlight = new ArrayList<>();
            for (int i = 0; i < BLOCKED_REQUESTS; i++) {
                inFlight.add(CompletableFuture.supplyAsync(
                        () -> {
                            long start = System.nanoTime();
                            Response answer =
                                    given().auth().oauth2(tokenA).when().get("/api/v1/executions?status=failed");
                            long took = (System.nanoTime() - start) / 1_000_000;
                            assertEquals(503, answer.statusCode(), answer.asString());
                            assertTrue(answer.contentType().startsWith(Problem.MEDIA_TYPE));
                            assertTrue(Integer.parseInt(answer.header("Retry-After")) > 0);
                            return new long[] {took};
                        },
                        callers));
            }
            // The filter below does see Runlens' blocked statements (else "none left" would prove nothing).
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (sawRunning[0] == 0
                    && System.nanoTime() < deadline
                    && inFlight.stream().anyMatch(f -> !f.isDone())) {
                sawRunning = runningQueries(watch);
                Thread.sleep(10);
            }
            for (CompletableFuture<long[]> request : inFlight) {
                long took = request.join()[0];
                assertTrue(took < REQUEST_DEADLINE_MS + 3000, "a blocked list request took " + took + " ms");
            }
            // The callers have their 503s; PostgreSQL must have given up too, not only the client.
            long giveUpBy = System.nanoTime() + (DATABASE_TIMEOUT_MS + 2000) * 1_000_000L;
            do {
                stillRunning = runningQueries(watch)[0];
                Thread.sleep(50);
            } while (stillRunning > 0 && System.nanoTime() < giveUpBy);
            lock.rollback();
        } finally {
            callers.shutdownNow();
        }
        Response byId = given().auth().oauth2(tokenB).when().get("/api/v1/executions/{id}", theirs);
        Response list = given().auth().oauth2(tokenB).when().get("/api/v1/executions");
        long[] seen = sawRunning;
        long left = stillRunning;
        assertAll(
                () -> assertTrue(seen[0] > 0, "no blocked Runlens statement was ever seen in pg_stat_activity"),
                () -> assertEquals(seen[0], seen[1], "blocked statements from sessions not named runlens"),
                () -> assertEquals(
                        0,
                        left,
                        "Runlens statements still running on PostgreSQL " + (DATABASE_TIMEOUT_MS + 2000)
                                + " ms after their callers got 503s"),
                () -> assertEquals(
                        200, byId.statusCode(), "organization B's read after A's timeouts: " + byId.asString()),
                () -> assertEquals(
                        200, list.statusCode(), "organization B's list after A's timeouts: " + list.asString()));
    }
}
