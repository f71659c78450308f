package io.runlens.observability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class KnownNoiseTest {

    private final KnownNoise filter = new KnownNoise();

    private static LogRecord record(String logger, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "unexpected");
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }

    private static IndexOutOfBoundsException thrownAt(String className, String method) {
        IndexOutOfBoundsException failure = new IndexOutOfBoundsException("Index 6 out of bounds for length 6");
        failure.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("java.util.ArrayList", "get", "ArrayList.java", 427),
            new StackTraceElement(className, method, "TestWorkflowStoreImpl.java", 200)
        });
        return failure;
    }

    @Test
    void dropsAStreamWriteToAClientThatWentAwayButNotOtherStreamFailures() {
        String writer = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";
        assertFalse(filter.isLoggable(record(writer, new IOException("Broken pipe"))));
        assertTrue(filter.isLoggable(record(writer, new IllegalStateException("a stream event could not be written"))));
        assertTrue(filter.isLoggable(record("io.runlens.api.ExecutionStreamResource", new IOException("Broken pipe"))));
    }

    @Test
    void dropsOnlyTheTestServersLongPollOffByOne() {
        String testServer = "io.temporal.internal.testservice.TestWorkflowService";
        assertFalse(filter.isLoggable(record(
                testServer,
                thrownAt("io.temporal.internal.testservice.TestWorkflowStoreImpl$HistoryStore", "waitForNewEvents"))));
        assertTrue(filter.isLoggable(record(
                testServer,
                thrownAt("io.temporal.internal.testservice.TestWorkflowMutableStateImpl", "startWorkflowTask"))));
        assertTrue(filter.isLoggable(record(testServer, new IllegalStateException("something else"))));
        assertTrue(filter.isLoggable(record(
                "io.runlens.Anything",
                thrownAt("io.temporal.internal.testservice.TestWorkflowStoreImpl$HistoryStore", "waitForNewEvents"))));
        assertTrue(filter.isLoggable(new LogRecord(Level.INFO, "plain line")));
    }

    @Test
    void dropsOnlyThePoolQueueGaugesSecondRegistration() {
        String registry = "io.micrometer.core.instrument.MeterRegistry";
        assertFalse(filter.isLoggable(warning(
                registry,
                "This Gauge has been already registered (MeterId{name='postgresql.queue.size', tags=[tag(clientName=<default>),"
                        + "tag(clientType=sql)]}), the registration will be ignored.")));
        assertTrue(filter.isLoggable(warning(
                registry,
                "This Gauge has been already registered (MeterId{name='runlens.cache.size', tags=[]}), the registration"
                        + " will be ignored.")));
        assertTrue(
                filter.isLoggable(warning("io.runlens.Anything", "name='postgresql.queue.size' already registered")));
    }

    private static LogRecord warning(String logger, String message) {
        LogRecord record = new LogRecord(Level.WARNING, message);
        record.setLoggerName(logger);
        return record;
    }
}
