package io.runlens.bench;

import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * The Markdown a soak writes between the markers of RELIABILITY.md: the command and the machine, every
 * answer by kind with the first example of each unexpected one, each phase's answers and p99, and the
 * heap after GC over the run with its slope. It reads what the soak counted and measures nothing.
 */
final class SoakReport {

    /** The service's memory after the warm-up and after the last phase. */
    record Memory(double heapBefore, double heapAfter, double rssBefore, double rssAfter) {}

    private final BenchOptions options;
    private final OpenLoop load;
    private final List<Tally> perPhase;
    private final HeapTrace heap;
    private final Memory memory;

    SoakReport(BenchOptions options, OpenLoop load, List<Tally> perPhase, HeapTrace heap, Memory memory) {
        this.options = options;
        this.load = load;
        this.perPhase = perPhase;
        this.heap = heap;
        this.memory = memory;
    }

    String markdown(MachineFacts facts, String arguments, List<FaultSchedule.Phase> phases) {
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
        Tally overall = load.overall();
        long total = overall.count();
        long unexpected = overall.unexpected();
        md.append(String.format(
                Locale.ROOT,
                "**%d requests, %d unexpected.** p50 %.1f ms, p99 %.1f ms, max %.0f ms"
                        + " (from each request's scheduled start); at most %d requests in flight.%n%n",
                total,
                unexpected,
                overall.latency.getValueAtPercentile(50) / 1e6,
                overall.latency.getValueAtPercentile(99) / 1e6,
                overall.latency.getMaxValue() / 1e6,
                load.maxInFlight()));
        md.append("| Answer | Count |\n|---|---:|\n");
        new TreeMap<>(overall.kinds)
                .forEach((kind, count) -> md.append("| ")
                        .append(kind)
                        .append(" | ")
                        .append(count.sum())
                        .append(" |\n"));
        if (!load.unexpectedExamples().isEmpty()) {
            md.append("\nFirst unexpected answer of each kind:\n\n");
            new TreeMap<>(load.unexpectedExamples())
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
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d | %d | %d | %d | %d | %d | %.0f |%n",
                    i + 1,
                    phases.get(i).name(),
                    tally.count(),
                    tally.count("200 full"),
                    tally.count("304 not modified"),
                    tally.count("200 partial (Temporal unavailable)"),
                    tally.count("503 with Retry-After"),
                    tally.unexpected(),
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
                memory.heapBefore(),
                memory.heapAfter(),
                memory.heapAfter() - memory.heapBefore(),
                memory.rssBefore(),
                memory.rssAfter()));
        md.append("| Minute | Heap after GC (MiB) |\n|---:|---:|\n");
        List<HeapTrace.HeapSample> samples = heap.samples();
        for (HeapTrace.HeapSample sample : samples) {
            md.append(String.format(Locale.ROOT, "| %.1f | %.1f |%n", sample.minute(), sample.usedMiB()));
        }
        md.append(String.format(
                Locale.ROOT,
                "%nLeast-squares slope of those samples: %+.2f MiB per minute.%n",
                HeapTrace.slope(samples)));
        return md.toString();
    }
}
