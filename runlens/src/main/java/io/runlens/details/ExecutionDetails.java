package io.runlens.details;

import com.fasterxml.jackson.databind.JsonNode;
import io.runlens.execution.ExecutionRecord;
import io.runlens.temporal.TemporalRun;
import io.runlens.trace.ExecutionRun;
import java.util.List;
import java.util.Map;

/**
 * An execution row and what Temporal says about the run an answer shows, fetched side by side.
 *
 * @param runs the chain of runs the execution spans, oldest first; empty when Temporal had no answer
 *        (and for the step view, which shows no chain)
 * @param decoded what the codec server made of the run's encoded payloads: marker (by identity) to value
 */
public record ExecutionDetails(
        ExecutionRecord row, TemporalRun run, List<ExecutionRun> runs, Map<JsonNode, JsonNode> decoded) {}
