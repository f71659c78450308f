package io.runlens.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.CacheMeters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What Temporal said about closed runs. A closed run's history never changes, so a run read once
 * after it closed can be served again without describe, history or fold. Runs that have not closed
 * are never kept: a running execution is always read from Temporal.
 *
 * <p>Entries are keyed by run id (and the number of recent events asked for, which changes the
 * answer). A second, small index remembers, per organization and execution id as asked, a closed
 * run that nothing can follow (no continue-as-new, no retry into a new run); the details path uses
 * it to skip Temporal entirely when the execution row, read as always, names that same run.
 *
 * <p>Bounded by estimated weight (history bytes) and, through a floor on each entry's weight, by
 * count: {@code maximum-weight / maximum-entries} is the least an entry weighs.
 */
@ApplicationScoped
public class ClosedRunCache {

    /** Folded runs hold decoded payloads and the trace: about twice the history's protobuf size. */
    private static final int BYTES_PER_HISTORY_BYTE = 2;

    private record Key(String namespace, String workflowId, String runId, int recentWindow) {
    }

    private record Asked(String organization, String executionRef) {
    }

    private record Workflow(String namespace, String workflowId, int recentWindow) {
    }

    static final String METRIC_NAME = "runlens.closed-runs";

    private final boolean enabled;
    private final MeterRegistry metrics;
    private final Cache<Key, TemporalRun> runs;
    private final Cache<Asked, Key> finalRuns;
    private final Cache<Workflow, Key> closedByWorkflow;

    public ClosedRunCache(RunlensConfig config, MeterRegistry metrics) {
        RunlensConfig.Cache settings = config.cache();
        this.enabled = settings.enabled();
        long maximumWeight = Math.max(1, settings.maximumWeight().asLongValue());
        long floor = Math.max(1, maximumWeight / settings.maximumEntries());
        this.runs = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((Key key, TemporalRun run) -> (int) Math.min(Integer.MAX_VALUE,
                        Math.max(floor, BYTES_PER_HISTORY_BYTE * run.historySizeBytes())))
                .expireAfterAccess(settings.expireAfterAccess())
                .recordStats()
                .build();
        this.finalRuns = Caffeine.newBuilder()
                .maximumSize(settings.maximumEntries())
                .expireAfterAccess(settings.expireAfterAccess())
                .build();
        this.closedByWorkflow = Caffeine.newBuilder()
                .maximumSize(settings.maximumEntries())
                .expireAfterAccess(settings.expireAfterAccess())
                .build();
        this.metrics = metrics;
        if (enabled) {
            CacheMeters.bind(metrics, runs, METRIC_NAME);
        }
    }

    /** The cache's meters go with it, so a new instance (a restart in tests) reports its own numbers. */
    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
    }

    /** The closed run with this id, if kept. */
    public Optional<TemporalRun> get(String namespace, String workflowId, String runId, int recentWindow) {
        if (!enabled || runId == null || runId.isEmpty()) {
            return Optional.empty();
        }
        return Optional.ofNullable(runs.getIfPresent(new Key(namespace, workflowId, runId, recentWindow)));
    }

    /**
     * The final run last served for {@code executionRef} to {@code organization}, if still kept. A
     * hint only: the caller must check that the execution row names this very run.
     */
    public Optional<TemporalRun> finalRun(String organization, String executionRef, int recentWindow) {
        if (!enabled) {
            return Optional.empty();
        }
        Key key = finalRuns.getIfPresent(new Asked(organization, executionRef));
        return key == null || key.recentWindow() != recentWindow ? Optional.empty()
                : get(key.namespace(), key.workflowId(), key.runId(), recentWindow);
    }

    /** Remembers that {@code executionRef} named {@code run}, when nothing can follow that run. */
    public void rememberFinal(String organization, String executionRef, TemporalRun run, int recentWindow) {
        if (enabled && run.isAvailable() && run.facts() != null && run.facts().isFinal()) {
            finalRuns.put(new Asked(organization, executionRef),
                    new Key(run.namespace(), run.workflowId(), run.runId(), recentWindow));
        }
    }

    /**
     * Whether a closed run of this workflow is kept: then its latest run is probably that one, and
     * describing it first may spare reading a history at all.
     */
    public boolean holdsClosedRunOf(String namespace, String workflowId, int recentWindow) {
        if (!enabled) {
            return false;
        }
        Key key = closedByWorkflow.getIfPresent(new Workflow(namespace, workflowId, recentWindow));
        return key != null && runs.getIfPresent(key) != null;
    }

    /** Keeps {@code run} if it is closed; anything else is ignored. */
    public void offer(TemporalRun run, int recentWindow) {
        if (!enabled || !run.hasClosed()) {
            return;
        }
        Key key = new Key(run.namespace(), run.workflowId(), run.runId(), recentWindow);
        runs.put(key, run);
        closedByWorkflow.put(new Workflow(run.namespace(), run.workflowId(), recentWindow), key);
    }
}
