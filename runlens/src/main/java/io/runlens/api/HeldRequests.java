package io.runlens.api;

import io.runlens.config.RunlensConfig;
import io.runlens.details.RenderedAnswers;
import io.runlens.execution.ExecutionRecord;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.stream.PollSlots;
import io.runlens.stream.RowChanges;
import io.runlens.stream.RunWatches;
import io.runlens.stream.StreamSlots;
import io.runlens.temporal.TemporalRun;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Blocking conditional GET: a request whose {@code If-None-Match} names the answer's current ETag and
 * that asks {@code Prefer: wait=N} (RFC 7240; or {@code ?wait=N}) is held until the answer changes (200
 * with the new body and ETag) or N seconds pass (the answer as it stands, which {@link ConditionalGet}
 * turns into a 304), N cut to {@code runlens.poll.max-wait}; {@code Preference-Applied: wait=N} says so.
 *
 * <p>A held request costs no thread and reads nothing until something may have changed: it is woken
 * by a notification for its execution's row ({@link RowChanges}), by a new event of its run while the
 * run is running ({@link RunWatches}: one Temporal long poll per run, shared), by a re-read timer while
 * notifications are unavailable or Temporal's part of the answer is missing, and by its deadline; on a
 * wake it reads and renders the answer again, with the same caller and payload policy, and compares
 * ETags. Held requests are capped per instance and per organization ({@link PollSlots}; beyond: 503
 * with Retry-After). A closed execution's answer, one whose ETag is already stale, and a request
 * without a wait are answered at once, as before.
 */
@ApplicationScoped
public class HeldRequests {

    static final String PREFER = "Prefer";
    static final String PREFERENCE_APPLIED = "Preference-Applied";
    static final String WAIT = "wait";

    static final String DESCRIPTION = "With If-None-Match naming the current ETag and Prefer: wait=N (or ?wait=N), the "
            + "request is held until the answer changes (200 with the new body and ETag) or N seconds pass (304); N is "
            + "cut to runlens.poll.max-wait (default 60) and Preference-Applied: wait=N says the wait applied. A closed "
            + "execution, or an ETag that is already stale, is answered at once.";
    static final String NOT_MODIFIED = ProblemResponses.NOT_MODIFIED + " (after the wait, with Prefer: wait=N)";
    static final String TOO_MANY =
            "Too many requests held with Prefer: wait on this instance (runlens.poll.max-concurrent)"
                    + " or for the caller's organization (runlens.poll.max-concurrent-per-organization), or a backend is"
                    + " unreachable; see Retry-After";
    static final String APPLIED_DESCRIPTION =
            "wait=N: the request was held for a change, up to N seconds (the wait asked for, cut to runlens.poll.max-wait)";
    static final String WAIT_DESCRIPTION =
            "Seconds to hold the request until the answer changes, for clients that cannot "
                    + "send Prefer: wait=N (wins over it); only with If-None-Match";
    static final String PREFER_DESCRIPTION =
            "RFC 7240 preferences; wait=N holds the request until the answer changes, at most N seconds (only with If-None-Match)";

    private final RunlensConfig config;
    private final PollSlots slots;
    private final RowChanges rows;
    private final RunWatches runs;
    private final Vertx vertx;

    public HeldRequests(RunlensConfig config, PollSlots slots, RowChanges rows, RunWatches runs, Vertx vertx) {
        this.config = config;
        this.slots = slots;
        this.rows = rows;
        this.runs = runs;
        this.vertx = vertx;
    }

    /**
     * One read of the answer: what it shows rendered, and what may change it.
     *
     * @param closed nothing in it can change any more (the row is final and Temporal's run closed or unknown)
     * @param running the run to watch for new events, when it is running
     * @param incomplete part of it is missing (Temporal unavailable): re-read it every reread-interval
     */
    public record Read(
            RenderedAnswers.Rendered rendered,
            UUID executionId,
            boolean closed,
            Optional<TemporalRun> running,
            boolean incomplete) {

        /** A read of the row alone: it can still change until its status is final. */
        public static Read ofRow(RenderedAnswers.Rendered rendered, ExecutionRecord row) {
            return new Read(rendered, row.id, row.status.isFinal(), Optional.empty(), false);
        }

        /** A read of the row and Temporal's run. */
        public static Read of(RenderedAnswers.Rendered rendered, ExecutionRecord row, TemporalRun run) {
            boolean runClosed = run.hasClosed() || TemporalRun.NOT_FOUND.equals(run.availability());
            boolean running = run.isAvailable() && run.closeTime() == null;
            return new Read(
                    rendered,
                    row.id,
                    row.status.isFinal() && runClosed,
                    running ? Optional.of(run) : Optional.empty(),
                    !run.isAvailable() && !runClosed);
        }
    }

    /**
     * The seconds {@code Prefer: wait=N} or {@code ?wait=N} asks for (the query parameter wins), cut to
     * {@code runlens.poll.max-wait}; empty when neither asks.
     *
     * @throws ApiProblem 400 when the wait is not a whole number of seconds
     */
    Optional<Long> requestedWait(WaitParams params) {
        Optional<String> asked = params.wait != null ? Optional.of(params.wait) : preferredWait(params.prefer);
        if (asked.isEmpty()) {
            return Optional.empty();
        }
        String value = asked.get().strip();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.isEmpty() || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiProblem.badRequest("wait must be a whole number of seconds, 0 or more (RFC 7240: Prefer: wait=10);"
                    + " was '" + shown(asked.get()) + "'");
        }
        long cap = Math.max(1, config.poll().maxWait().toSeconds());
        return Optional.of(value.length() > 9 ? cap : Math.min(cap, Long.parseLong(value)));
    }

    private static String shown(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    // RFC 7240 §2: preferences are separated by commas (also across header lines), parameters by ';'.
    private static Optional<String> preferredWait(List<String> prefer) {
        if (prefer == null) {
            return Optional.empty();
        }
        for (String line : prefer) {
            if (line == null || line.length() > 4096) {
                continue;
            }
            for (String preference : line.split(",")) {
                String token = preference.split(";", 2)[0].strip();
                int equals = token.indexOf('=');
                String name = (equals < 0 ? token : token.substring(0, equals)).strip();
                if (name.toLowerCase(Locale.ROOT).equals(WAIT)) {
                    return Optional.of(equals < 0 ? "" : token.substring(equals + 1));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The answer to a GET: {@code read} once, and when the request asks to wait for a change of an
     * answer it already has, held until {@code read} gives another ETag or the wait is over.
     */
    Uni<Response> answer(String organization, Optional<Long> wait, String ifNoneMatch, Supplier<Uni<Read>> read) {
        return read.get().flatMap(first -> {
            if (wait.isEmpty()
                    || wait.get() == 0
                    || first.closed()
                    || !EntityTags.matches(ifNoneMatch, first.rendered().etag())
                    // '*' matches every answer, so no change could ever end the wait.
                    || EntityTags.matches(ifNoneMatch, "")) {
                return Uni.createFrom().item(Response.ok(first.rendered()).build());
            }
            StreamSlots.Slot slot;
            try {
                slot = slots.acquire(organization);
            } catch (StreamSlots.Full full) {
                throw new ApiProblem(
                        Response.Status.SERVICE_UNAVAILABLE,
                        full.getMessage(),
                        Map.of("Retry-After", String.valueOf(BackendUnavailableException.RETRY_SOON_SECONDS)));
            }
            Context context = Vertx.currentContext();
            return Uni.createFrom()
                    .<Response>emitter(emitter -> new Holding(
                                    first,
                                    wait.get(),
                                    ifNoneMatch,
                                    read,
                                    context == null ? vertx.getOrCreateContext() : context,
                                    emitter)
                            .start())
                    .onTermination()
                    .invoke(slot::release);
        });
    }

    /** One held request: its registrations, timers and the read in flight, all let go once it is answered. */
    private final class Holding {

        private final long seconds;
        private final String ifNoneMatch;
        private final Supplier<Uni<Read>> read;
        private final Context context;
        private final UniEmitter<? super Response> emitter;
        private final List<Runnable> releases = new ArrayList<>();
        private Read last;
        private boolean done;
        private boolean reading;
        private boolean again;
        private Cancellable inFlight;

        Holding(
                Read first,
                long seconds,
                String ifNoneMatch,
                Supplier<Uni<Read>> read,
                Context context,
                UniEmitter<? super Response> emitter) {
            this.last = first;
            this.seconds = seconds;
            this.ifNoneMatch = ifNoneMatch;
            this.read = read;
            this.context = context;
            this.emitter = emitter;
        }

        void start() {
            emitter.onTermination(() -> context.runOnContext(ignored -> release()));
            context.runOnContext(ignored -> {
                if (done) {
                    return;
                }
                long deadline = vertx.setTimer(seconds * 1000, ignoredTimer -> onContext(this::expire));
                releases.add(() -> vertx.cancelTimer(deadline));
                releases.add(rows.watch(last.executionId(), () -> onContext(this::wake)));
                last.running()
                        .ifPresent(run -> releases.add(runs.watch(
                                run.namespace(),
                                run.workflowId(),
                                run.runId(),
                                run.historyLength(),
                                () -> onContext(this::wake))));
                long every = Math.max(100, rows.rereadInterval().toMillis());
                long reread = vertx.setPeriodic(
                        every,
                        ignoredTimer -> onContext(() -> {
                            if (!rows.pushed() || last.incomplete()) {
                                wake();
                            }
                        }));
                releases.add(() -> vertx.cancelTimer(reread));
            });
        }

        private void onContext(Runnable action) {
            context.runOnContext(ignored -> action.run());
        }

        private void wake() {
            if (done) {
                return;
            }
            if (reading) {
                again = true;
                return;
            }
            reading = true;
            again = false;
            inFlight = read.get()
                    .subscribe()
                    .with(
                            fresh -> onContext(() -> {
                                reading = false;
                                if (done) {
                                    return;
                                }
                                last = fresh;
                                if (fresh.closed()
                                        || !EntityTags.matches(
                                                ifNoneMatch, fresh.rendered().etag())) {
                                    answer(fresh);
                                } else if (again) {
                                    wake();
                                }
                            }),
                            failure -> onContext(() -> {
                                reading = false;
                                if (!done) {
                                    done = true;
                                    release();
                                    emitter.fail(failure);
                                }
                            }));
        }

        // The wait is over: the answer as it stands (its ETag still matches, so the filter makes it a 304).
        private void expire() {
            if (!done) {
                answer(last);
            }
        }

        private void answer(Read read) {
            done = true;
            release();
            emitter.complete(Response.ok(read.rendered())
                    .header(PREFERENCE_APPLIED, WAIT + "=" + seconds)
                    .build());
        }

        private void release() {
            done = true;
            releases.forEach(Runnable::run);
            releases.clear();
            Cancellable reading = inFlight;
            if (reading != null) {
                reading.cancel();
            }
        }
    }
}
