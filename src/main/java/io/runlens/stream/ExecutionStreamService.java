package io.runlens.stream;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionRecord;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.observability.BackendCalls;
import io.runlens.temporal.FollowedRun;
import io.runlens.temporal.RunFollower;
import io.runlens.temporal.TemporalRunReader;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Finds the run a live stream follows: the caller's row first (it decides visibility, as for
 * details), then the run it names in Temporal, described once. Both happen before the stream
 * starts, so that every refusal is still an HTTP error and not an event.
 */
@ApplicationScoped
public class ExecutionStreamService {

    private final ExecutionLookup lookup;
    private final RunFollower follower;
    private final BackendCalls calls;
    private final RunlensConfig config;

    public ExecutionStreamService(ExecutionLookup lookup, RunFollower follower, BackendCalls calls, RunlensConfig config) {
        this.lookup = lookup;
        this.follower = follower;
        this.calls = calls;
        this.config = config;
    }

    /**
     * The run of the caller's execution {@code ref}: {@code runId}, or the latest run of its workflow id.
     * Fails with {@link io.runlens.execution.ExecutionNotVisibleException} for an id the caller cannot
     * see, {@link NoRunException} when Temporal has no such run, {@link BackendUnavailableException} when
     * a backend cannot answer.
     */
    public Uni<FollowedRun> locate(String organizationId, ExecutionRef ref, Optional<String> runId) {
        return calls.observe("row", "execution row", lookup.require(organizationId, ref))
                .flatMap(row -> calls.observe("describe", "temporal DescribeWorkflowExecution",
                        follower.locate(namespaceOf(row), row.temporalWorkflowId, runId.orElse("")))
                        .onFailure().transform(failure -> new BackendUnavailableException(
                                "Temporal is unavailable: " + TemporalRunReader.reason(failure), 5, failure))
                        .map(run -> run.orElseThrow(() -> new NoRunException(runId.isPresent()
                                ? "the execution has no run " + runId.get()
                                : "Temporal has no run of this execution (not started yet, or past retention)"))));
    }

    private String namespaceOf(ExecutionRecord row) {
        return row.temporalNamespace == null || row.temporalNamespace.isBlank() ? config.temporal().namespace()
                : row.temporalNamespace;
    }

    /** The execution is visible, but Temporal has no run of it to follow. */
    public static final class NoRunException extends RuntimeException {
        public NoRunException(String detail) {
            super(detail, null, false, false);
        }
    }
}
