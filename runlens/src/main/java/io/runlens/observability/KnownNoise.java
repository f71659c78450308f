package io.runlens.observability;

import io.quarkus.logging.LoggingFilter;
import java.io.IOException;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Leaves three lines out of the console log that say nothing an operator could act on, each
 * recognised by its logger and the failure or meter it names:
 * <ul>
 * <li>Quarkus REST logs an I/O failure with a stack trace when it writes to a live stream whose
 * client has just gone away (a closed tab, Ctrl-C on curl): for Server-Sent Events that is how a
 * stream ends, and the stream's slot and long poll are released all the same.</li>
 * <li>Temporal's in-process test server (the demo's) logs an IndexOutOfBoundsException from its
 * {@code HistoryStore.waitForNewEvents} each time a stream's long poll meets a new event: an
 * off-by-one of its own, which {@code io.runlens.stream.RunFollower} works around.</li>
 * <li>Micrometer warns, once per start, that the gauge {@code postgresql.queue.size} "has been already
 * registered": the reactive client keeps one pool per event loop and Quarkus' Vert.x binder registers the
 * same gauge (same name and tags) for each (quarkusio/quarkus#47504, open). The first registration
 * stands; every other meter is unaffected. Other duplicate meters still warn.</li>
 * </ul>
 */
@LoggingFilter(name = "runlens-known-noise")
public final class KnownNoise implements Filter {

    private static final String SSE_WRITER = "org.jboss.resteasy.reactive.server.handlers.PublisherResponseHandler";
    private static final String TEST_SERVER = "io.temporal.internal.testservice.TestWorkflowService";
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";
    private static final String POOL_QUEUE_GAUGE = "name='postgresql.queue.size'";

    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown == null) {
            return !isPoolQueueGaugeRegisteredTwice(record);
        }
        if (SSE_WRITER.equals(record.getLoggerName())) {
            return !(thrown instanceof IOException);
        }
        if (TEST_SERVER.equals(record.getLoggerName()) && thrown instanceof IndexOutOfBoundsException) {
            for (StackTraceElement frame : thrown.getStackTrace()) {
                if (frame.getMethodName().equals("waitForNewEvents")
                        && frame.getClassName().endsWith("HistoryStore")) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isPoolQueueGaugeRegisteredTwice(LogRecord record) {
        String message = record.getMessage();
        return METER_REGISTRY.equals(record.getLoggerName())
                && message != null
                && message.contains("already registered")
                && message.contains(POOL_QUEUE_GAUGE);
    }
}
