package io.runlens.runs;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/**
 * How one endpoint reads a run from Temporal, for {@link ExecutionRuns} to apply the run rule to:
 * details read folded runs, streams read described ones. A read never fails for Temporal's sake: an
 * unknown run and an unreachable Temporal are results that say so.
 *
 * @param <R> what a read gives
 */
public interface RunReads<R> {

    /** Reads run {@code runId} of the execution's workflow id; {@code ""} reads its latest run. */
    Uni<R> read(String runId);

    /** Who the run read is; empty when Temporal has no such run or could not answer. */
    Optional<RunIdentity> identity(R read);

    /** Whether {@code read} says Temporal has no such run (as opposed to could not answer). */
    boolean isNotFound(R read);
}
