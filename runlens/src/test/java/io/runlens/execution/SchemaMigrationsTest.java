package io.runlens.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.runlens.config.DbConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The listed migration scripts are the ones in the source tree, and a failed migration names its settings. */
class SchemaMigrationsTest {

    @Test
    void everyScriptInTheSourceTreeIsListedInOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources", SchemaMigrations.LOCATION))) {
            List<String> onDisk = files.map(file -> file.getFileName().toString())
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
            assertEquals(onDisk, SchemaMigrations.SCRIPTS);
        }
    }

    @Test
    void theJdbcUrlIsBuiltFromTheSameSettingsAsTheReactiveOne() {
        assertEquals(
                "jdbc:postgresql://db.internal:6543/platform?currentSchema=runlens",
                SchemaMigrations.jdbcUrl(db("db.internal", 6543, Optional.empty())));
        assertEquals(
                "jdbc:postgresql://db.internal:6543/platform?currentSchema=runlens&sslmode=verify-full",
                SchemaMigrations.jdbcUrl(db("db.internal", 6543, Optional.of("sslmode=verify-full"))));
    }

    @Test
    void aDatabaseThatDoesNotAnswerFailsTheStartWithTheSettingsToCheck() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        SchemaMigrations migrations =
                new SchemaMigrations(db("127.0.0.1", closed, Optional.empty()), "postgres", Optional.empty());
        IllegalStateException failure = assertThrows(IllegalStateException.class, migrations::migrate);
        assertTrue(
                failure.getMessage().startsWith("cannot migrate schema runlens at 127.0.0.1:" + closed + "/platform"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("runlens.db.migrate-at-start=false"), failure.getMessage());
    }

    @Test
    void unmanagedTheExecutionTableScriptsAreLeftOutAndTheOthersKept() {
        DbConfig unmanaged = db("127.0.0.1", 5432, "postgres", "runlens", Optional.empty(), Optional.empty(), false);
        assertEquals(
                List.of("V2__api_key.sql", "V4__execution_run.sql"),
                new SchemaMigrations(unmanaged, "postgres", Optional.empty()).scripts());
    }

    private static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static DbConfig db(String host, int port, Optional<String> parameters) {
        return db(host, port, "platform", "runlens", parameters, Optional.empty(), true);
    }

    static DbConfig db(
            String host,
            int port,
            String database,
            String schema,
            Optional<String> parameters,
            Optional<String> relation,
            boolean managed) {
        return new DbConfig() {
            @Override
            public String host() {
                return host;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public String name() {
                return database;
            }

            @Override
            public String schema() {
                return schema;
            }

            @Override
            public boolean migrateAtStart() {
                return true;
            }

            @Override
            public boolean cleanAtStart() {
                return false;
            }

            @Override
            public Optional<String> jdbcParameters() {
                return parameters;
            }

            @Override
            public Executions executions() {
                return new Executions() {
                    @Override
                    public Optional<String> relation() {
                        return relation;
                    }

                    @Override
                    public boolean managed() {
                        return managed;
                    }
                };
            }
        };
    }
}
