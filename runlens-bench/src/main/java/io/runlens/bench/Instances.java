package io.runlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Gets instances of the packaged service ready to be measured: starts each, keeps what its start cost
 * (spawn to ready, Quarkus's own "started in", the first details request after ready) for the report's
 * start-up table, and warms it up, so that a cell measures the service rather than its class loading
 * and JIT.
 */
final class Instances {

    /** What one instance's start cost, in the order the instances started. */
    record Start(String instance, long readyMillis, double quarkusSeconds, String firstDetails) {}

    private final BenchOptions options;
    private final BenchCaller caller;
    private final Path logs;
    private final List<Start> starts = new ArrayList<>();

    Instances(BenchOptions options, BenchCaller caller, Path logs) {
        this.options = options;
        this.caller = caller;
        this.logs = logs;
    }

    /** Starts an instance, times its first details request (of {@code first}), and prints both. */
    ServiceProcess start(String name, Map<String, String> config, BenchBackends.Execution first) {
        ServiceProcess service = ServiceProcess.start(name, options, config, logs);
        String firstDetails = firstAnswer(service, ApiRoutes.details(service, first), caller);
        starts.add(new Start(name, service.startToReadyMillis(), service.quarkusStartedSeconds(), firstDetails));
        System.out.printf(
                Locale.ROOT,
                "%s: ready %d ms after spawn (Quarkus: started in %.3f s), pid %d; first details: %s%n",
                name,
                service.startToReadyMillis(),
                service.quarkusStartedSeconds(),
                service.pid(),
                firstDetails);
        return service;
    }

    List<Start> starts() {
        return List.copyOf(starts);
    }

    Optional<Start> startOf(String instance) {
        return starts.stream().filter(s -> s.instance().equals(instance)).findFirst();
    }

    /**
     * {@code --instance-warmup N}: N seconds of details at c=32 per size before an uncached instance's
     * cells. On 2 cores the JIT competes with the load for minutes; without this the first cold cells
     * measure the compiler as much as the service.
     */
    void settleJit(ServiceProcess service, List<BenchBackends.Execution> executions) {
        if (options.instanceWarmupSeconds <= 0) {
            return;
        }
        for (BenchBackends.Execution execution : executions) {
            Wrk.run(
                    ApiRoutes.details(service, execution),
                    32,
                    2,
                    options.instanceWarmupSeconds,
                    caller.authorization());
        }
    }

    /**
     * Every size's details (checked whole once) and row at c=32 for {@code --warmup} seconds each: what
     * an instance has served before its memory is read and its warm cells run.
     */
    static void warmUp(
            ServiceProcess service,
            List<BenchBackends.Execution> executions,
            BenchOptions options,
            BenchCaller caller) {
        for (BenchBackends.Execution execution : executions) {
            Probe.fullDetails(ApiRoutes.details(service, execution), caller.token(), execution.events());
            Wrk.run(ApiRoutes.details(service, execution), 32, 2, options.warmupSeconds, caller.authorization());
            Wrk.run(ApiRoutes.row(service, execution), 32, 2, options.warmupSeconds, caller.authorization());
        }
    }

    /**
     * The first details request after ready, timed (class loading, HQL translation and JIT happen
     * here), then requests until one succeeds: a slow first answer is a finding, not a broken run.
     */
    static String firstAnswer(ServiceProcess service, String url, BenchCaller caller) {
        long sent = System.nanoTime();
        int status = Probe.get(url, caller.token(), null).status();
        String first = String.format(Locale.ROOT, "%d in %d ms", status, (System.nanoTime() - sent) / 1_000_000);
        long until = System.nanoTime() + 60_000_000_000L;
        while (status != 200) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException(
                        service.name() + " answered no details with 200 within 60 s of being ready");
            }
            BenchClock.pause(200);
            status = Probe.get(url, caller.token(), null).status();
        }
        return first;
    }
}
