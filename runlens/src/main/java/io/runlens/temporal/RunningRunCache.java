package io.runlens.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.CacheConfig;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.CacheMeters;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * The last fold of each running run, kept with the describe answer it was assembled with. Dashboards
 * poll running executions; between two polls most runs have not moved. A read of a run kept here
 * describes it first, alone: when describe answers exactly as it did (same run, same history length,
 * same pending activities with their attempts and heartbeats: the whole answer, compared by its
 * {@linkplain #revisionOf digest}), the history has not changed, and the kept fold is the answer,
 * with no history read and no fold. Otherwise the history is read and folded anew, one round trip
 * later than when both are asked at once: the price of a poll that finds something new.
 *
 * <p>Keyed by the run as asked (an empty run id asks for the latest run), so a new run of the chain
 * is found by describe like any change. Bounded by the same estimated weight as {@link ClosedRunCache}
 * ({@code runlens.cache.running-maximum-weight}); a run that closes leaves, for the closed-run cache
 * to keep. Off with {@code runlens.cache.enabled=false}.
 */
@ApplicationScoped
public class RunningRunCache {

    static final String METRIC_NAME = "runlens.running-runs";

    private record Key(String namespace, String workflowId, String askedRunId) {}

    private record Entry(TemporalRun run, int recentWindow) {
        // Every window up to the one read, and any wider one when the history had fewer events than that.
        boolean covers(int window) {
            return window <= recentWindow || run.recentEvents().size() < recentWindow;
        }
    }

    private final boolean enabled;
    private final MeterRegistry metrics;
    private final Cache<Key, Entry> runs;

    public RunningRunCache(RunlensConfig config, MeterRegistry metrics) {
        CacheConfig settings = config.cache();
        this.enabled = settings.enabled();
        long maximumWeight = Math.max(1, settings.runningMaximumWeight().asLongValue());
        long floor = Math.max(1, maximumWeight / settings.maximumEntries());
        this.runs = Caffeine.newBuilder()
                .maximumWeight(maximumWeight)
                .weigher((Key key, Entry entry) ->
                        (int) Math.min(Integer.MAX_VALUE, Math.max(floor, ClosedRunCache.weight(entry.run()))))
                .expireAfterAccess(settings.expireAfterAccess())
                .recordStats()
                .build();
        this.metrics = metrics;
        if (enabled) {
            CacheMeters.bind(metrics, runs, METRIC_NAME);
        }
    }

    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
    }

    /** The kept fold of the run asked for, if any was kept with at least {@code recentWindow} recent events. */
    public Optional<TemporalRun> get(String namespace, String workflowId, String askedRunId, int recentWindow) {
        if (!enabled) {
            return Optional.empty();
        }
        Entry entry = runs.getIfPresent(new Key(namespace, workflowId, askedRunId));
        return entry == null || !entry.covers(recentWindow)
                ? Optional.empty()
                : Optional.of(entry.run().withRecentWindow(recentWindow));
    }

    /**
     * Keeps {@code run}, just assembled for the run asked as {@code askedRunId}, while it runs; a run
     * that has closed, or whose Temporal part is missing, is dropped instead.
     */
    public void offer(String askedRunId, TemporalRun run, int recentWindow) {
        if (!enabled) {
            return;
        }
        Key key = new Key(run.namespace(), run.workflowId(), askedRunId);
        if (!run.isAvailable() || run.closeTime() != null || run.revision() == null) {
            runs.invalidate(key);
            return;
        }
        runs.asMap()
                .merge(
                        key,
                        new Entry(run, recentWindow),
                        (kept, offered) ->
                                kept.run().revision().equals(offered.run().revision())
                                                && kept.recentWindow() >= offered.recentWindow()
                                        ? kept
                                        : offered);
    }

    /** Temporal no longer has the run asked for: forget it. */
    public void forget(String namespace, String workflowId, String askedRunId) {
        if (enabled) {
            runs.invalidate(new Key(namespace, workflowId, askedRunId));
        }
    }

    /** The revision of a run assembled from {@code described}: a digest of describe's whole answer. */
    public static String revisionOf(DescribeWorkflowExecutionResponse described) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(described.toByteArray());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
