package io.runlens.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.CacheConfig;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.CacheMeters;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What Temporal said about closed runs. A closed run's history never changes, so a run read once
 * after it closed can be served again without its history or a fold. Runs that have not closed are
 * never kept: a running execution is always read from Temporal.
 *
 * <p>One entry per run, whatever {@code recent_events} its readers ask for: the run is kept with the
 * widest window read so far, and a narrower one is cut from it, so no caller can multiply a run's
 * entries by asking for every window in turn.
 *
 * <p>Temporal can still change what a closed run means: a reset starts a new run of its chain, and a
 * deletion or the namespace's retention removes it. So a run is served from here without asking
 * Temporal only for {@code runlens.cache.revalidate-after} after Temporal last confirmed it
 * ({@link Lookup#isFresh()}); after that the reader describes it again first. A second, small index
 * remembers, per organization and execution id as asked, a closed run that nothing followed when
 * Temporal last said so; the details path uses it, for the same bound, to skip Temporal entirely when
 * the execution row names that same run.
 *
 * <p>Bounded by estimated weight (history bytes and the recent events kept) and, through a floor on
 * each entry's weight, by count: {@code maximum-weight / maximum-entries} is the least an entry weighs.
 */
@ApplicationScoped
public class ClosedRunCache {

    /** Folded runs hold decoded payloads and the trace: about twice the history's protobuf size. */
    private static final int BYTES_PER_HISTORY_BYTE = 2;
    /** A recent event kept as JSON weighs about twenty times its protobuf size (measured on a 10,000-event fold). */
    private static final int BYTES_PER_RECENT_EVENT_BYTE = 20;

    private record Key(String namespace, String workflowId, String runId) {}

    private record Asked(String organization, String executionRef) {}

    private record Workflow(String namespace, String workflowId) {}

    /** A run as kept: folded with {@code recentWindow} recent events, confirmed by Temporal at {@code confirmedAt}. */
    private record Entry(TemporalRun run, int recentWindow, long confirmedAt) {

        Entry confirmed(long now) {
            return new Entry(run, recentWindow, now);
        }

        // Every window up to the one read, and any wider one when the history had fewer events than that.
        boolean covers(int window) {
            return window <= recentWindow || run.recentEvents().size() < recentWindow;
        }
    }

    /** A kept run, cut to the window asked for, and whether Temporal confirmed it recently enough to serve it as it is. */
    public record Lookup(TemporalRun run, boolean isFresh) {}

    static final String METRIC_NAME = "runlens.closed-runs";

    private final boolean enabled;
    private final long revalidateAfterNanos;
    private final MeterRegistry metrics;
    private final Cache<Key, Entry> runs;
    private final Cache<Asked, Key> finalRuns;
    private final Cache<Workflow, Key> closedByWorkflow;

    public ClosedRunCache(RunlensConfig config, MeterRegistry metrics) {
        CacheConfig settings = config.cache();
        this.enabled = settings.enabled();
        this.revalidateAfterNanos = settings.revalidateAfter().toNanos();
        long maximumWeight = Math.max(1, settings.maximumWeight().asLongValue());
        long floor = Math.max(1, maximumWeight / settings.maximumEntries());
        this.runs = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((Key key, Entry entry) ->
                        (int) Math.min(Integer.MAX_VALUE, Math.max(floor, weight(entry.run()))))
                .expireAfterAccess(settings.expireAfterAccess())
                .recordStats()
                .build();
        // A hint is only as good as Temporal's last word on it: it expires when that word is too old.
        this.finalRuns = Caffeine.newBuilder()
                .maximumSize(settings.maximumEntries())
                .expireAfterWrite(settings.revalidateAfter())
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

    static long weight(TemporalRun run) {
        long averageEvent = run.historyLength() > 0 ? run.historySizeBytes() / run.historyLength() : 0;
        return BYTES_PER_HISTORY_BYTE * run.historySizeBytes()
                + BYTES_PER_RECENT_EVENT_BYTE
                        * averageEvent
                        * run.recentEvents().size();
    }

    /** The cache's meters go with it, so a new instance (a restart in tests) reports its own numbers. */
    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
    }

    /** The closed run with this id, if kept with at least {@code recentWindow} recent events. */
    public Optional<Lookup> get(String namespace, String workflowId, String runId, int recentWindow) {
        if (!enabled || runId == null || runId.isEmpty()) {
            return Optional.empty();
        }
        Entry entry = runs.getIfPresent(new Key(namespace, workflowId, runId));
        if (entry == null || !entry.covers(recentWindow)) {
            return Optional.empty();
        }
        return Optional.of(new Lookup(entry.run().withRecentWindow(recentWindow), isFresh(entry)));
    }

    /** Temporal has just confirmed that this run exists as kept: it may be served as it is for another while. */
    public void confirm(String namespace, String workflowId, String runId) {
        if (enabled) {
            runs.asMap()
                    .computeIfPresent(
                            new Key(namespace, workflowId, runId), (key, entry) -> entry.confirmed(System.nanoTime()));
        }
    }

    /** Temporal no longer has this run (deleted, past retention): forget it. */
    public void forget(String namespace, String workflowId, String runId) {
        if (enabled) {
            runs.invalidate(new Key(namespace, workflowId, runId));
        }
    }

    /**
     * The final run last served for {@code executionRef} to {@code organization}, if Temporal said it was
     * the latest within {@code revalidate-after}. A hint only: the caller must check that the execution
     * row names this very run.
     */
    public Optional<TemporalRun> finalRun(String organization, String executionRef, int recentWindow) {
        if (!enabled) {
            return Optional.empty();
        }
        Key key = finalRuns.getIfPresent(new Asked(organization, executionRef));
        if (key == null) {
            return Optional.empty();
        }
        return get(key.namespace(), key.workflowId(), key.runId(), recentWindow).map(Lookup::run);
    }

    /**
     * Remembers that {@code executionRef} named {@code run}, when nothing can follow that run. Only for
     * an answer in which Temporal itself just named the run as the latest, never for one served from
     * the hint: otherwise polling would keep the hint alive forever.
     */
    public void rememberFinal(String organization, String executionRef, TemporalRun run) {
        if (enabled && run.isAvailable() && run.facts() != null && run.facts().isFinal()) {
            finalRuns.put(
                    new Asked(organization, executionRef), new Key(run.namespace(), run.workflowId(), run.runId()));
        }
    }

    /**
     * Whether a closed run of this workflow is kept: then its latest run is probably that one, and
     * describing it first may spare reading a history at all.
     */
    public boolean holdsClosedRunOf(String namespace, String workflowId) {
        if (!enabled) {
            return false;
        }
        Key key = closedByWorkflow.getIfPresent(new Workflow(namespace, workflowId));
        return key != null && runs.getIfPresent(key) != null;
    }

    /** Keeps {@code run} if it is closed (and read with a window at least as wide as the one kept); anything else is ignored. */
    public void offer(TemporalRun run, int recentWindow) {
        if (!enabled || !run.hasClosed()) {
            return;
        }
        Key key = new Key(run.namespace(), run.workflowId(), run.runId());
        long now = System.nanoTime();
        runs.asMap()
                .merge(
                        key,
                        new Entry(run, recentWindow, now),
                        (kept, offered) ->
                                kept.recentWindow() >= offered.recentWindow() ? kept.confirmed(now) : offered);
        closedByWorkflow.put(new Workflow(run.namespace(), run.workflowId()), key);
    }

    private boolean isFresh(Entry entry) {
        return System.nanoTime() - entry.confirmedAt() < revalidateAfterNanos;
    }
}
