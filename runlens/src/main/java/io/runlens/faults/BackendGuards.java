package io.runlens.faults;

import io.runlens.config.FaultToleranceConfig;
import io.runlens.config.RunlensConfig;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Every deadline, circuit breaker and retry of Runlens, built with SmallRye Fault Tolerance's
 * programmatic guards from {@code runlens.fault-tolerance.*}: one guard per backend (its breaker is
 * shared by all calls to that backend) and one for whole requests. All of them work on {@link Uni}s
 * without blocking: timeouts and retry delays are timers, not sleeping threads.
 */
@ApplicationScoped
public class BackendGuards {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {};

    private final FaultToleranceConfig config;
    private final Guard database;
    private final Guard databaseRetry;
    private final Guard request;
    private final HistoryReadPermits historyReads;
    private final Duration fetchDeadline;

    public BackendGuards(RunlensConfig runlens) {
        this.config = runlens.faultTolerance();
        FaultToleranceConfig.Temporal temporalConfig = config.temporal();
        FaultToleranceConfig.Database databaseConfig = config.database();
        // Reads and writes share one breaker; only reads are retried (retry outside, breaker and timeout inside).
        this.database = Guard.create()
                .withDescription("database")
                .withTimeout()
                .duration(databaseConfig.timeout().toMillis(), ChronoUnit.MILLIS)
                .done()
                .with(builder ->
                        breaker(builder, "database", databaseConfig.circuitBreaker(), Outages::isDatabaseOutage))
                .build();
        // Only a failed connection is retried: a slow query would only be slow twice.
        this.databaseRetry = databaseConfig.retries() == 0
                ? null
                : Guard.create()
                        .withDescription("database-retry")
                        .withRetry()
                        .maxRetries(databaseConfig.retries())
                        .delay(50, ChronoUnit.MILLIS)
                        .whenException(Outages::isConnectionFailure)
                        .done()
                        .build();
        this.historyReads =
                new HistoryReadPermits(temporalConfig.concurrentHistoryReads(), temporalConfig.queuedHistoryReads());
        this.fetchDeadline = runlens.temporal().fetchDeadline();
        this.request = Guard.create()
                .withDescription("request")
                .withTimeout()
                .duration(config.requestDeadline().toMillis(), ChronoUnit.MILLIS)
                .done()
                .build();
    }

    /** Adds the breaker of {@code settings} to {@code builder}, counting the failures {@code counts} accepts. */
    public static void breaker(
            Guard.Builder builder,
            String name,
            FaultToleranceConfig.CircuitBreaker settings,
            java.util.function.Predicate<Throwable> counts) {
        if (settings.enabled()) {
            builder.withCircuitBreaker()
                    .name(name)
                    .requestVolumeThreshold(settings.requestVolume())
                    .failureRatio(settings.failureRatio())
                    .delay(settings.delay().toMillis(), ChronoUnit.MILLIS)
                    .successThreshold(settings.successThreshold())
                    .when(counts)
                    .done();
        }
    }

    /**
     * A new answer's Temporal budget: {@code runlens.temporal.fetch-deadline} for its whole Temporal
     * branch, and a history-read permit of this instance's bound when it reads a history. The caller
     * closes it once the answer is rendered.
     */
    public TemporalBudget answerBudget() {
        return new TemporalBudget(fetchDeadline, historyReads);
    }

    /** The bound on cold answers in flight (for its meters). */
    public HistoryReadPermits historyReads() {
        return historyReads;
    }

    /**
     * One PostgreSQL read, with the database deadline and breaker, retried on a failed connection. A
     * timeout (Runlens' or PostgreSQL's {@code statement_timeout}) or an open breaker becomes
     * {@link BackendUnavailableException} (503 with Retry-After).
     */
    public <T> Uni<T> database(Supplier<Uni<T>> call) {
        Uni<T> read =
                databaseRetry == null ? guarded(database, call) : guarded(databaseRetry, () -> guarded(database, call));
        return unavailableOnTimeout(read);
    }

    /**
     * One PostgreSQL write (its own transaction), with the database deadline and breaker and never
     * retried: a write whose answer was lost may have happened.
     */
    public <T> Uni<T> databaseWrite(Supplier<Uni<T>> call) {
        return unavailableOnTimeout(guarded(database, call));
    }

    private <T> Uni<T> unavailableOnTimeout(Uni<T> call) {
        Duration timeout = config.database().timeout();
        long retryAfter = Math.max(1, config.database().circuitBreaker().delay().toSeconds());
        return call.onFailure(failure -> Outages.isTimeout(failure)
                        || Outages.isStatementTimeout(failure)
                        || failure instanceof CircuitBreakerOpenException)
                .transform(failure -> new BackendUnavailableException(
                        failure instanceof CircuitBreakerOpenException
                                ? "the execution store keeps failing; it is given a rest, retry shortly"
                                : "the execution store did not answer within " + timeout.toMillis() + " ms",
                        retryAfter,
                        failure));
    }

    /** A whole request's answer, within {@code request-deadline} or a 503. */
    public <T> Uni<T> withinDeadline(Supplier<Uni<T>> answer) {
        return guarded(request, answer)
                .onFailure(Outages::isTimeout)
                .transform(failure -> new BackendUnavailableException(
                        "no answer within the request deadline of "
                                + config.requestDeadline().toMillis() + " ms",
                        BackendUnavailableException.RETRY_SOON_SECONDS,
                        failure));
    }

    @SuppressWarnings("unchecked")
    /** {@code call} through {@code guard}, subscribed afresh each time (a Uni may be subscribed again, e.g. retried). */
    public static <T> Uni<T> guarded(Guard guard, Supplier<Uni<T>> call) {
        // Deferred: every subscription is one guarded call (a Uni may be subscribed again, e.g. retried).
        return Uni.createFrom().deferred(() -> (Uni<T>) guard.get(() -> (Uni<Object>) call.get(), UNI));
    }
}
