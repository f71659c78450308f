package io.runlens.details;

import io.runlens.execution.ExecutionRecord;
import io.runlens.temporal.TemporalRun;

/** An execution row and what Temporal says about its run, fetched side by side. */
public record ExecutionDetails(ExecutionRecord row, TemporalRun run) {
}
