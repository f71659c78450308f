package io.runlens.faults;

import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.runlens.config.RunlensConfig;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.Pool;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Creates the reactive pool (Quarkus' hook for it) with PostgreSQL's {@code statement_timeout} set to
 * {@code runlens.fault-tolerance.database.timeout} on every connection, sent in the startup message.
 * The deadline in {@link BackendGuards} only abandons the client's wait; without this the statement
 * kept running (or waiting on a lock) and kept its pooled connection busy long after its caller had
 * its 503. The connections also carry {@code application_name=runlens}, so that operators can tell
 * Runlens' sessions apart in {@code pg_stat_activity}. Either setting given in
 * {@code quarkus.datasource.reactive.additional-properties} wins.
 */
@Singleton
public class DatabaseStatementTimeout implements PgPoolCreator {

    static final String APPLICATION_NAME = "runlens";
    // What the Vert.x client sends when nobody chose a name.
    private static final String DRIVER_APPLICATION_NAME = PgConnectOptions.DEFAULT_PROPERTIES.get("application_name");

    private final RunlensConfig config;

    public DatabaseStatementTimeout(RunlensConfig config) {
        this.config = config;
    }

    @Override
    @SuppressWarnings("deprecation") // PgPool.pool is the factory whose result Quarkus expects (it casts to PgPool).
    public Pool create(Input input) {
        String millis =
                Long.toString(config.faultTolerance().database().timeout().toMillis());
        List<PgConnectOptions> servers = input.pgConnectOptionsList();
        for (PgConnectOptions server : servers) {
            server.getProperties().putIfAbsent("statement_timeout", millis);
            if (DRIVER_APPLICATION_NAME == null
                    || DRIVER_APPLICATION_NAME.equals(server.getProperties().get("application_name"))) {
                server.addProperty("application_name", APPLICATION_NAME);
            }
        }
        return PgPool.pool(input.vertx(), servers, input.poolOptions());
    }
}
