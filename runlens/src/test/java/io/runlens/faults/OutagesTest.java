package io.runlens.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which failures say "PostgreSQL is not there" (the shared breaker counts them, the caller gets a 503)
 * and which say "this query took too long" or "this request is wrong" (one caller's trouble, which must
 * never open the breaker for every tenant). (With a real PostgreSQL: {@link DatabaseBreakerIsolationTest},
 * {@link BackendFaultTest}.)
 */
class OutagesTest {

    private static PgException pg(String sqlState) {
        return new PgException("canceling statement due to statement timeout", "ERROR", sqlState, null);
    }

    static Stream<Arguments> connectionFailures() {
        return Stream.of(
                Arguments.of("refused", new ConnectException("Connection refused: /127.0.0.1:5432")),
                Arguments.of("reset (a bare IOException from Netty)", new IOException("Connection reset by peer")),
                Arguments.of("closed by the SQL client", ClosedConnectionException.INSTANCE),
                Arguments.of("a closed channel in Vert.x's words", new VertxException("Connection was closed")),
                Arguments.of(
                        "wrapped twice",
                        new CompletionException(new IllegalStateException("read failed", new ConnectException("x")))),
                Arguments.of("unchecked", new UncheckedIOException(new IOException("broken pipe"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionFailures")
    void aLostWayToTheServerIsAnOutage(String what, Throwable failure) {
        assertTrue(Outages.isConnectionFailure(failure), what);
        assertTrue(Outages.isDatabaseOutage(failure), what);
    }

    static Stream<Arguments> notOutages() {
        return Stream.of(
                Arguments.of("the query's statement timeout", pg("57014")),
                Arguments.of("a unique violation", pg("23505")),
                Arguments.of("a request deadline", new TimeoutException("database did not answer within PT2S")),
                Arguments.of(
                        "a fault-tolerance timeout",
                        new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException("timed out")),
                Arguments.of("any other Vert.x failure", new VertxException("Failed to decode row")),
                Arguments.of("a bug", new IllegalStateException("no session")),
                Arguments.of("nothing", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notOutages")
    void aSlowOrWrongQueryIsNotAnOutage(String what, Throwable failure) {
        assertFalse(Outages.isConnectionFailure(failure), what);
        assertFalse(Outages.isDatabaseOutage(failure), what);
    }

    @Test
    void postgresqlCancellingAStatementAtItsTimeoutIsRecognisedHoweverWrapped() {
        assertTrue(Outages.isStatementTimeout(pg("57014")));
        assertTrue(Outages.isStatementTimeout(new CompletionException(new RuntimeException(pg("57014")))));

        assertFalse(Outages.isStatementTimeout(pg("57P01")));
        assertFalse(Outages.isStatementTimeout(new TimeoutException("57014")));
        assertFalse(Outages.isStatementTimeout(null));
    }

    @Test
    void aTimeoutIsADeadlineThatPassedByEitherLibrary() {
        assertTrue(Outages.isTimeout(new TimeoutException()));
        assertTrue(Outages.isTimeout(new org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException()));

        assertFalse(Outages.isTimeout(new ConnectException("refused")));
        assertFalse(Outages.isTimeout(pg("57014")));
    }

    /** A failure that is its own cause (some libraries build them) ends the walk instead of looping. */
    @Test
    void aFailureThatIsItsOwnCauseIsWalkedOnce() {
        Throwable selfCaused = new IllegalStateException() {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        assertFalse(Outages.isConnectionFailure(selfCaused));
        assertFalse(Outages.isStatementTimeout(selfCaused));
    }

    /** Two failures each the other's cause (initCause refuses only a failure as its own cause) end the walk too. */
    @Test
    void causesThatFormACycleEndTheWalk() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        outer.initCause(inner);
        inner.initCause(outer);

        assertFalse(Outages.isConnectionFailure(outer), "walked each once, found no outage, and returned");
        assertFalse(Outages.isStatementTimeout(outer));
    }

    /** A cause chain deeper than anything real is walked only so far: an IOException below it is not looked for. */
    @Test
    void theWalkIsBounded() {
        Throwable failure = new IOException("refused");
        for (int i = 0; i < Outages.MAX_CAUSES; i++) {
            failure = new IllegalStateException(failure);
        }
        assertFalse(Outages.isConnectionFailure(failure));
        assertTrue(Outages.isConnectionFailure(failure.getCause()));
    }
}
