package io.runlens.bench;

import com.google.common.util.concurrent.ListenableFuture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Measures one cell at a time and records it in {@link Cells}: either wrk against one URL of a started
 * instance, warmed up first and checked against the service's own request counters (wrk tells success
 * from failure only, and a 200 from a 304 not at all), or a closed loop of gRPC calls straight to
 * Temporal, the floor that details is compared with.
 */
final class CellMeter {

    private final BenchOptions options;
    private final BenchCaller caller;
    private final Cells cells;

    CellMeter(BenchOptions options, BenchCaller caller, Cells cells) {
        this.options = options;
        this.caller = caller;
        this.cells = cells;
    }

    /**
     * A warmed-up wrk cell, checked against the service's own request counters: every request of the
     * measured run must have had {@code expectedStatus}, else the cell counts the others as errors.
     */
    void http(
            ServiceProcess service,
            BenchBackends.Execution execution,
            String scenario,
            String url,
            String route,
            int concurrency,
            String ifNoneMatch,
            String expectedStatus) {
        http(service, execution, scenario, url, route, concurrency, ifNoneMatch, expectedStatus, false);
    }

    /**
     * {@link #http}, and with {@code allocation} also the bytes the service allocated per request of the
     * measured run: its JVM's allocation counter read (after a full collection) before and after, divided by
     * the requests of the route it served in between. The counter is the whole JVM's, so the same span is then
     * read again with no load, and what it allocated is taken off.
     */
    void http(
            ServiceProcess service,
            BenchBackends.Execution execution,
            String scenario,
            String url,
            String route,
            int concurrency,
            String ifNoneMatch,
            String expectedStatus,
            boolean allocation) {
        try {
            measureHttp(service, execution, scenario, url, route, concurrency, ifNoneMatch, expectedStatus, allocation);
        } catch (RuntimeException e) {
            // One broken cell is reported in its row and fails the run at the end; the other cells still count.
            cells.broke(execution.size(), scenario, concurrency, e);
        }
    }

    /** A closed loop of {@code call} at {@code concurrency}, warmed up for as long as an HTTP cell is. */
    void grpc(BenchBackends.Execution execution, String scenario, int concurrency, Supplier<ListenableFuture<?>> call) {
        Sample sample = GrpcLoop.measure(call, concurrency, options.warmupSeconds, options.seconds);
        cells.record(new Cells.Cell(execution.size(), scenario, concurrency, sample));
    }

    private void measureHttp(
            ServiceProcess service,
            BenchBackends.Execution execution,
            String scenario,
            String url,
            String route,
            int concurrency,
            String ifNoneMatch,
            String expectedStatus,
            boolean allocation) {
        List<String> headers = new ArrayList<>(caller.authorization());
        if (ifNoneMatch != null) {
            headers.add("If-None-Match: " + ifNoneMatch);
        }
        int threads = concurrency == 1 ? 1 : 2;
        Wrk.run(url, concurrency, threads, options.warmupSeconds, headers);
        Map<String, Long> before = service.drained(route);
        double allocatedBefore = allocation ? service.allocatedBytes() : 0;
        Sample sample = Wrk.run(url, concurrency, threads, options.seconds, headers);
        Map<String, Long> after = service.drained(route);
        if (allocation) {
            double allocated = service.allocatedBytes() - allocatedBefore;
            long served = after.entrySet().stream()
                    .mapToLong(entry -> entry.getValue() - before.getOrDefault(entry.getKey(), 0L))
                    .sum();
            // The same span with no load: what the service allocates idle, and what reading it (scrapes, GC.run) costs.
            double idleBefore = service.allocatedBytes();
            BenchClock.pause(options.seconds * 1000L);
            service.drained(route);
            double idle = service.allocatedBytes() - idleBefore;
            cells.allocated(new Cells.Allocation(execution.size(), scenario, concurrency, allocated, idle, served));
        }
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
        cells.record(new Cells.Cell(execution.size(), scenario, concurrency, sample));
    }
}
