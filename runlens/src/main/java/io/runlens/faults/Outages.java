package io.runlens.faults;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/** Which failures mean "the backend is not there" (count for breakers, retry, 503) rather than "the request is wrong". */
public final class Outages {

    private static final String QUERY_CANCELED = "57014";

    private Outages() {}

    /**
     * A PostgreSQL failure that says the server, or the way to it, is gone: what the shared database
     * breaker counts. A timeout does not count: it may be the query's own fault (a lock it waits on, a
     * caller's expensive filter), and one caller's slow queries must not turn every tenant's reads
     * into 503s. A server that stops answering altogether still gets each request a 503 within
     * {@code database.timeout}.
     */
    public static boolean isDatabaseOutage(Throwable failure) {
        return isConnectionFailure(failure);
    }

    /** PostgreSQL cancelled the statement at its {@code statement_timeout} (SQLSTATE 57014), possibly wrapped. */
    public static boolean isStatementTimeout(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof PgException pg && QUERY_CANCELED.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    /** A refused, reset or closed connection, possibly wrapped. */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t : causes(failure)) {
            // IOException covers refused (ConnectException), reset ("Connection reset by peer" from
            // Netty's native transport is a bare IOException) and closed channels.
            if (t instanceof IOException
                    || t instanceof ClosedConnectionException
                    || (t instanceof io.vertx.core.VertxException
                            && String.valueOf(t.getMessage()).contains("closed"))) {
                return true;
            }
        }
        return false;
    }

    /** A deadline that passed: a Mutiny or SmallRye timeout. */
    public static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException
                || failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
    }

    /** Deepest cause chain walked: causes can form a cycle (A caused by B caused by A), which must not hang a request. */
    static final int MAX_CAUSES = 64;

    /** {@code failure} and its causes, outermost first, each once, at most {@link #MAX_CAUSES}. */
    static java.util.List<Throwable> causes(Throwable failure) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
