package io.runlens.details;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.RunlensConfig;
import io.runlens.observability.CacheMeters;
import io.runlens.temporal.TemporalRun;
import io.runlens.trace.ExecutionRun;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Rendered details answers, with their ETags. When Temporal's part is whole, a details answer is a
 * function of a few facts only: which row (its id and status word, the only row fields a details
 * answer of an available run shows), which run and its revision (the describe answer it was
 * assembled with: for a running run, its history length and pending activities; see
 * {@link io.runlens.temporal.RunningRunCache}), how many recent events, the chain of runs, and
 * whether payloads are left out (for the default number of recent events only). Keyed by exactly
 * those, a repeated read is the row lookup (and, for a running run, a describe) plus a copy of
 * bytes, and a matching {@code If-None-Match} a 304 with nothing rendered at all.
 *
 * <p>Nothing else qualifies: an answer that needed the codec server may decode differently next
 * time; a partial answer is not the answer. Bounded by the bytes kept; off when
 * {@code runlens.cache.enabled} is.
 */
@ApplicationScoped
public class RenderedAnswers {

    static final String METRIC_NAME = "runlens.rendered-answers";

    /**
     * What a closed run's details answer depends on, apart from the payload policy. Only answers with
     * the default {@code recent_events} are kept, so no caller can multiply a run's entries by asking
     * for every window in turn; other windows are rendered from the closed-run cache each time.
     */
    public record Key(
            String rowId,
            String rowStatus,
            String namespace,
            String workflowId,
            String runId,
            long historyLength,
            String revision,
            List<ExecutionRun> runs) {}

    private record PolicyKey(Key answer, boolean omitPayloads) {}

    /** An answer as sent: its bytes and their strong ETag. */
    public record Rendered(byte[] body, String etag) {}

    private final boolean enabled;
    private final int defaultRecentWindow;
    private final MeterRegistry metrics;
    private final Cache<PolicyKey, Rendered> answers;

    public RenderedAnswers(RunlensConfig config, MeterRegistry metrics) {
        this.enabled = config.cache().enabled();
        this.defaultRecentWindow = config.api().defaultRecentEvents();
        this.metrics = metrics;
        this.answers = Caffeine.newBuilder()
                .maximumWeight(
                        Math.max(1, config.cache().renderedMaximumWeight().asLongValue()))
                .weigher((PolicyKey key, Rendered rendered) -> rendered.body().length + 64)
                .expireAfterAccess(config.cache().expireAfterAccess())
                .recordStats()
                .build();
        if (enabled) {
            CacheMeters.bind(metrics, answers, METRIC_NAME);
        }
    }

    @PreDestroy
    void unregister() {
        CacheMeters.unbind(metrics, METRIC_NAME);
    }

    /** The key of {@code details}' answer, when it is a function of the key's facts alone; empty otherwise. */
    public Optional<Key> keyOf(ExecutionDetails details, int recentWindow) {
        TemporalRun run = details.run();
        if (!enabled
                || recentWindow != defaultRecentWindow
                || !run.isAvailable()
                || run.revision() == null
                || (run.encodedPayloads() != null && !run.encodedPayloads().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of(new Key(
                details.row().id.toString(),
                details.row().status.word(),
                run.namespace(),
                run.workflowId(),
                run.runId(),
                run.historyLength(),
                run.revision(),
                List.copyOf(details.runs())));
    }

    public Optional<Rendered> get(Key key, boolean omitPayloads) {
        return Optional.ofNullable(answers.getIfPresent(new PolicyKey(key, omitPayloads)));
    }

    public void put(Key key, boolean omitPayloads, Rendered rendered) {
        answers.put(new PolicyKey(key, omitPayloads), rendered);
    }
}
