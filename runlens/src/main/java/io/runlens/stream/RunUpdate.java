package io.runlens.stream;

import io.runlens.trace.HistoryFolder.FoldedEvent;
import io.runlens.trace.RunFacts;

/** One thing a live stream tells about the run it follows, in the order it happened. */
public sealed interface RunUpdate {

    /**
     * The run's status: first when the stream opens, then when it changes (the run closed).
     *
     * @param resumeAfter the event id the stream continues after (0: from the first event)
     */
    record Status(String workflowId, String runId, String status, long resumeAfter) implements RunUpdate {}

    /** A new history event: its timeline entry, or the event itself when the timeline leaves it out. */
    record Event(FoldedEvent folded) implements RunUpdate {}

    /** A long poll ended with nothing new: something to write so that proxies keep the connection. */
    record KeepAlive() implements RunUpdate {}

    /** The run closed; nothing follows on this stream. {@code facts.nextRunId()} names the run it handed over to, if any. */
    record Closed(String runId, String status, RunFacts facts, long closeEventId) implements RunUpdate {}

    /**
     * The stream ends before the run does ({@code reason}: it reached its longest duration, or its
     * credential expired or was revoked); the client should reconnect after {@code lastEventId}.
     */
    record Reconnect(String reason, long lastEventId) implements RunUpdate {}

    /** Temporal could not be read; the stream ends and the client may reconnect after {@code lastEventId}. */
    record Failed(String reason, long lastEventId) implements RunUpdate {}
}
