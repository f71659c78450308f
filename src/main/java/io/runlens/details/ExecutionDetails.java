package io.runlens.details;

import io.runlens.execution.ExecutionRecord;
import io.runlens.temporal.RunSummary;
import io.runlens.temporal.TemporalRun;
import java.util.List;

/**
 * An execution row and what Temporal says about its run, fetched side by side.
 *
 * @param runs the chain of runs the execution spans, oldest first; empty when Temporal had no answer
 */
public record ExecutionDetails(ExecutionRecord row, TemporalRun run, List<RunSummary> runs) {

    public ExecutionDetails(ExecutionRecord row, TemporalRun run) {
        this(row, run, List.of());
    }
}
