package io.runlens.execution;

import io.quarkus.runtime.StartupEvent;
import io.runlens.config.DbConfig;
import io.runlens.config.RunlensConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.resource.LoadableResource;
import org.jboss.logging.Logger;

/**
 * Runlens's own tables, migrated by Flyway at start-up over plain JDBC connections that are closed
 * once it is done. The service reads through the reactive client only, so it keeps no JDBC pool, no
 * transaction manager and no blocking persistence unit for the sake of a few statements at start
 * (the quarkus-flyway extension brings all three). With {@code runlens.db.migrate-at-start=false} a
 * separate step owns the schema instead, e.g. an init container running Flyway over the same scripts.
 *
 * <p>The scripts are listed, not found by scanning the class path: the list is what a native image
 * holds as resources, and {@code SchemaMigrationsTest} fails if a script in {@code db/migration} is
 * missing from it.
 */
@ApplicationScoped
public class SchemaMigrations {

    /** Where the scripts are, on the class path. */
    static final String LOCATION = "db/migration";

    /** Every migration script, in the order Flyway applies them. */
    static final List<String> SCRIPTS = List.of(
            "V1__execution.sql",
            "V2__api_key.sql",
            "V3__execution_lookup_indexes.sql",
            "V4__execution_run.sql",
            "V5__platform_names_in_comments.sql",
            "V6__execution_notify.sql",
            "V7__execution_type_index.sql");

    /**
     * The scripts that create or change the {@code execution} table: left out with
     * {@code runlens.db.executions.managed=false}, where the platform owns the rows. Every other script
     * is about Runlens's own tables and always runs. A new script on the execution table belongs here.
     */
    static final Set<String> EXECUTION_TABLE_SCRIPTS = Set.of(
            "V1__execution.sql",
            "V3__execution_lookup_indexes.sql",
            "V5__platform_names_in_comments.sql",
            "V6__execution_notify.sql",
            "V7__execution_type_index.sql");

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class);

    private final DbConfig db;
    private final String user;
    private final Optional<String> password;

    @Inject
    public SchemaMigrations(
            RunlensConfig config,
            @ConfigProperty(name = "quarkus.datasource.username") String user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this(config.db(), user, password);
    }

    SchemaMigrations(DbConfig db, String user, Optional<String> password) {
        this.db = db;
        this.user = user;
        this.password = password;
    }

    // Before every other start-up observer: the query warm-up and the demo's rows need the tables.
    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent event) {
        ExecutionRelation relation = ExecutionRelation.of(db);
        if (!db.migrateAtStart()) {
            LOG.debug("schema migrations left to a separate step (runlens.db.migrate-at-start=false)");
        } else {
            migrate();
        }
        prepare(relation);
    }

    /** The scripts this configuration applies: all of them, or without the execution table's. */
    List<String> scripts() {
        return db.executions().managed()
                ? SCRIPTS
                : SCRIPTS.stream()
                        .filter(script -> !EXECUTION_TABLE_SCRIPTS.contains(script))
                        .toList();
    }

    /**
     * Checks that the execution relation has every column Runlens reads, with a type it can read, and
     * fails the start naming each one that is missing or mistyped; then, when the relation is not
     * Runlens's own table, (re)creates the view Runlens reads it through. A database that cannot be
     * reached is readiness' business, as in the query warm-up: the check is skipped, not failed.
     */
    public void prepare(ExecutionRelation relation) {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password.orElse(""));
        // A database that takes the connection and then says nothing must not hold the start forever.
        login.setProperty("connectTimeout", "10");
        login.setProperty("socketTimeout", "30");
        // The driver itself, not DriverManager: which drivers DriverManager sees depends on the class loader.
        try (Connection connection = new org.postgresql.Driver().connect(jdbcUrl(db), login)) {
            List<String> problems = relation.problems(connection);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("Runlens cannot read executions from " + relation.displayName()
                        + ":\n  " + String.join("\n  ", problems)
                        + "\n(docs/adopting.md lists the columns and their types)");
            }
            if (relation.linked()) {
                relation.link(connection, db.schema());
                LOG.infof(
                        "reading executions from %s (through view %s.execution)", relation.displayName(), db.schema());
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                LOG.infof(
                        "execution relation not checked at start (%s): the database is not reachable", e.getMessage());
                return;
            }
            throw new IllegalStateException(
                    "cannot check execution relation " + relation.displayName() + ": " + e.getMessage(), e);
        }
    }

    /** Applies the scripts not yet applied (after dropping the schema's objects if {@code clean-at-start}). */
    public MigrateResult migrate() {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(jdbcUrl(db), user, password.orElse(""))
                .schemas(db.schema())
                .createSchemas(true)
                .resourceProvider(new ListedScripts(scripts()))
                // Unmanaged, the execution table's scripts are absent on purpose, even where applied before.
                .ignoreMigrationPatterns(db.executions().managed() ? new String[0] : new String[] {"*:missing"})
                // No class-path scanning for Java migrations or SQL callbacks: there are none.
                .javaMigrationClassProvider(List::of)
                .skipDefaultCallbacks(true)
                .cleanDisabled(!db.cleanAtStart())
                .load();
        try {
            if (db.cleanAtStart()) {
                flyway.clean();
            }
            MigrateResult result = flyway.migrate();
            LOG.debugf(
                    "schema %s at version %s (%d migrations applied)",
                    db.schema(), result.targetSchemaVersion, result.migrationsExecuted);
            return result;
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "cannot migrate schema " + db.schema() + " at " + db.host() + ":" + db.port() + "/" + db.name()
                            + " (runlens.db.*; set runlens.db.migrate-at-start=false if a separate step migrates it): "
                            + e.getMessage(),
                    e);
        }
    }

    /** The JDBC URL of Runlens's schema, from the same settings the reactive client's URL is built from. */
    public static String jdbcUrl(DbConfig db) {
        String url =
                "jdbc:postgresql://" + db.host() + ":" + db.port() + "/" + db.name() + "?currentSchema=" + db.schema();
        return db.jdbcParameters().map(parameters -> url + "&" + parameters).orElse(url);
    }

    /** The listed scripts, read from the class path. */
    private static final class ListedScripts implements ResourceProvider {

        private final List<LoadableResource> scripts;

        ListedScripts(List<String> names) {
            scripts = names.stream().<LoadableResource>map(Script::load).toList();
        }

        @Override
        public LoadableResource getResource(String name) {
            return scripts.stream()
                    .filter(script -> script.getRelativePath().equals(name)
                            || script.getFilename().equals(name))
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
            return scripts.stream()
                    .filter(script -> script.getFilename().startsWith(prefix)
                            && Arrays.stream(suffixes).anyMatch(script.getFilename()::endsWith))
                    .toList();
        }
    }

    /** One script's text, read once. */
    private static final class Script extends LoadableResource {

        private final String filename;
        private final String text;

        private Script(String filename, String text) {
            this.filename = filename;
            this.text = text;
        }

        static Script load(String filename) {
            String path = LOCATION + "/" + filename;
            try (InputStream in = SchemaMigrations.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("migration script " + path + " is not on the class path");
                }
                return new Script(filename, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read migration script " + path, e);
            }
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return LOCATION + "/" + filename;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return null;
        }

        @Override
        public String getFilename() {
            return filename;
        }

        @Override
        public String getRelativePath() {
            return filename;
        }
    }
}
