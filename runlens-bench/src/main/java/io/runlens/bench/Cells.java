package io.runlens.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The cells a benchmark run has measured, in the order measured. Each is printed as it is recorded, so a
 * run of an hour shows where it is; the report looks them up by size, scenario and concurrency. A cell
 * that broke is kept with its failure in place of figures: the other cells are still reported, and the
 * run fails at the end.
 */
final class Cells {

    /** One measurement: a scenario on a history of {@code size} events at a concurrency. */
    record Cell(int size, String scenario, int concurrency, Sample sample) {}

    /**
     * Bytes the service allocated while it served a cell's measured requests (all of them, whatever their
     * status), and over as long a time with no load, read the same way: what the service, the scrapes and the
     * counter's reading cost without requests, taken off before dividing.
     */
    record Allocation(int size, String scenario, int concurrency, double bytes, double idleBytes, long requests) {
        double bytesPerRequest() {
            return requests == 0 ? Double.NaN : Math.max(0, bytes - idleBytes) / requests;
        }
    }

    private final List<Cell> cells = new ArrayList<>();
    private final List<Allocation> allocations = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    void record(Cell cell) {
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

    void allocated(Allocation allocation) {
        allocations.add(allocation);
        System.out.printf(
                Locale.ROOT,
                "%6d events  %-28s c=%-2d  allocated %.0f KB per request (%.1f MB over %d requests, %.1f MB idle)%n",
                allocation.size(),
                allocation.scenario(),
                allocation.concurrency(),
                allocation.bytesPerRequest() / 1000,
                allocation.bytes() / 1e6,
                allocation.requests(),
                allocation.idleBytes() / 1e6);
    }

    List<Allocation> allocations() {
        return List.copyOf(allocations);
    }

    Optional<Allocation> allocation(int size, String scenario, int concurrency) {
        return allocations.stream()
                .filter(a -> a.size() == size && a.scenario().equals(scenario) && a.concurrency() == concurrency)
                .findFirst();
    }

    /** Records a cell that could not be measured: its row says why, and {@link #failures()} names it. */
    void broke(int size, String scenario, int concurrency, RuntimeException e) {
        failures.add(size + " events, " + scenario + ", c=" + concurrency + ": " + e);
        record(new Cell(
                size,
                scenario,
                concurrency,
                new Sample(Double.NaN, Double.NaN, Double.NaN, 0, 1, "broke: " + e.getMessage())));
    }

    List<Cell> all() {
        return List.copyOf(cells);
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    Optional<Sample> find(int size, String scenario, int concurrency) {
        return cells.stream()
                .filter(c -> c.size() == size && c.scenario().equals(scenario) && c.concurrency() == concurrency)
                .map(Cell::sample)
                .findFirst();
    }
}
