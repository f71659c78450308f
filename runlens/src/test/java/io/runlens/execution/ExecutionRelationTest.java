package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.config.DbConfig;
import io.runlens.support.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Which relation {@code runlens.db.executions.relation} names, and the start-up check of its columns
 * against real PostgreSQL relations: a table and views, each missing or mistyping columns.
 */
class ExecutionRelationTest {

    private static final String TESTS = System.getenv().getOrDefault("RUNLENS_TEST_SCHEMA", "runlens_test");
    private static final String PLATFORM = TESTS + "_relcheck";
    private static final String RUNLENS = TESTS + "_relcheck_own";

    private static DbConfig db(Optional<String> relation, boolean managed) {
        return SchemaMigrationsTest.db(HOST, PORT, "postgres", RUNLENS, Optional.empty(), relation, managed);
    }

    // Not a Quarkus test: the suite's PostgreSQL, configured or embedded.
    private static final String HOST = TestDatabase.host();
    private static final int PORT = TestDatabase.port();

    private static Connection connect() throws SQLException {
        return TestDatabase.connect();
    }

    @BeforeAll
    static void platformRelations() throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + PLATFORM + " cascade");
            statement.execute("drop schema if exists " + RUNLENS + " cascade");
            statement.execute("create schema " + PLATFORM);
            statement.execute("create schema " + RUNLENS);
            statement.execute("set search_path to " + PLATFORM);
            // Everything the row needs, with the platform's own extra column.
            statement.execute("""
                    create table jobs (id uuid primary key, tenant text not null, definition varchar(200) not null,
                        temporal_workflow_id text not null, temporal_run_id text, state text not null,
                        created_at timestamptz not null, updated_at timestamptz not null, notes text)""");
            statement.execute("""
                    create view good as select id, tenant as organization_id, definition as workflow_id,
                        'default'::text as temporal_namespace, temporal_workflow_id, temporal_run_id,
                        state as status, created_at, updated_at from jobs""");
            // No tenant column at all, and a run id of the wrong type.
            statement.execute("""
                    create view broken as select id, definition as workflow_id, 'default'::text as temporal_namespace,
                        temporal_workflow_id, 42 as temporal_run_id, state as status, created_at,
                        created_at::timestamp as updated_at, notes::jsonb as payload from jobs""");
        }
    }

    @Test
    void unsetTheRelationIsRunlenssOwnTable() {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.empty(), true));
        assertEquals(RUNLENS + ".execution", relation.displayName());
        assertFalse(relation.linked());
    }

    @Test
    void aNameWithoutSchemaIsInRunlenssSchema() {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.of("platform_runs"), false));
        assertEquals(RUNLENS + ".platform_runs", relation.displayName());
        assertEquals("\"" + RUNLENS + "\".\"platform_runs\"", relation.qualified());
        assertTrue(relation.linked());
    }

    @Test
    void aNameThatIsNotAPlainIdentifierIsRefusedNamingTheSetting() {
        for (String bad : List.of(
                "platform.runs; drop table x",
                "Platform.Runs",
                "a.b.c",
                "\"quoted\".runs",
                "",
                "runs.",
                "x".repeat(64))) {
            IllegalStateException failure = assertThrows(
                    IllegalStateException.class, () -> ExecutionRelation.of(db(Optional.of(bad), false)), bad);
            assertTrue(failure.getMessage().startsWith("runlens.db.executions.relation must be"), failure.getMessage());
        }
    }

    @Test
    void aRelationElsewhereWhileManagedIsAContradictionNamed() {
        IllegalStateException failure = assertThrows(
                IllegalStateException.class, () -> ExecutionRelation.of(db(Optional.of("platform.runs"), true)));
        assertEquals(
                "runlens.db.executions.relation names platform.runs, which Runlens does not manage:"
                        + " set runlens.db.executions.managed=false",
                failure.getMessage());
    }

    @Test
    void aViewWithEveryRequiredColumnPassesAndIsLinked() throws SQLException {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.of(PLATFORM + ".good"), false));
        try (Connection connection = connect()) {
            assertEquals(List.of(), relation.problems(connection));
            relation.link(connection, RUNLENS);
            relation.link(connection, RUNLENS); // again, as at the next start
            try (var rows = connection
                    .createStatement()
                    .executeQuery("select count(*), min(retry_count), min(version) from " + RUNLENS + ".execution")) {
                rows.next();
                assertEquals(0, rows.getInt(1));
            }
        }
    }

    @Test
    void everyMissingOrMistypedColumnIsNamedWithTheRelation() throws SQLException {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.of(PLATFORM + ".broken"), false));
        String where = "execution relation " + PLATFORM + ".broken (runlens.db.executions.relation)";
        try (Connection connection = connect()) {
            assertEquals(
                    List.of(
                            where + " has no column organization_id (text)",
                            where + " column temporal_run_id is integer, expected text or character varying",
                            where
                                    + " column updated_at is timestamp without time zone, expected timestamp with time zone"),
                    relation.problems(connection));
        }
    }

    @Test
    void aRelationThatDoesNotExistIsNamed() throws SQLException {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.of(PLATFORM + ".nothing_here"), false));
        try (Connection connection = connect()) {
            assertEquals(
                    List.of("execution relation " + PLATFORM + ".nothing_here (runlens.db.executions.relation)"
                            + " does not exist, or is not visible to the database user"),
                    relation.problems(connection));
        }
    }

    @Test
    void theStartFailsWithEveryProblemInOneMessage() {
        DbConfig db = db(Optional.of(PLATFORM + ".broken"), false);
        SchemaMigrations migrations = new SchemaMigrations(db, "postgres", Optional.empty());
        IllegalStateException failure =
                assertThrows(IllegalStateException.class, () -> migrations.prepare(ExecutionRelation.of(db)));
        assertTrue(failure.getMessage().startsWith("Runlens cannot read executions from " + PLATFORM + ".broken:"));
        assertTrue(failure.getMessage().contains("has no column organization_id (text)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("column temporal_run_id is integer"), failure.getMessage());
    }

    @Test
    void runlensNeverReplacesATableOfItsOwnWithTheView() throws SQLException {
        ExecutionRelation relation = ExecutionRelation.of(db(Optional.of(PLATFORM + ".good"), false));
        String own = TESTS + "_relcheck_table";
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + own + " cascade");
            statement.execute("create schema " + own);
            statement.execute("create table " + own + ".execution (id uuid)");
            IllegalStateException failure =
                    assertThrows(IllegalStateException.class, () -> relation.link(connection, own));
            assertTrue(failure.getMessage().startsWith(own + ".execution is a table"), failure.getMessage());
            statement.execute("drop schema " + own + " cascade");
        }
    }
}
