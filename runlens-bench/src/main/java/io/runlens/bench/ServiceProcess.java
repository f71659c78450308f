package io.runlens.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged service ({@code runlens/target/quarkus-app/quarkus-run.jar}) as a child process in the prod
 * profile, configured by {@code -D}: started, timed from spawn to its first ready answer, measured
 * (RSS, heap after a full GC, request counts from /q/metrics) and stopped.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final String name;
    private final Process process;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final long startToReadyMillis;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private ServiceProcess(
            String name, Process process, int port, int managementPort, Path log, long startToReadyMillis) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.startToReadyMillis = startToReadyMillis;
    }

    /** Spawns the service with {@code jvmOptions} and {@code config}, and returns once /q/health/ready answers 200. */
    static ServiceProcess start(String name, BenchOptions options, Map<String, String> config, Path logDir) {
        // "{instance}" in an option names this instance's own file, e.g. a flight recording per instance.
        List<String> jvmOptions = options.jvmOptions.stream()
                .map(option -> option.replace("{instance}", name))
                .toList();
        int port = BenchBackends.freePort();
        Map<String, String> all = new LinkedHashMap<>(config);
        all.put("quarkus.http.port", String.valueOf(port));
        // Health and metrics listen on the management interface.
        int managementPort = BenchBackends.freePort();
        all.put("quarkus.management.port", String.valueOf(managementPort));
        List<String> command = new ArrayList<>();
        command.add(options.java.toString());
        command.addAll(jvmOptions);
        all.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        // From the application's own directory, as its container runs it: an AppCDS archive records the jar by that
        // path.
        command.add("quarkus-run.jar");
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            long spawned = System.nanoTime();
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(options.app.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toAbsolutePath().toFile());
            if (options.mallocArenas > 0) {
                builder.environment().put("MALLOC_ARENA_MAX", String.valueOf(options.mallocArenas));
            }
            Process process = builder.start();
            HttpClient probe = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofMillis(500))
                    .build();
            URI ready = URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready");
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(
                            name + " exited with " + process.exitValue() + " before it was ready; see " + log);
                }
                if (System.nanoTime() - spawned > 120_000_000_000L) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " was not ready within 120 s; see " + log);
                }
                try {
                    if (probe.send(
                                            HttpRequest.newBuilder(ready)
                                                    .timeout(Duration.ofSeconds(2))
                                                    .build(),
                                            HttpResponse.BodyHandlers.discarding())
                                    .statusCode()
                            == 200) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                BenchClock.pause(10);
            }
            long startToReady = (System.nanoTime() - spawned) / 1_000_000;
            return new ServiceProcess(name, process, port, managementPort, log, startToReady);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    long startToReadyMillis() {
        return startToReadyMillis;
    }

    /** Quarkus' own "started in" figure from the log (the JVM's start to the HTTP listener), or -1. */
    double quarkusStartedSeconds() {
        try {
            Matcher matcher = STARTED.matcher(Files.readString(log));
            return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** The lines logged at WARN or ERROR up to Quarkus's "started in" line (all of them if there is none). */
    List<String> startupProblems() {
        List<String> problems = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(log)) {
                if (line.matches("^\\S+ \\S+ (WARN|ERROR) .*")) {
                    problems.add(line);
                }
                if (STARTED.matcher(line).find()) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return problems;
    }

    /** Resident set size (VmRSS) in MiB. */
    double rssMiB() {
        return procStatusKb("VmRSS") / 1024.0;
    }

    /** Peak resident set size (VmHWM) in MiB. */
    double peakRssMiB() {
        return procStatusKb("VmHWM") / 1024.0;
    }

    private long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no " + field + " in /proc/" + pid() + "/status");
    }

    /** Heap in use right after a full collection (jcmd GC.run, then jstat's used columns), in MiB. */
    double heapUsedAfterGcMiB() {
        run("jcmd", String.valueOf(pid()), "GC.run");
        return jstatGcMiB(List.of("S0U", "S1U", "EU", "OU"));
    }

    /** The heap's current capacity (committed), in MiB, from jstat. */
    double heapCommittedMiB() {
        return jstatGcMiB(List.of("S0C", "S1C", "EC", "OC"));
    }

    /** The sum of these {@code jstat -gc} columns (KiB), in MiB. */
    private double jstatGcMiB(List<String> columns) {
        String[] lines = run("jstat", "-gc", String.valueOf(pid())).trim().split("\n");
        String[] names = lines[0].trim().split("\\s+");
        String[] values = lines[lines.length - 1].trim().split("\\s+");
        double kb = 0;
        for (int i = 0; i < names.length; i++) {
            if (columns.contains(names[i])) {
                kb += Double.parseDouble(values[i]);
            }
        }
        return kb / 1024.0;
    }

    /**
     * Bytes the service's JVM has allocated since it started, exact at this moment: a full collection first
     * (jcmd GC.run), because Micrometer's {@code jvm_gc_memory_allocated_bytes_total} grows by the young
     * generation's growth between collections, at each collection only. Objects the JVM places straight in the
     * old generation (arrays too large for eden) are not counted.
     */
    double allocatedBytes() {
        run("jcmd", String.valueOf(pid()), "GC.run");
        for (String line : management("/q/metrics").split("\n")) {
            if (line.startsWith("jvm_gc_memory_allocated_bytes_total")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException(name + " has no jvm_gc_memory_allocated_bytes_total at /q/metrics");
    }

    /**
     * Requests served so far per status for routes whose template ends with {@code uriSuffix}, from
     * Micrometer's {@code http_server_requests_seconds_count}: the benchmark's check that the load
     * generator's requests got the answers it meant to measure.
     */
    Map<String, Long> servedByStatus(String uriSuffix) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : management("/q/metrics").split("\n")) {
            if (!line.startsWith("http_server_requests_seconds_count{")) {
                continue;
            }
            Matcher uri = Pattern.compile("uri=\"([^\"]*)\"").matcher(line);
            Matcher status = Pattern.compile("status=\"([^\"]*)\"").matcher(line);
            if (uri.find() && status.find() && uri.group(1).endsWith(uriSuffix)) {
                long count = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                counts.merge(status.group(1), count, Long::sum);
            }
        }
        return counts;
    }

    /**
     * Returns once the service has finished the requests a load run left in flight (wrk stops without
     * waiting for them): the counters of {@code uriSuffix} stay the same for half a second.
     */
    Map<String, Long> drained(String uriSuffix) {
        Map<String, Long> last = servedByStatus(uriSuffix);
        long until = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < until) {
            BenchClock.pause(500);
            Map<String, Long> now = servedByStatus(uriSuffix);
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        throw new IllegalStateException(name + " was still answering " + uriSuffix + " 120 s after the load stopped");
    }

    private String management(String path) {
        try {
            // Long: right after a load run the service may still be working through the requests wrk left behind.
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                                    .timeout(Duration.ofSeconds(120))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String run(String... command) {
        try {
            Process child =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(child.getInputStream().readAllBytes());
            if (child.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
