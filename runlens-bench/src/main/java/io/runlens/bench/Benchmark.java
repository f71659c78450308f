package io.runlens.bench;

import io.runlens.support.FaultProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The benchmark of issue 5 (run by {@code runlens-bench/run}, never by Surefire): real histories of 10 to
 * 10,000 events, the packaged service in the prod profile against the local PostgreSQL and the
 * in-process Temporal service, and for each size p50/p99/throughput at concurrency 1 and 32 of the
 * floors (row alone over HTTP, history alone over gRPC), details cold, warm and 304, and details behind
 * 20 ms of latency on both backends, parallel against sequential. Exits non-zero only if something broke.
 */
public final class Benchmark {

    static final String DETAILS_ROUTE = "/api/v1/executions/{execution_id}/details";
    static final String ROW_ROUTE = "/api/v1/executions/{execution_id}";
    static final int DELAY_MS = 20;
    static final int[] CONCURRENCY = {1, 32};

    record Cell(int size, String scenario, int concurrency, Sample sample) {}

    record Memory(String instance, double before, double after) {}

    private final BenchOptions options;
    private final List<Cell> cells = new ArrayList<>();
    private final List<String> instances = new ArrayList<>();
    private final List<Memory> heapDuringLargest = new ArrayList<>();
    private final Map<String, Long> startToReady = new LinkedHashMap<>();
    private final Map<String, Double> quarkusStarted = new LinkedHashMap<>();
    private final Map<String, String> firstDetails = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private double rssAfterWarmup;
    private double rssAtEnd;
    private double peakRss;
    private String token;

    private Benchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args, Path.of("docs", "benchmarks", "BENCHMARKS.md"));
        try {
            if (options.startupRuns > 0) {
                new Benchmark(options).startupOnly();
            } else {
                new Benchmark(options).run(String.join(" ", args));
            }
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private void run(String arguments) {
        MachineFacts facts = MachineFacts.now();
        System.out.println("Benchmark at " + facts.commit() + "; " + facts.loadAtStart());
        BenchCaller caller = BenchCaller.fresh("bench");
        String organization = caller.organization();
        token = caller.token();
        Path logs = Path.of("runlens-bench", "target", "bench");
        List<BenchBackends.Execution> executions = new ArrayList<>();
        try (BenchBackends backends = new BenchBackends(options.schema, organization)) {
            for (int size : options.sizes) {
                long started = System.nanoTime();
                BenchBackends.Execution execution = backends.closedExecution(size);
                System.out.printf(
                        Locale.ROOT,
                        "history of %d events: workflow %s (%d events in Temporal) in %.1f s%n",
                        size,
                        execution.workflowId(),
                        execution.events(),
                        (System.nanoTime() - started) / 1e9);
                if (execution.events() != size) {
                    throw new IllegalStateException(
                            "asked for " + size + " events, Temporal holds " + execution.events());
                }
                executions.add(execution);
            }

            grpcFloors(backends, executions);

            // Cached (the default): row, warm details, 304s. Start-to-ready and RSS come from this instance.
            try (ServiceProcess service = start(
                    "cached",
                    ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget()),
                    logs,
                    executions.get(0))) {
                for (BenchBackends.Execution execution : executions) {
                    Probe.fullDetails(detailsUrl(service, execution), token, execution.events());
                    Wrk.run(detailsUrl(service, execution), 32, 2, options.warmupSeconds, auth());
                    Wrk.run(rowUrl(service, execution), 32, 2, options.warmupSeconds, auth());
                }
                rssAfterWarmup = service.rssMiB();
                for (BenchBackends.Execution execution : executions) {
                    boolean largest = isLargest(execution);
                    double heapBefore = largest ? service.heapUsedAfterGcMiB() : 0;
                    for (int c : CONCURRENCY) {
                        http(service, execution, "row", rowUrl(service, execution), ROW_ROUTE, c, null, "200");
                    }
                    String etag = Probe.fullDetails(detailsUrl(service, execution), token, execution.events())
                            .etag();
                    for (int c : CONCURRENCY) {
                        http(
                                service,
                                execution,
                                "details warm",
                                detailsUrl(service, execution),
                                DETAILS_ROUTE,
                                c,
                                null,
                                "200");
                    }
                    if (Probe.get(detailsUrl(service, execution), token, etag).status() != 304) {
                        throw new IllegalStateException(
                                "If-None-Match with the ETag of a closed run did not answer 304");
                    }
                    for (int c : CONCURRENCY) {
                        http(
                                service,
                                execution,
                                "details 304",
                                detailsUrl(service, execution),
                                DETAILS_ROUTE,
                                c,
                                etag,
                                "304");
                    }
                    if (largest) {
                        heapDuringLargest.add(new Memory(
                                "cached (the run stays in the cache)", heapBefore, service.heapUsedAfterGcMiB()));
                    }
                }
                rssAtEnd = service.rssMiB();
                peakRss = service.peakRssMiB();
            }

            // Uncached: every details request describes and reads the whole history.
            Map<String, String> uncached =
                    ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget());
            uncached.put("runlens.cache.enabled", "false");
            try (ServiceProcess service = start("uncached", uncached, logs, executions.get(0))) {
                settleJit(service, executions);
                for (BenchBackends.Execution execution : executions) {
                    boolean largest = isLargest(execution);
                    Probe.fullDetails(detailsUrl(service, execution), token, execution.events());
                    double heapBefore = largest ? service.heapUsedAfterGcMiB() : 0;
                    for (int c : CONCURRENCY) {
                        http(
                                service,
                                execution,
                                "details cold",
                                detailsUrl(service, execution),
                                DETAILS_ROUTE,
                                c,
                                null,
                                "200");
                    }
                    if (largest) {
                        heapDuringLargest.add(new Memory("uncached", heapBefore, service.heapUsedAfterGcMiB()));
                    }
                }
            }

            // 20 ms in front of both backends, uncached (a cached closed run would skip Temporal), parallel then
            // sequential.
            delayed(backends, executions, "parallel", logs);
            delayed(backends, executions, "sequential", logs);
        }
        String report = report(facts, executions, arguments);
        System.out.println(report);
        MarkdownReport.write(options.out, "Benchmarks", report);
        System.out.println("written to " + options.out);
        if (!failures.isEmpty()) {
            throw new IllegalStateException("cells that broke: " + failures);
        }
    }

    private boolean isLargest(BenchBackends.Execution execution) {
        return execution.size()
                == options.sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    private void grpcFloors(BenchBackends backends, List<BenchBackends.Execution> executions) {
        try (GrpcLoop direct = new GrpcLoop(backends.temporalTarget());
                FaultProxy proxy = new FaultProxy("127.0.0.1", backends.temporalPort());
                GrpcLoop delayed = new GrpcLoop("127.0.0.1:" + proxy.port())) {
            proxy.delayMillis(DELAY_MS);
            for (BenchBackends.Execution execution : executions) {
                for (int c : CONCURRENCY) {
                    grpc(execution, "history", c, () -> direct.history(execution.workflowId(), execution.runId()));
                    grpc(execution, "describe+history", c, () -> direct.describeThenHistory(execution.workflowId()));
                    grpc(
                            execution,
                            "describe+history +20ms",
                            c,
                            () -> delayed.describeThenHistory(execution.workflowId()));
                }
            }
        }
    }

    private void grpc(
            BenchBackends.Execution execution,
            String scenario,
            int concurrency,
            Supplier<com.google.common.util.concurrent.ListenableFuture<?>> call) {
        Sample sample = GrpcLoop.measure(call, concurrency, options.warmupSeconds, options.seconds);
        record(new Cell(execution.size(), scenario, concurrency, sample));
    }

    /**
     * {@code --instance-warmup N}: N seconds of details at c=32 per size before an uncached instance's
     * cells. On 2 cores the JIT competes with the load for minutes; without this the first cold cells
     * measure the compiler as much as the service.
     */
    private void settleJit(ServiceProcess service, List<BenchBackends.Execution> executions) {
        if (options.instanceWarmupSeconds <= 0) {
            return;
        }
        for (BenchBackends.Execution execution : executions) {
            Wrk.run(detailsUrl(service, execution), 32, 2, options.instanceWarmupSeconds, auth());
        }
    }

    private void delayed(BenchBackends backends, List<BenchBackends.Execution> executions, String mode, Path logs) {
        try (FaultProxy database = new FaultProxy(BenchBackends.DB_HOST, BenchBackends.DB_PORT);
                FaultProxy temporal = new FaultProxy("127.0.0.1", backends.temporalPort())) {
            Map<String, String> config =
                    ServiceConfig.against(backends, database.port(), "127.0.0.1:" + temporal.port());
            config.put("runlens.cache.enabled", "false");
            config.put("runlens.api.fetch-mode", mode);
            try (ServiceProcess service = start("uncached-20ms-" + mode, config, logs, executions.get(0))) {
                // Connections and statement caches are made without delay, as a running service has them.
                for (BenchBackends.Execution execution : executions) {
                    Probe.fullDetails(detailsUrl(service, execution), token, execution.events());
                }
                settleJit(service, executions);
                database.delayMillis(DELAY_MS);
                temporal.delayMillis(DELAY_MS);
                for (BenchBackends.Execution execution : executions) {
                    for (int c : CONCURRENCY) {
                        if (mode.equals("parallel")) {
                            http(
                                    service,
                                    execution,
                                    "row +20ms",
                                    rowUrl(service, execution),
                                    ROW_ROUTE,
                                    c,
                                    null,
                                    "200");
                        }
                        http(
                                service,
                                execution,
                                "details +20ms " + mode,
                                detailsUrl(service, execution),
                                DETAILS_ROUTE,
                                c,
                                null,
                                "200");
                    }
                }
            }
        }
    }

    private ServiceProcess start(String name, Map<String, String> config, Path logs, BenchBackends.Execution first) {
        ServiceProcess service = ServiceProcess.start(name, options, config, logs);
        instances.add(name);
        startToReady.put(name, service.startToReadyMillis());
        quarkusStarted.put(name, service.quarkusStartedSeconds());
        firstDetails.put(name, firstAnswer(service, detailsUrl(service, first)));
        System.out.printf(
                Locale.ROOT,
                "%s: ready %d ms after spawn (Quarkus: started in %.3f s), pid %d; first details: %s%n",
                name,
                service.startToReadyMillis(),
                service.quarkusStartedSeconds(),
                service.pid(),
                firstDetails.get(name));
        return service;
    }

    /**
     * The first details request after ready, timed (class loading, HQL translation and JIT happen
     * here), then requests until one succeeds: a slow first answer is a finding, not a broken run.
     */
    private String firstAnswer(ServiceProcess service, String url) {
        long sent = System.nanoTime();
        int status = Probe.get(url, token, null).status();
        String first = String.format(Locale.ROOT, "%d in %d ms", status, (System.nanoTime() - sent) / 1_000_000);
        long until = System.nanoTime() + 60_000_000_000L;
        while (status != 200) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(
                        service.name() + " answered no details with 200 within 60 s of being ready");
            }
            BenchClock.pause(200);
            status = Probe.get(url, token, null).status();
        }
        return first;
    }

    private List<String> auth() {
        return List.of("Authorization: Bearer " + token);
    }

    /**
     * A warmed-up wrk cell, checked against the service's own request counters: every request of the
     * measured run must have had {@code expectedStatus}, else the cell counts the others as errors.
     */
    private void http(
            ServiceProcess service,
            BenchBackends.Execution execution,
            String scenario,
            String url,
            String route,
            int concurrency,
            String ifNoneMatch,
            String expectedStatus) {
        try {
            measureHttp(service, execution, scenario, url, route, concurrency, ifNoneMatch, expectedStatus);
        } catch (RuntimeException e) {
            // One broken cell is reported in its row and fails the run at the end; the other cells still count.
            failures.add(execution.size() + " events, " + scenario + ", c=" + concurrency + ": " + e);
            record(new Cell(
                    execution.size(),
                    scenario,
                    concurrency,
                    new Sample(Double.NaN, Double.NaN, Double.NaN, 0, 1, "broke: " + e.getMessage())));
        }
    }

    private void measureHttp(
            ServiceProcess service,
            BenchBackends.Execution execution,
            String scenario,
            String url,
            String route,
            int concurrency,
            String ifNoneMatch,
            String expectedStatus) {
        List<String> headers = new ArrayList<>(auth());
        if (ifNoneMatch != null) {
            headers.add("If-None-Match: " + ifNoneMatch);
        }
        int threads = concurrency == 1 ? 1 : 2;
        Wrk.run(url, concurrency, threads, options.warmupSeconds, headers);
        Map<String, Long> before = service.drained(route);
        Sample sample = Wrk.run(url, concurrency, threads, options.seconds, headers);
        Map<String, Long> after = service.drained(route);
        long expected = after.getOrDefault(expectedStatus, 0L) - before.getOrDefault(expectedStatus, 0L);
        // Requests still in flight when wrk stops are cut by the client; the service records those apart from real
        // statuses.
        Map<String, Long> others = new LinkedHashMap<>();
        after.forEach((status, count) -> {
            long delta = count - before.getOrDefault(status, 0L);
            if (!status.equals(expectedStatus) && delta > 0) {
                others.put(status, delta);
            }
        });
        long wrong = others.entrySet().stream()
                .filter(entry -> entry.getKey().matches("[1-5][0-9][0-9]"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        if (wrong > 0 || expected < sample.requests()) {
            sample = new Sample(
                    sample.p50Millis(),
                    sample.p99Millis(),
                    sample.requestsPerSecond(),
                    sample.requests(),
                    sample.errors() + wrong,
                    "service counted " + expected + " × " + expectedStatus + " and " + others + " for "
                            + sample.requests() + " requests");
        }
        record(new Cell(execution.size(), scenario, concurrency, sample));
    }

    private void record(Cell cell) {
        cells.add(cell);
        Sample s = cell.sample();
        System.out.printf(
                Locale.ROOT,
                "%6d events  %-28s c=%-2d  p50 %9.2f ms  p99 %9.2f ms  %9.1f req/s  (%d requests, %d errors) %s%n",
                cell.size(),
                cell.scenario(),
                cell.concurrency(),
                s.p50Millis(),
                s.p99Millis(),
                s.requestsPerSecond(),
                s.requests(),
                s.errors(),
                s.note());
    }

    private Optional<Sample> find(int size, String scenario, int concurrency) {
        return cells.stream()
                .filter(c -> c.size() == size && c.scenario().equals(scenario) && c.concurrency() == concurrency)
                .map(Cell::sample)
                .findFirst();
    }

    private String report(MachineFacts facts, List<BenchBackends.Execution> executions, String arguments) {
        StringBuilder md = new StringBuilder();
        md.append("## Run of ").append(facts.date()).append("\n\n");
        md.append("Command: `runlens-bench/run")
                .append(arguments.isBlank() ? "" : " " + arguments)
                .append("`")
                .append(" (")
                .append(options.seconds)
                .append(" s per cell after ")
                .append(options.warmupSeconds)
                .append(" s of warm-up")
                .append(
                        options.instanceWarmupSeconds > 0
                                ? ", and " + options.instanceWarmupSeconds
                                        + " s of details per size given to each uncached instance before its cells"
                                : "")
                .append("; HTTP load by `wrk --latency`, `-c1 -t1` and `-c32 -t2`; gRPC by a closed loop of")
                .append(" `futureStub()` calls)\n\n");
        md.append(facts.markdown()).append("\n");
        md.append("Service JVM options: `")
                .append(String.join(" ", options.jvmOptions))
                .append("`, `MALLOC_ARENA_MAX=")
                .append(options.mallocArenas > 0 ? String.valueOf(options.mallocArenas) : "(glibc default)")
                .append("`\n\n");
        md.append("Histories (real `SizedHistory` runs on the in-process Temporal service, closed): ");
        md.append(String.join(
                        ", ",
                        executions.stream().map(e -> e.events() + " events").toList()))
                .append(".\n\n");

        md.append("### Latency and throughput\n\n");
        md.append(
                "| Events | Scenario | c | p50 ms | p99 ms | req/s | errors |\n|---:|---|---:|---:|---:|---:|---:|\n");
        for (Cell cell : cells) {
            Sample s = cell.sample();
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %s | %s | %s | %d%s |%n",
                    cell.size(),
                    cell.scenario(),
                    cell.concurrency(),
                    ms(s.p50Millis()),
                    ms(s.p99Millis()),
                    rate(s.requestsPerSecond()),
                    s.errors(),
                    s.note().isEmpty() ? "" : " (" + s.note() + ")"));
        }
        md.append(
                        "\n`row`: `GET /api/v1/executions/{id}` (PostgreSQL only). `history`: `GetWorkflowExecutionHistory` alone;")
                .append(
                        " `describe+history`: describe, then the history of the run it names (what the Temporal branch of")
                .append(
                        " details does), both from a direct gRPC client. `details cold`: cache off; `warm`: closed run cached;")
                .append(
                        " `304`: `If-None-Match` with the answer's ETag. `+20ms`: a TCP proxy delays every chunk sent to")
                .append(" PostgreSQL and to Temporal by 20 ms (cache off).\n\n");

        md.append("### Ratios\n\n");
        md.append(
                "| Events | c | cold details / max(row, history) | cold details / max(row, describe+history) | warm details / max(row, history) | warm req/s ÷ cold | 304 req/s ÷ cold | +20ms parallel p50 | +20ms sequential p50 |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchBackends.Execution execution : executions) {
            int size = execution.size();
            for (int c : CONCURRENCY) {
                md.append("| ")
                        .append(size)
                        .append(" | ")
                        .append(c)
                        .append(" | ")
                        .append(ratio(size, "details cold", c, "history"))
                        .append(" | ")
                        .append(ratio(size, "details cold", c, "describe+history"))
                        .append(" | ")
                        .append(ratio(size, "details warm", c, "history"))
                        .append(" | ")
                        .append(throughputRatio(size, "details warm", c))
                        .append(" | ")
                        .append(throughputRatio(size, "details 304", c))
                        .append(" | ")
                        .append(find(size, "details +20ms parallel", c)
                                .map(s -> ms(s.p50Millis()) + " ms")
                                .orElse("–"))
                        .append(" | ")
                        .append(find(size, "details +20ms sequential", c)
                                .map(s -> ms(s.p50Millis()) + " ms")
                                .orElse("–"))
                        .append(" |\n");
            }
        }

        md.append("\n### Start-up and memory\n\n");
        md.append(
                "| Instance | spawn to `/q/health/ready` 200 | Quarkus \"started in\" | first details request after ready |\n|---|---:|---:|---|\n");
        for (String instance : instances) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d ms | %.3f s | %s |%n",
                    instance,
                    startToReady.get(instance),
                    quarkusStarted.get(instance),
                    firstDetails.get(instance)));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nRSS of the cached instance: %.0f MiB after warm-up (every size, details and row,"
                        + " c=32), %.0f MiB at the end of its cells, peak (VmHWM) %.0f MiB.%n%n",
                rssAfterWarmup,
                rssAtEnd,
                peakRss));
        md.append(
                "| Heap in use after a full GC (jcmd GC.run, jstat) | before the largest history's cells | after | growth |\n|---|---:|---:|---:|\n");
        for (Memory memory : heapDuringLargest) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f MiB | %.1f MiB | %+.1f MiB |%n",
                    memory.instance(),
                    memory.before(),
                    memory.after(),
                    memory.after() - memory.before()));
        }

        md.append("\n### Targets\n\n| Target | Measured | |\n|---|---|---|\n");
        targets(md);
        return md.toString();
    }

    private void targets(StringBuilder md) {
        find(100, "details cold", 1).ifPresent(cold -> {
            double floor = Math.max(
                    find(100, "row", 1).map(Sample::p50Millis).orElse(Double.NaN),
                    find(100, "history", 1).map(Sample::p50Millis).orElse(Double.NaN));
            target(
                    md,
                    "100 events, c=1: cold details p50 ≤ 1.2 × max(row p50, history p50)",
                    ms(cold.p50Millis()) + " ms vs 1.2 × " + ms(floor) + " ms = " + ms(1.2 * floor) + " ms (ratio "
                            + String.format(Locale.ROOT, "%.2f", cold.p50Millis() / floor) + ")",
                    cold.p50Millis() <= 1.2 * floor);
        });
        find(100, "details +20ms parallel", 1).ifPresent(parallel -> {
            Optional<Sample> sequential = find(100, "details +20ms sequential", 1);
            target(
                    md,
                    "100 events, c=1, 20 ms on both backends: details p50 ≤ 25 ms (sequential ≥ 40 ms)",
                    ms(parallel.p50Millis()) + " ms parallel, "
                            + sequential.map(s -> ms(s.p50Millis())).orElse("–") + " ms sequential",
                    parallel.p50Millis() <= 25);
        });
        for (int size : options.sizes) {
            Optional<Sample> cold = find(size, "details cold", 32);
            Optional<Sample> warm = find(size, "details warm", 32);
            Optional<Sample> notModified = find(size, "details 304", 32);
            if (cold.isPresent() && warm.isPresent() && notModified.isPresent()) {
                double warmRatio = warm.get().requestsPerSecond() / cold.get().requestsPerSecond();
                double notModifiedRatio =
                        notModified.get().requestsPerSecond() / cold.get().requestsPerSecond();
                target(
                        md,
                        size + " events, c=32: warm details throughput ≥ 5 × cold",
                        String.format(Locale.ROOT, "%.1f ×", warmRatio),
                        warmRatio >= 5);
                target(
                        md,
                        size + " events, c=32: 304 throughput ≥ 10 × cold",
                        String.format(Locale.ROOT, "%.1f ×", notModifiedRatio),
                        notModifiedRatio >= 10);
            }
        }
        int largest = options.sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        find(largest, "details cold", 1)
                .ifPresent(cold -> target(
                        md,
                        largest + " events: details p50 < 500 ms (cold, c=1)",
                        ms(cold.p50Millis()) + " ms",
                        cold.p50Millis() < 500));
        for (Memory memory : heapDuringLargest) {
            double growth = memory.after() - memory.before();
            target(
                    md,
                    largest + " events: heap growth < 64 MB (" + memory.instance() + ")",
                    String.format(Locale.ROOT, "%+.1f MiB", growth),
                    growth < 64 * 1_000_000 / 1_048_576.0);
        }
        Long ready = startToReady.get("cached");
        if (ready != null) {
            target(md, "packaged JVM app start-to-ready < 2 s", ready + " ms (cached instance)", ready < 2000);
        }
        target(
                md,
                "RSS after warm-up < 200 MB",
                String.format(Locale.ROOT, "%.0f MiB (%.0f MB)", rssAfterWarmup, rssAfterWarmup * 1.048576),
                rssAfterWarmup * 1.048576 < 200);
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ")
                .append(target)
                .append(" | ")
                .append(measured)
                .append(" | ")
                .append(met ? "met" : "**not met**")
                .append(" |\n");
    }

    private String ratio(int size, String scenario, int c, String floorScenario) {
        Optional<Sample> details = find(size, scenario, c);
        Optional<Sample> row = find(size, "row", c);
        Optional<Sample> floor = find(size, floorScenario, c);
        if (details.isEmpty() || row.isEmpty() || floor.isEmpty()) {
            return "–";
        }
        return String.format(
                Locale.ROOT,
                "%.2f",
                details.get().p50Millis()
                        / Math.max(row.get().p50Millis(), floor.get().p50Millis()));
    }

    private String throughputRatio(int size, String scenario, int c) {
        Optional<Sample> fast = find(size, scenario, c);
        Optional<Sample> cold = find(size, "details cold", c);
        if (fast.isEmpty() || cold.isEmpty()) {
            return "–";
        }
        return String.format(
                Locale.ROOT, "%.1f", fast.get().requestsPerSecond() / cold.get().requestsPerSecond());
    }

    private static String ms(double millis) {
        return millis >= 100
                ? String.format(Locale.ROOT, "%.0f", millis)
                : millis >= 10
                        ? String.format(Locale.ROOT, "%.1f", millis)
                        : String.format(Locale.ROOT, "%.2f", millis);
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    static String detailsUrl(ServiceProcess service, BenchBackends.Execution execution) {
        return service.baseUrl() + "/api/v1/executions/" + execution.workflowId() + "/details";
    }

    static String rowUrl(ServiceProcess service, BenchBackends.Execution execution) {
        return service.baseUrl() + "/api/v1/executions/" + execution.workflowId();
    }

    /**
     * Start-up experiments: the cached instance started {@code --startup-only N} times with {@code --jvm},
     * each timed to ready, warmed up on every size, then its RSS and heap after GC.
     */
    private void startupOnly() {
        BenchCaller caller = BenchCaller.fresh("bench");
        String organization = caller.organization();
        token = caller.token();
        try (BenchBackends backends = new BenchBackends(options.schema, organization)) {
            List<BenchBackends.Execution> executions = new ArrayList<>();
            for (int size : options.sizes) {
                executions.add(backends.closedExecution(size));
            }
            for (int i = 0; i < options.startupRuns; i++) {
                try (ServiceProcess service = ServiceProcess.start(
                        "startup-" + i,
                        options,
                        ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget()),
                        Path.of("runlens-bench", "target", "bench"))) {
                    double rssAtReady = service.rssMiB();
                    String first = firstAnswer(service, detailsUrl(service, executions.get(0)));
                    for (BenchBackends.Execution execution : executions) {
                        Probe.fullDetails(detailsUrl(service, execution), token, execution.events());
                        Wrk.run(detailsUrl(service, execution), 32, 2, options.warmupSeconds, auth());
                        Wrk.run(rowUrl(service, execution), 32, 2, options.warmupSeconds, auth());
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "start %d: ready %d ms after spawn (Quarkus %.3f s), first details %s; RSS %.0f MiB at ready, %.0f MiB after warm-up,"
                                    + " peak %.0f MiB; heap after GC %.1f MiB of %.0f MiB committed%n",
                            i,
                            service.startToReadyMillis(),
                            service.quarkusStartedSeconds(),
                            first,
                            rssAtReady,
                            service.rssMiB(),
                            service.peakRssMiB(),
                            service.heapUsedAfterGcMiB(),
                            service.heapCommittedMiB());
                    if (options.jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:NativeMemoryTracking"))) {
                        System.out.println(ServiceProcess.run(
                                "jcmd", String.valueOf(service.pid()), "VM.native_memory", "summary"));
                    }
                }
            }
        }
    }
}
