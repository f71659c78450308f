package io.runlens.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.support.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar started as an operator or an image build starts it, as a process: a bad setting
 * ends the start at once with the setting named, and the image's AOT training run (start, then exit,
 * with no database and no Temporal reachable) exits cleanly and logs no warning.
 */
class JarStartIT {

    private static final Path APP = Path.of("target", "quarkus-app").toAbsolutePath();

    @Test
    void aSettingOutOfBoundsStopsTheStartAndIsNamed() throws Exception {
        Started run = start(List.of("-Drunlens.db.port=0", "-Drunlens.api.max-page-size=5000"));
        assertEquals(1, run.exit(), run.output());
        assertTrue(run.output().contains("runlens.db.port must be between 1 and 65535 (was 0)"), run.output());
        assertTrue(
                run.output().contains("runlens.api.max-page-size must be between 1 and 1000 (was 5000)"), run.output());
    }

    @Test
    void theTrainingRunStartsWithNoBackendAndExitsCleanly() throws Exception {
        int nothing = closedPort();
        Started run = start(List.of(
                "-Drunlens.exit-after-start=true",
                "-Drunlens.db.migrate-at-start=false",
                "-Drunlens.db.port=" + nothing,
                "-Drunlens.temporal.target=127.0.0.1:" + nothing,
                // Hibernate checks the database's version at start; with no database there is nothing to check.
                "-Dquarkus.hibernate-orm.database.version-check.enabled=false"));
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains(" started in "), run.output());
        assertTrue(run.output().contains("exiting as asked (runlens.exit-after-start=true)"), run.output());
        List<String> problems = run.output()
                .lines()
                .filter(line -> line.matches("^\\S+ \\S+ (WARN|ERROR) .*"))
                .toList();
        assertEquals(List.of(), problems, run.output());
    }

    @Test
    void anExecutionRelationWithoutTheColumnsItNeedsStopsTheStartNamingEach() throws Exception {
        String tests = System.getenv().getOrDefault("RUNLENS_TEST_SCHEMA", "runlens_test");
        String platform = tests + "_jar_platform";
        try (java.sql.Connection connection = TestDatabase.connect();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + platform + " cascade");
            statement.execute("create schema " + platform);
            statement.execute("create table " + platform + ".runs (id uuid primary key, workflow_id text,"
                    + " temporal_namespace text, temporal_workflow_id text, temporal_run_id text, status integer,"
                    + " created_at timestamptz, updated_at timestamptz)");
        }
        int nothing = closedPort();
        Started run = start(List.of(
                "-Drunlens.db.host=" + TestDatabase.host(),
                "-Drunlens.db.port=" + TestDatabase.port(),
                "-Drunlens.db.schema=" + tests + "_jar",
                "-Drunlens.db.executions.relation=" + platform + ".runs",
                "-Drunlens.db.executions.managed=false",
                "-Drunlens.temporal.target=127.0.0.1:" + nothing));
        assertEquals(1, run.exit(), run.output());
        String where = "execution relation " + platform + ".runs (runlens.db.executions.relation)";
        assertTrue(run.output().contains("Runlens cannot read executions from " + platform + ".runs"), run.output());
        assertTrue(run.output().contains(where + " has no column organization_id (text)"), run.output());
        assertTrue(
                run.output().contains(where + " column status is integer, expected text or character varying"),
                run.output());
    }

    private record Started(int exit, String output) {}

    private static Started start(List<String> options) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(APP.resolve("quarkus-run.jar")), "run after the package phase: " + APP);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-Dquarkus.http.port=0");
        command.add("-Dquarkus.management.port=" + closedPort());
        command.add("-jar");
        command.add("quarkus-run.jar");
        Path log = Files.createTempFile("runlens-start", ".log");
        Process process = new ProcessBuilder(command)
                .directory(APP.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("still running after 120 s: " + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.delete(log);
        return new Started(process.exitValue(), output);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
