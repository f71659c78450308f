package io.runlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code runlens-bench/run --startup-only N}: start-up experiments, apart from the benchmark's cells.
 * The cached instance is started N times with {@code --jvm}, each timed to ready, warmed up on every
 * size, then its RSS and heap after GC printed (and the JVM's native memory summary when the options
 * turn native memory tracking on). Prints, writes no report: the figures are for comparing JVM options
 * (BENCHMARKS.md, "JVM options: what was tried").
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
                    if (options.jvmOptions.stream().anyMatch(option -> option.startsWith("-XX:NativeMemoryTracking"))) {
                        System.out.println(ServiceProcess.run(
                                "jcmd", String.valueOf(service.pid()), "VM.native_memory", "summary"));
                    }
                }
            }
        }
    }
}
