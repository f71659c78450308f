package io.runlens.stream;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.faults.Deadline;
import io.runlens.observability.BackendCalls;
import io.runlens.runs.ExecutionRuns;
import io.runlens.runs.NoSuchRunException;
import io.runlens.runs.RunIdentity;
import io.runlens.runs.RunReads;
import io.runlens.temporal.TemporalFailures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the run a live stream follows: the caller's row first (it decides visibility, as for
 * details), then the run the run rule shows ({@link ExecutionRuns}: the run asked for when it is the
 * execution's, else the latest of its chain), described once. Both happen before the stream starts,
 * so that every refusal is still an HTTP error and not an event.
 */
@ApplicationScoped
public class ExecutionStreamService {

    private final ExecutionLookup lookup;
    private final RunFollower follower;
    private final ExecutionRuns runs;
    private final BackendCalls calls;
    private final RunlensConfig config;
    private final RowChanges rowChanges;
    private final Vertx vertx;

    public ExecutionStreamService(
            ExecutionLookup lookup,
            RunFollower follower,
            ExecutionRuns runs,
            BackendCalls calls,
            RunlensConfig config,
            RowChanges rowChanges,
            Vertx vertx) {
        this.rowChanges = rowChanges;
        this.vertx = vertx;
        this.lookup = lookup;
        this.follower = follower;
        this.runs = runs;
        this.calls = calls;
        this.config = config;
    }

    /**
     * The run of the caller's execution {@code ref} to follow: {@code runId} when it is one of the
     * execution's runs, or the latest run of its chain. Fails with
     * {@link io.runlens.execution.ExecutionNotVisibleException} for an id the caller cannot see,
     * {@link NoSuchRunException} when the execution has no such run (or Temporal none at all),
     * {@link BackendUnavailableException} when a backend cannot answer.
     */
    public Uni<FollowedRun> locate(String organizationId, ExecutionRef ref, Optional<String> runId) {
        return calls.observe("row", "execution row", lookup.require(organizationId, ref))
                .flatMap(row -> {
                    Deadline deadline = Deadline.after(config.temporal().fetchDeadline());
                    return runs.show(row, runId, described(row, deadline), deadline)
                            .onFailure(failure -> !(failure instanceof NoSuchRunException))
                            .transform(failure -> new BackendUnavailableException(
                                    "Temporal is unavailable: " + TemporalFailures.reason(failure),
                                    BackendUnavailableException.RETRY_SOON_SECONDS,
                                    failure))
                            .map(
                                    found -> found.orElseThrow(
                                            () -> runId.map(NoSuchRunException::of)
                                                    .orElseGet(
                                                            () -> new NoSuchRunException(
                                                                    "Temporal has no run of this execution (not started yet, or past retention)"))));
                });
    }

    /**
     * The caller's execution row {@code ref} as it stands when subscribed to, then again each time it may
     * have changed (a notification for it, or every {@code runlens.poll.reread-interval} while
     * notifications are unavailable), until {@code until} completes; a stream shows the changes. Reads
     * are one at a time; a wake during a read is served by one more read after it. A read that fails
     * (PostgreSQL unavailable, or the row was deleted) is skipped: the next wake reads again.
     */
    public Multi<ExecutionRecord> rowChanges(String organizationId, ExecutionRef ref, Uni<?> until) {
        return Multi.createFrom().emitter(emitter -> {
            Context current = Vertx.currentContext();
            Context context = current != null ? current : vertx.getOrCreateContext();
            RowFeed feed = new RowFeed(organizationId, ref, context, emitter);
            emitter.onTermination(() -> context.runOnContext(ignored -> feed.stop()));
            Cancellable ending = until.subscribe().with(ignored -> emitter.complete(), failure -> emitter.complete());
            feed.onStop(ending::cancel);
            context.runOnContext(ignored -> feed.start());
        });
    }

    /** One stream's view of its row: what it registered, and whether a read is in flight. */
    private final class RowFeed {

        private final String organizationId;
        private final ExecutionRef ref;
        private final Context context;
        private final MultiEmitter<? super ExecutionRecord> emitter;
        private final List<Runnable> releases = new ArrayList<>();
        private boolean stopped;
        private boolean reading;
        private boolean again;

        RowFeed(
                String organizationId,
                ExecutionRef ref,
                Context context,
                MultiEmitter<? super ExecutionRecord> emitter) {
            this.organizationId = organizationId;
            this.ref = ref;
            this.context = context;
            this.emitter = emitter;
        }

        void onStop(Runnable release) {
            releases.add(release);
        }

        void start() {
            lookup.require(organizationId, ref)
                    .subscribe()
                    .with(
                            row -> context.runOnContext(ignored -> {
                                if (stopped) {
                                    return;
                                }
                                emitter.emit(row);
                                releases.add(rowChanges.watch(row.id, () -> context.runOnContext(woken -> read())));
                                long reread = vertx.setPeriodic(
                                        Math.max(
                                                100, rowChanges.rereadInterval().toMillis()),
                                        timer -> context.runOnContext(woken -> {
                                            if (!rowChanges.pushed()) {
                                                read();
                                            }
                                        }));
                                releases.add(() -> vertx.cancelTimer(reread));
                            }),
                            failure -> emitter.complete());
        }

        private void read() {
            if (stopped) {
                return;
            }
            if (reading) {
                again = true;
                return;
            }
            reading = true;
            again = false;
            lookup.require(organizationId, ref)
                    .subscribe()
                    .with(
                            row -> context.runOnContext(ignored -> {
                                reading = false;
                                if (!stopped) {
                                    emitter.emit(row);
                                    if (again) {
                                        read();
                                    }
                                }
                            }),
                            failure -> context.runOnContext(ignored -> reading = false));
        }

        void stop() {
            stopped = true;
            releases.forEach(Runnable::run);
            releases.clear();
        }
    }

    /** How the run rule reads described runs of the row's workflow for a stream; Temporal's failures fail the read. */
    private RunReads<Optional<FollowedRun>> described(ExecutionRecord row, Deadline deadline) {
        String namespace = runs.namespaceOf(row);
        return new RunReads<>() {
            @Override
            public Uni<Optional<FollowedRun>> read(String runId) {
                Uni<Optional<FollowedRun>> located = calls.observe(
                        "describe",
                        "temporal DescribeWorkflowExecution",
                        follower.locate(namespace, row.temporalWorkflowId, runId));
                return deadline.boundOrFail(
                        located.flatMap(found -> {
                            if (found.isEmpty() || !found.get().firstRunId().isEmpty()) {
                                return Uni.createFrom().item(found);
                            }
                            // Servers that leave first_run_id out of describe: the Started event says it.
                            FollowedRun run = found.get();
                            return runs.firstRunOf(namespace, row.temporalWorkflowId, run.runId(), deadline)
                                    .map(first -> Optional.of(new FollowedRun(
                                            run.namespace(),
                                            run.workflowId(),
                                            run.runId(),
                                            run.status(),
                                            run.historyLength(),
                                            first.orElse(""))));
                        }),
                        "Temporal");
            }

            @Override
            public Optional<RunIdentity> identity(Optional<FollowedRun> read) {
                return read.map(run -> new RunIdentity(run.runId(), run.firstRunId()));
            }

            @Override
            public boolean isNotFound(Optional<FollowedRun> read) {
                return read.isEmpty();
            }
        };
    }
}
