package io.runlens.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's load: the mix sent round-robin at a steady rate, open loop. Each request starts on
 * schedule whether or not earlier ones returned, and its latency counts from that scheduled start, so
 * a stalled service shows as latency and requests in flight, not as a politely slower client. Every
 * answer goes to the phase's tally and the overall one; the first unexpected answer of each kind is
 * kept as an example.
 */
final class OpenLoop {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int rate;
    private final String token;
    private final Tally overall = new Tally();
    private final Map<String, String> unexpectedExamples = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();

    OpenLoop(int rate, String token) {
        this.rate = rate;
        this.token = token;
    }

    /**
     * Sends the mix round-robin at {@code rate} per second for {@code nanos}; with a null tally the answers
     * count nowhere (the warm-up).
     */
    void drive(List<RequestMix.Request> mix, long nanos, Tally tally) {
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        long start = System.nanoTime();
        long count = nanos / interval;
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // Pacing the schedule: requests start at their time, not when earlier ones return.
                BenchClock.pause(TimeUnit.NANOSECONDS.toMillis(wait));
            }
            RequestMix.Request request = mix.get((int) (Math.floorMod(i * 7919L, mix.size())));
            send(request, due, tally);
        }
    }

    /** Waits up to a minute for the requests still in flight to be answered. */
    void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            BenchClock.pause(100);
        }
    }

    Tally overall() {
        return overall;
    }

    Map<String, String> unexpectedExamples() {
        return unexpectedExamples;
    }

    long maxInFlight() {
        return maxInFlight.get();
    }

    private void send(RequestMix.Request request, long due, Tally tally) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        request.ifNoneMatch().ifPresent(etag -> builder.header("If-None-Match", etag));
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray()).whenComplete((answer, failure) -> {
            inFlight.decrementAndGet();
            long nanos = System.nanoTime() - due;
            if (tally == null) {
                return;
            }
            String kind = failure != null ? Answers.failed(failure) : Answers.classify(request, answer);
            if (kind.startsWith("unexpected")) {
                unexpectedExamples.putIfAbsent(
                        kind + " on " + request.kind(),
                        failure != null
                                ? String.valueOf(Answers.rootCause(failure))
                                : new String(answer.body(), 0, Math.min(300, answer.body().length)));
            }
            tally.add(kind, nanos);
            overall.add(kind, nanos);
        });
    }
}
