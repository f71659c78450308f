package io.runlens.stream;

import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.config.StreamConfig;
import io.runlens.payload.EncodedPayload;
import io.runlens.temporal.TemporalClient;
import io.runlens.temporal.TemporalFailures;
import io.runlens.trace.HistoryFolder;
import io.runlens.trace.HistoryFolder.FoldedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Follows one run's history as it grows, for a live stream: first the history as it stands, page by
 * page, then Temporal long polls ({@code waitNewEvent}) for what comes next, until the run closes.
 * Each step is one Temporal call and what it brought, and the next call is made only when the
 * subscriber asks for more, so a stream holds one page and the run's fold, never a backlog.
 *
 * <p>Event ids of a run are dense from 1, so the follower always knows which event it needs next
 * and trusts a long poll only for that: events it already has are dropped, a page that starts
 * further on, or a poll that ends without a verdict (deadline, error, no events and no token), is
 * settled by reading the history again from the start (nothing of it is shown twice). That keeps
 * the stream exact on a real frontend, whose long polls carry the new events and a token that
 * holds the position, and on servers that get {@code waitNewEvent} wrong: the in-process test
 * server ignores the token, answers a new event with UNKNOWN (an off-by-one inside it) and a quiet
 * run with nothing until the deadline.
 */
@ApplicationScoped
public class RunFollower {

    private static final Logger LOG = Logger.getLogger(RunFollower.class);
    private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";
    /** Reason of the {@code reconnect} that ends a stream at {@code runlens.stream.max-duration}. */
    public static final String MAX_DURATION = "max_duration";

    private final TemporalClient client;
    private final StreamConfig config;
    private final AtomicInteger longPolls = new AtomicInteger();
    private final MeterRegistry metrics;
    private final Gauge longPollsGauge;

    public RunFollower(TemporalClient client, RunlensConfig config, MeterRegistry metrics) {
        this.client = client;
        this.config = config.stream();
        this.metrics = metrics;
        this.longPollsGauge = Gauge.builder("runlens.stream.long.polls", longPolls, AtomicInteger::get)
                .description("Temporal long polls of live streams in flight")
                .register(metrics);
    }

    /** The gauge goes with this instance, so that a new one (a restart in tests) reports its own count. */
    @PreDestroy
    void unregister() {
        metrics.remove(longPollsGauge);
    }

    /** One Temporal call's worth of updates, the payloads in them only a codec server can decode, and whether it was the last. */
    public record Step(List<RunUpdate> updates, List<EncodedPayload> encodedPayloads, boolean last) {}

    /**
     * What else ends a stream before its run closes: a time ({@code at}, e.g. its credential's expiry,
     * when it comes before {@code runlens.stream.max-duration}) and a signal that may complete at any
     * moment (e.g. its credential was revoked), each with the reason its {@code reconnect} gives. The
     * signal never fails; it is subscribed to afresh for every Temporal call and raced against it.
     */
    public record Cutoff(Instant at, String atReason, Uni<String> signal) {
        /** Nothing but the run and max-duration ends the stream. */
        public static final Cutoff NONE =
                new Cutoff(Instant.MAX, MAX_DURATION, Uni.createFrom().nothing());
    }

    /** Long polls in flight now, over all streams. */
    public int longPollsInFlight() {
        return longPolls.get();
    }

    /** The run to follow: {@code runId} of {@code workflowId}, or its latest run when empty; empty if Temporal has none. */
    public Uni<Optional<FollowedRun>> locate(String namespace, String workflowId, String runId) {
        return client.describe(namespace, workflowId, runId)
                .map(described -> described.map(d -> {
                    WorkflowExecutionInfo info = d.getWorkflowExecutionInfo();
                    String status = info.getStatus().name();
                    return new FollowedRun(
                            namespace,
                            workflowId,
                            info.getExecution().getRunId(),
                            status.startsWith(STATUS_PREFIX) ? status.substring(STATUS_PREFIX.length()) : status,
                            info.getHistoryLength(),
                            info.getFirstRunId());
                }));
    }

    /**
     * The run's updates after event {@code resumeAfter} (0: all of them), starting with its status, until
     * it closes, {@code runlens.stream.max-duration} passes or Temporal cannot be read. A
     * {@code resumeAfter} beyond the run's history cannot be one of its events (it belongs to an earlier
     * run of the workflow id): the stream then starts from the first event and its status says so.
     */
    public Multi<Step> follow(FollowedRun run, long resumeAfter) {
        return follow(run, resumeAfter, Cutoff.NONE);
    }

    /**
     * As {@link #follow(FollowedRun, long)}, and the stream ends with a {@code reconnect} after the last
     * event shown when {@code cutoff} comes first: at its time, or as soon as its signal completes, which
     * cancels the Temporal call in flight.
     */
    public Multi<Step> follow(FollowedRun run, long resumeAfter, Cutoff cutoff) {
        return Multi.createFrom().deferred(() -> {
            long shownAfter = run.historyLength() > 0 && resumeAfter > run.historyLength() ? 0 : resumeAfter;
            Following following = new Following(run, shownAfter, Instant.now().plus(config.maxDuration()), cutoff);
            return Multi.createBy().repeating().uni(following::next).whilst(step -> !step.last());
        });
    }

    /** The state of one stream: where it is in the history, and what the next call should be. */
    private final class Following {

        private final FollowedRun run;
        private final long shownAfter;
        private final Instant deadline;
        private final String deadlineReason;
        private final Uni<String> endsNow;
        private final HistoryFolder fold = HistoryFolder.forStream();
        private boolean opened;
        private String status;
        private long last;
        // Non-null while the history is read from the start, page by page, without waiting.
        private ByteString catchUp = ByteString.EMPTY;
        private boolean keepAliveIfNothing;
        private boolean afterFailure;
        private boolean foundInCatchUp;
        private boolean quietAfterFailure;
        private boolean settling;
        private ByteString pollToken = ByteString.EMPTY;

        Following(FollowedRun run, long shownAfter, Instant longest, Cutoff cutoff) {
            this.run = run;
            this.shownAfter = shownAfter;
            boolean cutoffFirst = cutoff.at().isBefore(longest);
            this.deadline = cutoffFirst ? cutoff.at() : longest;
            this.deadlineReason = cutoffFirst ? cutoff.atReason() : MAX_DURATION;
            this.endsNow = cutoff.signal();
            this.status = run.status();
        }

        Uni<Step> next() {
            List<RunUpdate> updates = new ArrayList<>();
            if (!opened) {
                opened = true;
                updates.add(new RunUpdate.Status(run.workflowId(), run.runId(), status, shownAfter));
            }
            if (!Instant.now().isBefore(deadline)) {
                updates.add(new RunUpdate.Reconnect(deadlineReason, shown()));
                return Uni.createFrom().item(new Step(updates, List.of(), true));
            }
            // Taken before the call: if the cutoff wins the race, nothing of this call reaches the client.
            List<RunUpdate> before = List.copyOf(updates);
            long shownBefore = shown();
            Uni<Step> call = catchUp != null ? catchUpPage(updates) : poll(updates);
            return Uni.combine().any().of(call, endsNow.map(reason -> cutOff(before, reason, shownBefore)));
        }

        private Step cutOff(List<RunUpdate> before, String reason, long shownBefore) {
            List<RunUpdate> updates = new ArrayList<>(before);
            updates.add(new RunUpdate.Reconnect(reason, shownBefore));
            return new Step(updates, List.of(), true);
        }

        private Uni<Step> catchUpPage(List<RunUpdate> updates) {
            ByteString token = catchUp;
            Uni<Void> before = token.isEmpty() && afterFailure && quietAfterFailure
                    ? pause(config.failurePause())
                    : Uni.createFrom().voidItem();
            return before.flatMap(ignored -> client.historyPage(run.namespace(), run.workflowId(), run.runId(), token))
                    .map(page -> {
                        if (page.isEmpty()) {
                            updates.add(new RunUpdate.Failed("the run's history is gone (past retention)", shown()));
                            return new Step(updates, List.of(), true);
                        }
                        List<HistoryEvent> fresh = freshEvents(page.get());
                        if (!fresh.isEmpty() && fresh.get(0).getEventId() != last + 1) {
                            updates.add(new RunUpdate.Failed(
                                    "Temporal's history skipped from event " + last + " to "
                                            + fresh.get(0).getEventId(),
                                    shown()));
                            return new Step(updates, List.of(), true);
                        }
                        foundInCatchUp |= !fresh.isEmpty();
                        boolean closed = fold(fresh, updates);
                        ByteString next = page.get().getNextPageToken();
                        if (!closed && !next.isEmpty()) {
                            catchUp = next;
                        } else {
                            finishCatchUp(updates, closed);
                        }
                        return new Step(updates, fold.takeEncodedPayloads(), closed);
                    })
                    .onFailure()
                    .recoverWithItem(failure -> failed(updates, failure));
        }

        private void finishCatchUp(List<RunUpdate> updates, boolean closed) {
            catchUp = null;
            if (afterFailure && !closed) {
                if (!settling) {
                    quietAfterFailure = !foundInCatchUp;
                }
                if (foundInCatchUp) {
                    // A server that holds no position (the test server) cannot tell the next long poll about
                    // events that came while this page was being written: read until a read brings nothing.
                    startCatchUp(false, true);
                    settling = true;
                    return;
                }
                settling = false;
            }
            if (!closed && !foundInCatchUp && keepAliveIfNothing) {
                updates.add(new RunUpdate.KeepAlive());
            }
        }

        private Uni<Step> poll(List<RunUpdate> updates) {
            Duration remaining = Duration.between(Instant.now(), deadline);
            if (remaining.toMillis() <= 0) {
                updates.add(new RunUpdate.Reconnect(deadlineReason, shown()));
                return Uni.createFrom().item(new Step(updates, List.of(), true));
            }
            Duration wait = remaining.compareTo(config.longPollTimeout()) < 0 ? remaining : config.longPollTimeout();
            return client.waitForEvents(run.namespace(), run.workflowId(), run.runId(), pollToken, wait)
                    .onSubscription()
                    .invoke(longPolls::incrementAndGet)
                    .onTermination()
                    .invoke(longPolls::decrementAndGet)
                    .map(page -> {
                        if (page.isEmpty()) {
                            startCatchUp(false, false);
                            return new Step(updates, List.of(), false);
                        }
                        return polled(page.get(), updates);
                    })
                    .onFailure()
                    .recoverWithItem(failure -> {
                        boolean deadlineOver = TemporalFailures.isDeadlineExceeded(failure);
                        if (!deadlineOver) {
                            LOG.debugf(
                                    "long poll of %s failed, reading the history instead: %s",
                                    run.workflowId(), failure);
                        }
                        startCatchUp(true, !deadlineOver);
                        return new Step(updates, List.of(), false);
                    });
        }

        private Step polled(GetWorkflowExecutionHistoryResponse page, List<RunUpdate> updates) {
            ByteString token = page.getNextPageToken();
            if (!token.isEmpty()) {
                pollToken = token;
            }
            List<HistoryEvent> fresh = freshEvents(page);
            if (fresh.isEmpty()) {
                if (token.isEmpty()) {
                    // Nothing new and no position to poll from: the run closed, or the server holds no positions.
                    startCatchUp(true, true);
                } else if (page.getHistory().getEventsCount() == 0) {
                    updates.add(new RunUpdate.KeepAlive());
                }
                return new Step(updates, List.of(), false);
            }
            if (fresh.get(0).getEventId() != last + 1) {
                startCatchUp(false, false);
                return new Step(updates, List.of(), false);
            }
            boolean closed = fold(fresh, updates);
            if (!closed && token.isEmpty()) {
                startCatchUp(false, false);
            }
            return new Step(updates, fold.takeEncodedPayloads(), closed);
        }

        private void startCatchUp(boolean keepAlive, boolean failure) {
            settling = false;
            catchUp = ByteString.EMPTY;
            keepAliveIfNothing = keepAlive;
            afterFailure = failure;
            foundInCatchUp = false;
        }

        private List<HistoryEvent> freshEvents(GetWorkflowExecutionHistoryResponse page) {
            List<HistoryEvent> events = page.getHistory().getEventsList();
            int from = 0;
            while (from < events.size() && events.get(from).getEventId() <= last) {
                from++;
            }
            return events.subList(from, events.size());
        }

        // Folds contiguous new events into updates; true when the run's closing event was among them.
        private boolean fold(List<HistoryEvent> fresh, List<RunUpdate> updates) {
            List<HistoryEvent> upToClose = fresh;
            String closedAs = null;
            for (int i = 0; i < fresh.size(); i++) {
                closedAs = closeStatus(fresh.get(i));
                if (closedAs != null) {
                    upToClose = fresh.subList(0, i + 1);
                    break;
                }
            }
            if (upToClose.isEmpty()) {
                return false;
            }
            for (FoldedEvent folded : fold.follow(upToClose, shownAfter)) {
                updates.add(new RunUpdate.Event(folded));
            }
            last = upToClose.get(upToClose.size() - 1).getEventId();
            if (closedAs == null) {
                return false;
            }
            if (!closedAs.equals(status)) {
                status = closedAs;
                updates.add(new RunUpdate.Status(run.workflowId(), run.runId(), status, shownAfter));
            }
            updates.add(new RunUpdate.Closed(run.runId(), status, fold.runFacts(), last));
            return true;
        }

        private Step failed(List<RunUpdate> updates, Throwable failure) {
            LOG.debugf("stream of %s ends, Temporal failed: %s", run.workflowId(), failure);
            updates.add(new RunUpdate.Failed(TemporalFailures.reason(failure), shown()));
            return new Step(updates, List.of(), true);
        }

        // The last event id the client has been shown, or was already past when it came.
        private long shown() {
            return Math.max(last, shownAfter);
        }
    }

    /** Temporal's status word for a run's closing event; null for any other event. */
    static String closeStatus(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED -> "COMPLETED";
            case EVENT_TYPE_WORKFLOW_EXECUTION_FAILED -> "FAILED";
            case EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT -> "TIMED_OUT";
            case EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED -> "CANCELED";
            case EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED -> "TERMINATED";
            case EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> "CONTINUED_AS_NEW";
            default -> null;
        };
    }

    // A timer on the caller's Vert.x context, so that what follows stays on its event loop.
    private static Uni<Void> pause(Duration duration) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().voidItem().onItem().delayIt().by(duration);
        }
        return Uni.createFrom().emitter(emitter -> {
            long timer = context.owner().setTimer(Math.max(1, duration.toMillis()), ignored -> emitter.complete(null));
            emitter.onTermination(() -> context.owner().cancelTimer(timer));
        });
    }
}
