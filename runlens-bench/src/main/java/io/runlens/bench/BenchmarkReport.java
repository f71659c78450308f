package io.runlens.bench;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The Markdown a benchmark run writes between the markers of BENCHMARKS.md: the command and the machine,
 * every cell, the ratios of details to its floors, start-up and memory, and the targets of issue 5, each
 * met or not. It reads what the run measured and measures nothing.
 */
final class BenchmarkReport {

    /** Heap in use after a full GC before and after the largest history's cells on one instance. */
    record HeapGrowth(String instance, double before, double after) {}

    /** The memory figures: the cached instance's RSS, and heap growth per instance. */
    record Memory(double rssAfterWarmup, double rssAtEnd, double peakRss, List<HeapGrowth> heapDuringLargest) {}

    private final BenchOptions options;
    private final Cells cells;
    private final Instances instances;
    private final Memory memory;

    BenchmarkReport(BenchOptions options, Cells cells, Instances instances, Memory memory) {
        this.options = options;
        this.cells = cells;
        this.instances = instances;
        this.memory = memory;
    }

    String markdown(MachineFacts facts, List<BenchBackends.Execution> executions, String arguments) {
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
        md.append(
                "Running executions (real `SizedRunning` runs: the same events, then waiting for a signal, so history,"
                        + " describe answer and ETag stay put while measured): one per size.\n\n");

        md.append("### Latency and throughput\n\n");
        md.append(
                "| Events | Scenario | c | p50 ms | p99 ms | req/s | errors |\n|---:|---|---:|---:|---:|---:|---:|\n");
        for (Cells.Cell cell : cells.all()) {
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
                .append(" PostgreSQL and to Temporal by 20 ms (cache off).")
                .append(" `running describe+history`: the gRPC floor for the running run.")
                .append(" `details running cold`: details of the running run, cache off (describe, whole history,")
                .append(
                        " fold, rendering, every request). `details running unchanged`: the same on the cached instance")
                .append(" (describe, then the kept fold and rendered answer: what a polling dashboard pays).")
                .append(" `details running 304`: the same with `If-None-Match` of its ETag.\n\n");

        md.append("### Ratios\n\n");
        md.append(
                "| Events | c | cold details / max(row, history) | cold details / max(row, describe+history) | warm details / max(row, history) | warm req/s ÷ cold | 304 req/s ÷ cold | +20ms parallel p50 | +20ms sequential p50 |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchBackends.Execution execution : executions) {
            int size = execution.size();
            for (int c : Benchmark.CONCURRENCY) {
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
                        .append(cells.find(size, "details +20ms parallel", c)
                                .map(s -> ms(s.p50Millis()) + " ms")
                                .orElse("–"))
                        .append(" | ")
                        .append(cells.find(size, "details +20ms sequential", c)
                                .map(s -> ms(s.p50Millis()) + " ms")
                                .orElse("–"))
                        .append(" |\n");
            }
        }

        running(md, executions);
        allocation(md);

        md.append("\n### Start-up and memory\n\n");
        md.append(
                "| Instance | spawn to `/q/health/ready` 200 | Quarkus \"started in\" | first details request after ready |\n|---|---:|---:|---|\n");
        for (Instances.Start start : instances.starts()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d ms | %.3f s | %s |%n",
                    start.instance(),
                    start.readyMillis(),
                    start.quarkusSeconds(),
                    start.firstDetails()));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nRSS of the cached instance: %.0f MiB after warm-up (every size, details and row,"
                        + " c=32), %.0f MiB at the end of its cells, peak (VmHWM) %.0f MiB.%n%n",
                memory.rssAfterWarmup(),
                memory.rssAtEnd(),
                memory.peakRss()));
        md.append(
                "| Heap in use after a full GC (jcmd GC.run, jstat) | before the largest history's cells | after | growth |\n|---|---:|---:|---:|\n");
        for (HeapGrowth growth : memory.heapDuringLargest()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f MiB | %.1f MiB | %+.1f MiB |%n",
                    growth.instance(),
                    growth.before(),
                    growth.after(),
                    growth.after() - growth.before()));
        }

        md.append("\n### Targets\n\n| Target | Measured | |\n|---|---|---|\n");
        targets(md);
        return md.toString();
    }

    /** The live path: a running run that has not moved, with nothing kept, kept, and polled with its ETag. */
    private void running(StringBuilder md, List<BenchBackends.Execution> executions) {
        md.append("\n### Running executions (the live path)\n\n");
        md.append(
                "| Events | c | running cold p50 ms | running cold / max(row, running describe+history) | unchanged p50 ms"
                        + " | unchanged req/s ÷ running cold | 304 p50 ms | 304 req/s ÷ running cold |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BenchBackends.Execution execution : executions) {
            int size = execution.size();
            for (int c : Benchmark.CONCURRENCY) {
                Optional<Sample> cold = cells.find(size, "details running cold", c);
                Optional<Sample> unchanged = cells.find(size, "details running unchanged", c);
                Optional<Sample> notModified = cells.find(size, "details running 304", c);
                md.append("| ")
                        .append(size)
                        .append(" | ")
                        .append(c)
                        .append(" | ")
                        .append(cold.map(s -> ms(s.p50Millis())).orElse("–"))
                        .append(" | ")
                        .append(ratio(size, "details running cold", c, "running describe+history"))
                        .append(" | ")
                        .append(unchanged.map(s -> ms(s.p50Millis())).orElse("–"))
                        .append(" | ")
                        .append(rateRatio(unchanged, cold))
                        .append(" | ")
                        .append(notModified.map(s -> ms(s.p50Millis())).orElse("–"))
                        .append(" | ")
                        .append(rateRatio(notModified, cold))
                        .append(" |\n");
            }
        }
    }

    /** Bytes the service allocated per request of the cells measured with its allocation counter. */
    private void allocation(StringBuilder md) {
        if (cells.allocations().isEmpty()) {
            return;
        }
        md.append("\n### Allocated bytes per request\n\n");
        md.append(
                "The service JVM's `jvm_gc_memory_allocated_bytes_total` (Micrometer, `/q/metrics`), read after a full"
                        + " collection before and after the measured run of the cell, less what the same span with no"
                        + " load allocated (read the same way, right after), divided by the requests of the route the"
                        + " service counted in between. KB = 1000 bytes.\n\n");
        md.append(
                "| Events | Scenario | c | KB per request | MB during the cell | MB idle | requests |\n|---:|---|---:|---:|---:|---:|---:|\n");
        for (Cells.Allocation a : cells.allocations()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %.1f | %.1f | %.1f | %d |%n",
                    a.size(),
                    a.scenario(),
                    a.concurrency(),
                    a.bytesPerRequest() / 1000,
                    a.bytes() / 1e6,
                    a.idleBytes() / 1e6,
                    a.requests()));
        }
    }

    private static String rateRatio(Optional<Sample> fast, Optional<Sample> slow) {
        if (fast.isEmpty() || slow.isEmpty()) {
            return "–";
        }
        return String.format(
                Locale.ROOT, "%.1f", fast.get().requestsPerSecond() / slow.get().requestsPerSecond());
    }

    private void targets(StringBuilder md) {
        cells.find(100, "details cold", 1).ifPresent(cold -> {
            double floor = Math.max(
                    cells.find(100, "row", 1).map(Sample::p50Millis).orElse(Double.NaN),
                    cells.find(100, "history", 1).map(Sample::p50Millis).orElse(Double.NaN));
            target(
                    md,
                    "100 events, c=1: cold details p50 ≤ 1.2 × max(row p50, history p50)",
                    ms(cold.p50Millis()) + " ms vs 1.2 × " + ms(floor) + " ms = " + ms(1.2 * floor) + " ms (ratio "
                            + String.format(Locale.ROOT, "%.2f", cold.p50Millis() / floor) + ")",
                    cold.p50Millis() <= 1.2 * floor);
        });
        cells.find(100, "details +20ms parallel", 1).ifPresent(parallel -> {
            Optional<Sample> sequential = cells.find(100, "details +20ms sequential", 1);
            target(
                    md,
                    "100 events, c=1, 20 ms on both backends: details p50 ≤ 25 ms (sequential ≥ 40 ms)",
                    ms(parallel.p50Millis()) + " ms parallel, "
                            + sequential.map(s -> ms(s.p50Millis())).orElse("–") + " ms sequential",
                    parallel.p50Millis() <= 25);
        });
        for (int size : options.sizes) {
            Optional<Sample> cold = cells.find(size, "details cold", 32);
            Optional<Sample> warm = cells.find(size, "details warm", 32);
            Optional<Sample> notModified = cells.find(size, "details 304", 32);
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
        liveTargets(md);
        int largest = options.sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        cells.find(largest, "details cold", 1)
                .ifPresent(cold -> target(
                        md,
                        largest + " events: details p50 ≤ 150 ms (cold, c=1)",
                        ms(cold.p50Millis()) + " ms",
                        cold.p50Millis() <= 150));
        for (HeapGrowth heap : memory.heapDuringLargest()) {
            double growth = heap.after() - heap.before();
            target(
                    md,
                    largest + " events: heap growth ≤ 16 MB (" + heap.instance() + ")",
                    String.format(Locale.ROOT, "%+.1f MiB", growth),
                    growth <= 16 * 1_000_000 / 1_048_576.0);
        }
        Long ready =
                instances.startOf("cached").map(Instances.Start::readyMillis).orElse(null);
        if (ready != null) {
            target(md, "packaged JVM app start-to-ready < 2 s", ready + " ms (cached instance)", ready < 2000);
        }
        if (ready == null) {
            return; // the cached instance, whose RSS this is, was not measured (--instances)
        }
        target(
                md,
                "RSS after warm-up < 200 MB",
                String.format(
                        Locale.ROOT, "%.0f MiB (%.0f MB)", memory.rssAfterWarmup(), memory.rssAfterWarmup() * 1.048576),
                memory.rssAfterWarmup() * 1.048576 < 200);
    }

    /** The live path's targets (issue 16): running runs uncached, polled unchanged, and bytes allocated. */
    private void liveTargets(StringBuilder md) {
        cells.find(100, "details running cold", 1).ifPresent(cold -> {
            double row = cells.find(100, "row", 1).map(Sample::p50Millis).orElse(Double.NaN);
            double floor = Math.max(
                    row,
                    cells.find(100, "running describe+history", 1)
                            .map(Sample::p50Millis)
                            .orElse(Double.NaN));
            target(
                    md,
                    "100 events, uncached and running, c=1: details p50 ≤ 2 × max(row p50, describe+history p50)",
                    ms(cold.p50Millis()) + " ms vs 2 × " + ms(floor) + " ms = " + ms(2 * floor) + " ms (ratio "
                            + String.format(Locale.ROOT, "%.2f", cold.p50Millis() / floor) + ")",
                    cold.p50Millis() <= 2 * floor);
        });
        for (int size : options.sizes) {
            Optional<Sample> cold = cells.find(size, "details running cold", 32);
            Optional<Sample> notModified = cells.find(size, "details running 304", 32);
            if (cold.isPresent() && notModified.isPresent()) {
                double ratio =
                        notModified.get().requestsPerSecond() / cold.get().requestsPerSecond();
                target(
                        md,
                        size + " events, c=32: unchanged running execution polled with If-None-Match: 304,"
                                + " throughput ≥ 10 × its cold throughput",
                        String.format(
                                Locale.ROOT,
                                "%.1f × (%s req/s of 304 vs %s req/s cold)",
                                ratio,
                                rate(notModified.get().requestsPerSecond()),
                                rate(cold.get().requestsPerSecond())),
                        ratio >= 10);
            }
        }
        for (String scenario : List.of("details cold", "details running cold")) {
            Optional<Double> worst = java.util.Arrays.stream(Benchmark.CONCURRENCY)
                    .mapToObj(c -> cells.allocation(100, scenario, c))
                    .flatMap(Optional::stream)
                    .map(Cells.Allocation::bytesPerRequest)
                    .max(Double::compare);
            worst.ifPresent(bytes -> target(
                    md,
                    "allocated bytes per uncached 100-event request ≤ 512 KB (" + scenario + ", worse of c=1 and c=32)",
                    String.format(Locale.ROOT, "%.0f KB", bytes / 1000),
                    bytes <= 512_000));
        }
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
        Optional<Sample> details = cells.find(size, scenario, c);
        Optional<Sample> row = cells.find(size, "row", c);
        Optional<Sample> floor = cells.find(size, floorScenario, c);
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
        return rateRatio(cells.find(size, scenario, c), cells.find(size, "details cold", c));
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
}
