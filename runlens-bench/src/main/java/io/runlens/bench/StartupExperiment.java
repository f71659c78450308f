package io.runlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runlens-bench/run --startup-only N}: start-up experiments, apart from the benchmark's cells.
 * The cached instance is started N times with {@code --java}, {@code --app} and {@code --jvm}, each timed to
 * ready, warmed up on every size, then its RSS and heap after GC printed (and the JVM's native memory
 * summary when the options turn native memory tracking on), with any WARN or ERROR line it logged while
 * starting; then the medians. Prints, writes no report: the figures are for comparing JDKs, archives and
 * JVM options (docs/benchmarks/STARTUP.md).
 */
final class StartupExperiment {

    private final BenchOptions options;

    StartupExperiment(BenchOptions options) {
        this.options = options;
    }

    void run() {
        BenchCaller caller = BenchCaller.fresh("bench");
        try (BenchBackends backends = new BenchBackends(options.schema, caller.organization())) {
            List<BenchBackends.Execution> executions = new ArrayList<>();
            for (int size : options.sizes) {
                executions.add(backends.closedExecution(size));
            }
            List<Double> ready = new ArrayList<>();
            List<Double> quarkus = new ArrayList<>();
            List<Double> rssAfterWarmUp = new ArrayList<>();
            int problemLines = 0;
            for (int i = 0; i < options.startupRuns; i++) {
                try (ServiceProcess service = ServiceProcess.start(
                        "startup-" + i,
                        options,
                        ServiceConfig.against(backends, BenchBackends.DB_PORT, backends.temporalTarget()),
                        Path.of("runlens-bench", "target", "bench"))) {
                    double rssAtReady = service.rssMiB();
                    String first =
                            Instances.firstAnswer(service, ApiRoutes.details(service, executions.get(0)), caller);
                    Instances.warmUp(service, executions, options, caller);
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
                    ready.add((double) service.startToReadyMillis());
                    quarkus.add(service.quarkusStartedSeconds());
                    rssAfterWarmUp.add(service.rssMiB());
                    List<String> problems = service.startupProblems();
                    problemLines += problems.size();
                    problems.forEach(line -> System.out.println("  logged during start: " + line));
                    if (options.jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:NativeMemoryTracking"))) {
                        System.out.println(ServiceProcess.run(
                                "jcmd", String.valueOf(service.pid()), "VM.native_memory", "summary"));
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "median of %d starts (%s %s): ready %.0f ms after spawn (Quarkus %.3f s), RSS %.0f MiB after warm-up;"
                            + " %d WARN/ERROR lines during start%n",
                    options.startupRuns,
                    options.java,
                    String.join(" ", options.jvmOptions),
                    median(ready),
                    median(quarkus),
                    median(rssAfterWarmUp),
                    problemLines);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
