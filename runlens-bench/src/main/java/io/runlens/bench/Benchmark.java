package io.runlens.bench;

import io.runlens.support.FaultProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark of issue 5 (run by {@code runlens-bench/run}, never by Surefire): real histories of 10 to
 * 10,000 events, the packaged service in the prod profile against the local PostgreSQL and the
 * in-process Temporal service, and for each size p50/p99/throughput at concurrency 1 and 32 of the
 * floors (row alone over HTTP, history alone over gRPC), details cold, warm and 304, and details behind
 * 20 ms of latency on both backends, parallel against sequential. Exits non-zero only if something broke.
 *
 * <p>This class is the run's plan: which instances start, in which order, and which cells each one
 * measures. {@link Instances} starts and warms them, {@link CellMeter} measures, {@link Cells} keeps the
 * results and {@link BenchmarkReport} writes them up; {@code --startup-only} is {@link StartupExperiment}.
 */
public final class Benchmark {

    static final int DELAY_MS = 20;
    static final int[] CONCURRENCY = {1, 32};

    private final BenchOptions options;
    private final Cells cells = new Cells();
    private final List<BenchmarkReport.HeapGrowth> heapDuringLargest = new ArrayList<>();
    /** One running, unmoving run per size, in the order of {@code --sizes}: the live path's subjects. */
    private final List<BenchBackends.Execution> running = new ArrayList<>();

    private BenchCaller caller;
    private Instances instances;
    private CellMeter meter;
    private double rssAfterWarmup;
    private double rssAtEnd;
    private double peakRss;

    private Benchmark(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        BenchOptions options = BenchOptions.parse(args, Path.of("docs", "benchmarks", "BENCHMARKS.md"));
        try {
            if (options.startupRuns > 0) {
                new StartupExperiment(options).run();
            } else {
                new Benchmark(options).run(String.join(" ", args));
            }
            System.exit(0);
        } catch (RuntimeException e) {
            System.getLogger(Benchmark.class.getName()).log(System.Logger.Level.ERROR, "the benchmark failed", e);
            System.exit(1);
        }
    }

    private void run(String arguments) {
        MachineFacts facts = MachineFacts.now();
        System.out.println("Benchmark at " + facts.commit() + "; " + facts.loadAtStart());
        caller = BenchCaller.fresh("bench");
        instances = new Instances(options, caller, Path.of("runlens-bench", "target", "bench"));
        meter = new CellMeter(options, caller, cells);
        List<BenchBackends.Execution> executions;
        try (BenchBackends backends = new BenchBackends(options.schema, caller.organization())) {
            executions = histories(backends);
            running.addAll(runningHistories(backends));
            grpcFloors(backends, executions);
            if (options.measures("cached")) {
                cachedInstance(backends, executions);
            }
            if (options.measures("uncached")) {
                uncachedInstance(backends, executions);
            }
            // 20 ms in front of both backends, uncached (a cached closed run would skip Temporal), parallel then
            // sequential.
            if (options.measures("delayed")) {
                delayedInstance(backends, executions, "parallel");
                delayedInstance(backends, executions, "sequential");
            }
        }
        String report = new BenchmarkReport(
                        options,
                        cells,
                        instances,
                        new BenchmarkReport.Memory(rssAfterWarmup, rssAtEnd, peakRss, List.copyOf(heapDuringLargest)))
                .markdown(facts, executions, arguments);
        System.out.println(report);
        MarkdownReport.write(options.out, "Benchmarks", report);
        System.out.println("written to " + options.out);
        if (!cells.failures().isEmpty()) {
            throw new IllegalStateException("cells that broke: " + cells.failures());
        }
    }

    /**
     * One closed run per {@code --sizes} entry, made before any instance starts; each must hold exactly
     * the number of events asked for, or the cells would be labelled with the wrong size.
     */
    private List<BenchBackends.Execution> histories(BenchBackends backends) {
        List<BenchBackends.Execution> executions = new ArrayList<>();
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
                throw new IllegalStateException("asked for " + size + " events, Temporal holds " + execution.events());
            }
            executions.add(execution);
        }
        return executions;
    }

    /**
     * One running run per size: a {@link BenchWorkflows.SizedRunning} that has made its events and waits for
     * a signal, so its history (and the describe answer, and the ETag) stay the same while it is measured.
     */
    private List<BenchBackends.Execution> runningHistories(BenchBackends backends) {
        List<BenchBackends.Execution> runs = new ArrayList<>();
        for (int size : options.sizes) {
            long started = System.nanoTime();
            BenchBackends.Execution execution = backends.waitingExecution(size);
            System.out.printf(
                    Locale.ROOT,
                    "running history of %d events: workflow %s (%d events in Temporal, waiting) in %.1f s%n",
                    size,
                    execution.workflowId(),
                    execution.events(),
                    (System.nanoTime() - started) / 1e9);
            if (execution.events() != size) {
                throw new IllegalStateException(
                        "asked for a running run of " + size + " events, Temporal holds " + execution.events());
            }
            runs.add(execution);
        }
        return runs;
    }

    private boolean isLargest(BenchBackends.Execution execution) {
        return execution.size()
                == options.sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
    }

    /**
     * The gRPC floors, straight to Temporal, that details is compared with: history alone, describe then
     * history, and the same behind {@link #DELAY_MS}.
     */
    private void grpcFloors(BenchBackends backends, List<BenchBackends.Execution> executions) {
        try (GrpcLoop direct = new GrpcLoop(backends.temporalTarget());
                FaultProxy proxy = new FaultProxy("127.0.0.1", backends.temporalPort());
                GrpcLoop delayed = new GrpcLoop("127.0.0.1:" + proxy.port())) {
            proxy.delayMillis(DELAY_MS);
            for (BenchBackends.Execution execution : executions) {
                for (int c : CONCURRENCY) {
                    meter.grpc(
                            execution, "history", c, () -> direct.history(execution.workflowId(), execution.runId()));
                    meter.grpc(
                            execution, "describe+history", c, () -> direct.describeThenHistory(execution.workflowId()));
                    meter.grpc(
                            execution,
                            "describe+history +20ms",
                            c,
                            () -> delayed.describeThenHistory(execution.workflowId()));
                }
            }
            for (BenchBackends.Execution execution : running) {
                for (int c : CONCURRENCY) {
                    meter.grpc(
                            execution,
                            "running describe+history",
                            c,
                            () -> direct.describeThenHistory(execution.workflowId()));
                }
            }
        }
    }

    /** Cached (the default): row, warm details, 304s. Start-to-ready and RSS come from this instance. */
    private void cachedInstance(BenchBackends backends, List<BenchBackends.Execution> executions) {
        try (ServiceProcess service = instances.start(
                "cached",
                ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget()),
                executions.get(0))) {
            Instances.warmUp(service, executions, options, caller);
            rssAfterWarmup = service.rssMiB();
            for (BenchBackends.Execution execution : executions) {
                boolean largest = isLargest(execution);
                double heapBefore = largest ? service.heapUsedAfterGcMiB() : 0;
                String details = ApiRoutes.details(service, execution);
                for (int c : CONCURRENCY) {
                    meter.http(
                            service,
                            execution,
                            "row",
                            ApiRoutes.row(service, execution),
                            ApiRoutes.ROW,
                            c,
                            null,
                            "200");
                }
                String etag = Probe.fullDetails(details, caller.token(), execution.events())
                        .etag();
                for (int c : CONCURRENCY) {
                    meter.http(service, execution, "details warm", details, ApiRoutes.DETAILS, c, null, "200");
                }
                if (Probe.get(details, caller.token(), etag).status() != 304) {
                    throw new IllegalStateException("If-None-Match with the ETag of a closed run did not answer 304");
                }
                for (int c : CONCURRENCY) {
                    meter.http(service, execution, "details 304", details, ApiRoutes.DETAILS, c, etag, "304");
                }
                if (largest) {
                    heapDuringLargest.add(new BenchmarkReport.HeapGrowth(
                            "cached (the run stays in the cache)", heapBefore, service.heapUsedAfterGcMiB()));
                }
            }
            runningCached(service);
            rssAtEnd = service.rssMiB();
            peakRss = service.peakRssMiB();
        }
    }

    /**
     * The running runs on the cached instance: repeated details of a run that has not moved (describe, then
     * the kept answer: what a polling dashboard pays), and the same with {@code If-None-Match} of its ETag.
     */
    private void runningCached(ServiceProcess service) {
        for (BenchBackends.Execution execution : running) {
            String details = ApiRoutes.details(service, execution);
            String etag = Probe.fullDetails(details, caller.token(), execution.events())
                    .etag();
            String again = Probe.fullDetails(details, caller.token(), execution.events())
                    .etag();
            if (!etag.equals(again)) {
                throw new IllegalStateException(
                        "a running run that has not moved changed its ETag: " + etag + " then " + again);
            }
            for (int c : CONCURRENCY) {
                meter.http(service, execution, "details running unchanged", details, ApiRoutes.DETAILS, c, null, "200");
            }
            if (Probe.get(details, caller.token(), etag).status() != 304) {
                throw new IllegalStateException(
                        "If-None-Match with the ETag of an unchanged running run did not answer 304");
            }
            for (int c : CONCURRENCY) {
                meter.http(service, execution, "details running 304", details, ApiRoutes.DETAILS, c, etag, "304");
            }
        }
    }

    /** Uncached: every details request describes and reads the whole history. */
    private void uncachedInstance(BenchBackends backends, List<BenchBackends.Execution> executions) {
        Map<String, String> uncached =
                ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget());
        uncached.put("runlens.cache.enabled", "false");
        try (ServiceProcess service = instances.start("uncached", uncached, executions.get(0))) {
            instances.settleJit(service, executions);
            for (BenchBackends.Execution execution : executions) {
                boolean largest = isLargest(execution);
                String details = ApiRoutes.details(service, execution);
                Probe.fullDetails(details, caller.token(), execution.events());
                double heapBefore = largest ? service.heapUsedAfterGcMiB() : 0;
                for (int c : CONCURRENCY) {
                    meter.http(service, execution, "details cold", details, ApiRoutes.DETAILS, c, null, "200", true);
                }
                if (largest) {
                    heapDuringLargest.add(
                            new BenchmarkReport.HeapGrowth("uncached", heapBefore, service.heapUsedAfterGcMiB()));
                }
            }
            // The live path with nothing kept: describe, the whole history, the fold and the rendering, every time.
            for (BenchBackends.Execution execution : running) {
                String details = ApiRoutes.details(service, execution);
                Probe.fullDetails(details, caller.token(), execution.events());
                for (int c : CONCURRENCY) {
                    meter.http(
                            service,
                            execution,
                            "details running cold",
                            details,
                            ApiRoutes.DETAILS,
                            c,
                            null,
                            "200",
                            true);
                }
            }
        }
    }

    /** Uncached behind {@link #DELAY_MS} on both backends, with {@code runlens.api.fetch-mode} {@code mode}. */
    private void delayedInstance(BenchBackends backends, List<BenchBackends.Execution> executions, String mode) {
        try (FaultProxy database = new FaultProxy(BenchBackends.DB_HOST, BenchBackends.DB_PORT);
                FaultProxy temporal = new FaultProxy("127.0.0.1", backends.temporalPort())) {
            Map<String, String> config =
                    ServiceConfig.against(backends, database.port(), "127.0.0.1:" + temporal.port());
            config.put("runlens.cache.enabled", "false");
            config.put("runlens.api.fetch-mode", mode);
            try (ServiceProcess service = instances.start("uncached-20ms-" + mode, config, executions.get(0))) {
                // Connections and statement caches are made without delay, as a running service has them.
                for (BenchBackends.Execution execution : executions) {
                    Probe.fullDetails(ApiRoutes.details(service, execution), caller.token(), execution.events());
                }
                instances.settleJit(service, executions);
                database.delayMillis(DELAY_MS);
                temporal.delayMillis(DELAY_MS);
                for (BenchBackends.Execution execution : executions) {
                    for (int c : CONCURRENCY) {
                        if (mode.equals("parallel")) {
                            meter.http(
                                    service,
                                    execution,
                                    "row +20ms",
                                    ApiRoutes.row(service, execution),
                                    ApiRoutes.ROW,
                                    c,
                                    null,
                                    "200");
                        }
                        meter.http(
                                service,
                                execution,
                                "details +20ms " + mode,
                                ApiRoutes.details(service, execution),
                                ApiRoutes.DETAILS,
                                c,
                                null,
                                "200");
                    }
                }
            }
        }
    }
}
