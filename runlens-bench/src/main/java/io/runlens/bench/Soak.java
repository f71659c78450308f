package io.runlens.bench;

import io.runlens.support.FaultProxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The soak of issue 6 (run by {@code runlens-bench/soak}): the packaged service behind a fault proxy on each
 * backend, an open-loop stream of mixed requests at a steady rate (each request starts on schedule,
 * whether or not earlier ones returned, so a stall shows as latency), and a schedule of faults with
 * healthy stretches between them. Every answer is classified; anything but a full 200, a 304, a
 * partial 200 ({@code sources.temporal = unavailable}) or a 503 with {@code Retry-After} is unexpected.
 *
 * <p>This class sets the run up and walks the schedule. {@link FaultSchedule} says which fault comes when,
 * {@link RequestMix} what is asked, {@link OpenLoop} sends it, {@link Answers} judges each answer, and
 * {@link SoakReport} writes the figures up.
 */
public final class Soak {

    private final BenchOptions options;
    private final List<Tally> perPhase = new ArrayList<>();

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
            System.getLogger(Soak.class.getName()).log(System.Logger.Level.ERROR, "the soak failed", e);
            System.exit(1);
        }
    }

    private void run(String arguments) {
        MachineFacts facts = MachineFacts.now();
        System.out.println("Soak at " + facts.commit() + "; " + facts.loadAtStart());
        BenchCaller caller = BenchCaller.fresh("soak");
        OpenLoop load = new OpenLoop(options.rate, caller.token());
        List<FaultSchedule.Phase> phases = FaultSchedule.phases();
        long phaseNanos = TimeUnit.MINUTES.toNanos(options.minutes) / phases.size();
        HeapTrace heap = new HeapTrace();
        double heapBefore;
        double heapAfter;
        double rssBefore;
        double rssAfter;
        try (BenchBackends backends = new BenchBackends(options.schema, caller.organization());
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
                List<RequestMix.Request> mix = RequestMix.of(service.baseUrl(), closed, running, caller.token());
                // Warm-up at the same rate, healthy, not counted.
                load.drive(mix, TimeUnit.SECONDS.toNanos(options.quick ? 5 : 30), null);
                heapBefore = service.heapUsedAfterGcMiB();
                rssBefore = service.rssMiB();
                heap.add(0, heapBefore);
                long start = System.nanoTime();
                ScheduledExecutorService sampler = heap.sampleEvery(options.quick ? 10 : 60, service, start);
                for (int i = 0; i < phases.size(); i++) {
                    FaultSchedule.Phase phase = phases.get(i);
                    FaultSchedule.apply(phase, database, temporal);
                    Tally tally = new Tally();
                    perPhase.add(tally);
                    System.out.printf(Locale.ROOT, "%5.1f min  %s%n", (System.nanoTime() - start) / 6e10, phase.name());
                    load.drive(mix, phaseNanos, tally);
                }
                database.heal();
                temporal.heal();
                sampler.shutdown();
                load.awaitQuiet();
                heapAfter = service.heapUsedAfterGcMiB();
                rssAfter = service.rssMiB();
                heap.add((System.nanoTime() - start) / 6e10, heapAfter);
            }
        }
        String report = new SoakReport(
                        options,
                        load,
                        perPhase,
                        heap,
                        new SoakReport.Memory(heapBefore, heapAfter, rssBefore, rssAfter))
                .markdown(facts, arguments, phases);
        System.out.println(report);
        MarkdownReport.write(options.out, "Reliability", report);
        System.out.println("written to " + options.out);
    }
}
