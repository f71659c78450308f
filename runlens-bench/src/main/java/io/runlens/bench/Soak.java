package io.runlens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.runlens.support.FaultProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The soak of issue 6 (run by {@code runlens-bench/soak}): the packaged service behind a fault proxy on each
 * backend, an open-loop stream of mixed requests at a steady rate (each request starts on schedule,
 * whether or not earlier ones returned, so a stall shows as latency), and a schedule of faults with
 * healthy stretches between them. Every answer is classified; anything but a full 200, a 304, a
 * partial 200 ({@code sources.temporal = unavailable}) or a 503 with {@code Retry-After} is unexpected.
 */
public final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One stretch of the schedule: which backend is broken, and how. */
    record Phase(String name, String backend, String fault) {}

    /** What each answer was, per phase. */
    static final class Tally {
        final Map<String, LongAdder> kinds = new ConcurrentHashMap<>();
        final ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toNanos(5), 3);

        void add(String kind, long nanos) {
            kinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
            latency.recordValue(Math.min(nanos, TimeUnit.MINUTES.toNanos(5)));
        }

        long count() {
            return latency.getTotalCount();
        }
    }

    record HeapSample(double minute, double usedMiB) {}

    private final BenchOptions options;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Tally overall = new Tally();
    private final List<Tally> perPhase = new ArrayList<>();
    private final Map<String, String> unexpectedExamples = new ConcurrentHashMap<>();
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong maxInFlight = new AtomicLong();
    private String token;

    private Soak(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args, Path.of("docs", "benchmarks", "RELIABILITY.md"));
        if (!List.of(args).contains("--schema")) {
            options.schema = "runlens_soak";
        }
        try {
            new Soak(options).run(String.join(" ", args));
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    static List<Phase> schedule() {
        List<Phase> faults = new ArrayList<>();
        for (String backend : List.of("PostgreSQL", "Temporal")) {
            for (String fault : List.of("slow", "stalled", "reset", "blackhole", "cut", "down")) {
                faults.add(new Phase(backend + " " + fault, backend, fault));
            }
        }
        List<Phase> phases = new ArrayList<>();
        phases.add(new Phase("healthy", "", ""));
        for (Phase fault : faults) {
            phases.add(fault);
            phases.add(new Phase("healthy", "", ""));
        }
        return phases;
    }

    private static void apply(Phase phase, FaultProxy database, FaultProxy temporal) {
        database.heal();
        temporal.heal();
        if (phase.backend().isEmpty()) {
            return;
        }
        FaultProxy proxy = phase.backend().equals("PostgreSQL") ? database : temporal;
        switch (phase.fault()) {
            case "slow" -> proxy.delayMillis(100);
            // Past the row query's 3 s timeout, and past Temporal's 5 s call timeout.
            case "stalled" -> proxy.delayMillis(phase.backend().equals("PostgreSQL") ? 4000 : 6000);
            case "reset" -> proxy.mode(FaultProxy.Mode.RESET);
            case "blackhole" -> proxy.mode(FaultProxy.Mode.BLACKHOLE);
            case "cut" -> proxy.mode(FaultProxy.Mode.CUT);
            case "down" -> proxy.mode(FaultProxy.Mode.DOWN);
            default -> throw new IllegalArgumentException(phase.fault());
        }
    }

    private void run(String arguments) {
        MachineFacts facts = MachineFacts.now();
        System.out.println("Soak at " + facts.commit() + "; " + facts.loadAtStart());
        BenchCaller caller = BenchCaller.fresh("soak");
        String organization = caller.organization();
        token = caller.token();
        List<Phase> phases = schedule();
        long phaseNanos = TimeUnit.MINUTES.toNanos(options.minutes) / phases.size();
        List<HeapSample> heap = new ArrayList<>();
        double heapBefore;
        double heapAfter;
        double rssBefore;
        double rssAfter;
        try (BenchBackends backends = new BenchBackends(options.schema, organization);
                FaultProxy database = new FaultProxy(BenchBackends.DB_HOST, BenchBackends.DB_PORT);
                FaultProxy temporal = new FaultProxy("127.0.0.1", backends.temporalPort())) {
            List<BenchBackends.Execution> closed = new ArrayList<>();
            for (int size : List.of(10, 100, 1000)) {
                closed.add(backends.closedExecution(size));
            }
            List<UUID> running = List.of(
                    backends.runningExecution(options.minutes + 5), backends.runningExecution(options.minutes + 5));
            backends.pendingRow();
            Map<String, String> config =
                    ServiceConfig.against(backends, database.port(), "127.0.0.1:" + temporal.port());
            try (ServiceProcess service =
                    ServiceProcess.start("soak", options, config, Path.of("runlens-bench", "target", "bench"))) {
                System.out.printf(
                        Locale.ROOT, "service ready in %d ms, pid %d%n", service.startToReadyMillis(), service.pid());
                List<Request> mix = mix(service.baseUrl(), closed, running);
                // Warm-up at the same rate, healthy, not counted.
                drive(mix, TimeUnit.SECONDS.toNanos(options.quick ? 5 : 30), null);
                heapBefore = service.heapUsedAfterGcMiB();
                rssBefore = service.rssMiB();
                heap.add(new HeapSample(0, heapBefore));
                long start = System.nanoTime();
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                long every = options.quick ? 10 : 60;
                sampler.scheduleAtFixedRate(
                        () -> {
                            double used = service.heapUsedAfterGcMiB();
                            synchronized (heap) {
                                heap.add(new HeapSample((System.nanoTime() - start) / 6e10, used));
                            }
                        },
                        every,
                        every,
                        TimeUnit.SECONDS);
                for (int i = 0; i < phases.size(); i++) {
                    Phase phase = phases.get(i);
                    apply(phase, database, temporal);
                    Tally tally = new Tally();
                    perPhase.add(tally);
                    System.out.printf(Locale.ROOT, "%5.1f min  %s%n", (System.nanoTime() - start) / 6e10, phase.name());
                    drive(mix, phaseNanos, tally);
                }
                database.heal();
                temporal.heal();
                sampler.shutdown();
                awaitQuiet();
                heapAfter = service.heapUsedAfterGcMiB();
                rssAfter = service.rssMiB();
                synchronized (heap) {
                    heap.add(new HeapSample((System.nanoTime() - start) / 6e10, heapAfter));
                }
            }
        }
        String report = report(facts, arguments, phases, heap, heapBefore, heapAfter, rssBefore, rssAfter);
        System.out.println(report);
        MarkdownReport.write(options.out, "Reliability", report);
        System.out.println("written to " + options.out);
    }

    /** One kind of request of the mix. */
    record Request(String kind, URI uri, Optional<String> ifNoneMatch, boolean hasTemporalPart) {}

    private List<Request> mix(String base, List<BenchBackends.Execution> closed, List<UUID> running) {
        List<Request> mix = new ArrayList<>();
        for (BenchBackends.Execution execution : closed) {
            String details = base + "/api/v1/executions/" + execution.id() + "/details";
            String etag = Probe.fullDetails(details, token, execution.events()).etag();
            mix.add(new Request(
                    "row", URI.create(base + "/api/v1/executions/" + execution.id()), Optional.empty(), false));
            mix.add(new Request("details (closed)", URI.create(details), Optional.empty(), true));
            mix.add(new Request("details 304", URI.create(details), Optional.of(etag), true));
            mix.add(new Request(
                    "steps (closed)",
                    URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions/"
                            + execution.id()),
                    Optional.empty(),
                    true));
        }
        for (UUID id : running) {
            mix.add(new Request(
                    "details (running)",
                    URI.create(base + "/api/v1/executions/" + id + "/details"),
                    Optional.empty(),
                    true));
            mix.add(new Request(
                    "details (running)",
                    URI.create(base + "/api/v1/executions/" + id + "/details?recent_events=50"),
                    Optional.empty(),
                    true));
            mix.add(new Request(
                    "steps (running)",
                    URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions/" + id),
                    Optional.empty(),
                    true));
        }
        mix.add(new Request("list", URI.create(base + "/api/v1/executions?limit=20"), Optional.empty(), false));
        mix.add(new Request(
                "list",
                URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions?limit=5"),
                Optional.empty(),
                false));
        return mix;
    }

    /** Sends the mix round-robin at {@code options.rate} per second for {@code nanos}, open loop. */
    private void drive(List<Request> mix, long nanos, Tally tally) {
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rate;
        long start = System.nanoTime();
        long count = nanos / interval;
        for (long i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                // Pacing the schedule: requests start at their time, not when earlier ones return.
                BenchClock.pause(TimeUnit.NANOSECONDS.toMillis(wait));
            }
            Request request = mix.get((int) (Math.floorMod(i * 7919L, mix.size())));
            send(request, due, tally);
        }
    }

    private void send(Request request, long due, Tally tally) {
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
            String kind = failure != null
                    ? "unexpected: client " + rootCause(failure).getClass().getSimpleName()
                    : classify(request, answer);
            if (kind.startsWith("unexpected")) {
                unexpectedExamples.putIfAbsent(
                        kind + " on " + request.kind(),
                        failure != null
                                ? String.valueOf(rootCause(failure))
                                : new String(answer.body(), 0, Math.min(300, answer.body().length)));
            }
            tally.add(kind, nanos);
            overall.add(kind, nanos);
        });
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String classify(Request request, HttpResponse<byte[]> answer) {
        int status = answer.statusCode();
        if (status == 304) {
            return request.ifNoneMatch().isPresent() ? "304 not modified" : "unexpected: 304 without If-None-Match";
        }
        if (status == 503) {
            Optional<String> retryAfter = answer.headers().firstValue("Retry-After");
            boolean problem =
                    answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            return retryAfter.filter(value -> value.matches("[1-9][0-9]*")).isPresent() && problem
                    ? "503 with Retry-After"
                    : "unexpected: 503 without Retry-After or problem+json";
        }
        if (status != 200) {
            return "unexpected: status " + status;
        }
        if (!request.hasTemporalPart()) {
            return "200 full";
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            String temporal = body.path("sources").path("temporal").asText();
            return switch (temporal) {
                case "ok" -> "200 full";
                case "unavailable" -> "200 partial (Temporal unavailable)";
                default -> "unexpected: 200 with sources.temporal=" + temporal;
            };
        } catch (java.io.IOException e) {
            return "unexpected: 200 with a body that is not JSON";
        }
    }

    private void awaitQuiet() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight.get() > 0 && System.nanoTime() < until) {
            BenchClock.pause(100);
        }
    }

    private String report(
            MachineFacts facts,
            String arguments,
            List<Phase> phases,
            List<HeapSample> heap,
            double heapBefore,
            double heapAfter,
            double rssBefore,
            double rssAfter) {
        StringBuilder md = new StringBuilder();
        md.append("## Soak of ").append(facts.date()).append("\n\n");
        md.append("Command: `runlens-bench/soak")
                .append(arguments.isBlank() ? "" : " " + arguments)
                .append("` (")
                .append(options.minutes)
                .append(" min at ")
                .append(options.rate)
                .append(" requests/s, open loop; a fault proxy in front of each backend)\n\n");
        md.append(facts.markdown()).append("\n");
        md.append("Service JVM options: `")
                .append(String.join(" ", options.jvmOptions))
                .append("`, `MALLOC_ARENA_MAX=")
                .append(options.mallocArenas > 0 ? String.valueOf(options.mallocArenas) : "(glibc default)")
                .append(
                        "`; configuration: production defaults (cache on, deadlines and breakers as in docs/configuration.md).\n\n");
        long total = overall.count();
        long unexpected = overall.kinds.entrySet().stream()
                .filter(e -> e.getKey().startsWith("unexpected"))
                .mapToLong(e -> e.getValue().sum())
                .sum();
        md.append(String.format(
                Locale.ROOT,
                "**%d requests, %d unexpected.** p50 %.1f ms, p99 %.1f ms, max %.0f ms"
                        + " (from each request's scheduled start); at most %d requests in flight.%n%n",
                total,
                unexpected,
                overall.latency.getValueAtPercentile(50) / 1e6,
                overall.latency.getValueAtPercentile(99) / 1e6,
                overall.latency.getMaxValue() / 1e6,
                maxInFlight.get()));
        md.append("| Answer | Count |\n|---|---:|\n");
        new TreeMap<>(overall.kinds)
                .forEach((kind, count) -> md.append("| ")
                        .append(kind)
                        .append(" | ")
                        .append(count.sum())
                        .append(" |\n"));
        if (!unexpectedExamples.isEmpty()) {
            md.append("\nFirst unexpected answer of each kind:\n\n");
            new TreeMap<>(unexpectedExamples)
                    .forEach((kind, example) -> md.append("- ")
                            .append(kind)
                            .append(": `")
                            .append(example.replace('`', '\'').replace('\n', ' '))
                            .append("`\n"));
        }
        md.append(
                "\n### Per phase\n\n| # | Phase | Requests | 200 full | 304 | 200 partial | 503 + Retry-After | unexpected | p99 ms |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int i = 0; i < perPhase.size(); i++) {
            Tally tally = perPhase.get(i);
            long unexpectedHere = tally.kinds.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("unexpected"))
                    .mapToLong(e -> e.getValue().sum())
                    .sum();
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %d | %d | %d | %d | %d | %.0f |%n",
                    i + 1,
                    phases.get(i).name(),
                    tally.count(),
                    kind(tally, "200 full"),
                    kind(tally, "304 not modified"),
                    kind(tally, "200 partial (Temporal unavailable)"),
                    kind(tally, "503 with Retry-After"),
                    unexpectedHere,
                    tally.latency.getValueAtPercentile(99) / 1e6));
        }
        md.append(
                        "\nFaults: `slow` adds 100 ms to every chunk sent to the backend; `stalled` 4 s (PostgreSQL, past the 3 s")
                .append(
                        " query timeout) or 6 s (Temporal, past the 5 s call timeout); `reset` resets every connection;")
                .append(
                        " `blackhole` accepts connections and holds every byte until the phase ends, as a network partition does; `cut` cuts each answer halfway; `down` closes and refuses connections.\n");
        md.append("\n### Memory\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Heap in use after a full GC: %.1f MiB before (after warm-up), %.1f MiB after (%+.1f MiB)."
                        + " RSS %.0f MiB before, %.0f MiB after.%n%n",
                heapBefore,
                heapAfter,
                heapAfter - heapBefore,
                rssBefore,
                rssAfter));
        md.append("| Minute | Heap after GC (MiB) |\n|---:|---:|\n");
        synchronized (heap) {
            for (HeapSample sample : heap) {
                md.append(String.format(Locale.ROOT, "| %.1f | %.1f |%n", sample.minute(), sample.usedMiB()));
            }
            md.append(String.format(
                    Locale.ROOT, "%nLeast-squares slope of those samples: %+.2f MiB per minute.%n", slope(heap)));
        }
        return md.toString();
    }

    private static long kind(Tally tally, String kind) {
        LongAdder count = tally.kinds.get(kind);
        return count == null ? 0 : count.sum();
    }

    private static double slope(List<HeapSample> samples) {
        double n = samples.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (HeapSample s : samples) {
            sx += s.minute();
            sy += s.usedMiB();
            sxx += s.minute() * s.minute();
            sxy += s.minute() * s.usedMiB();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }
}
