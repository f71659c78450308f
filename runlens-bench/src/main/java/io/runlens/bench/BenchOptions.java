package io.runlens.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options shared by the benchmark and the soak. */
final class BenchOptions {

    /**
     * JVM options of the packaged service: the Dockerfile's, plus the AppCDS archive that runlens-bench/harness
     * packages (the image leaves it out: an archive only loads in the JVM build that wrote it).
     */
    static final String DEFAULT_JVM =
            "-XX:SharedArchiveFile=app-cds.jsa -XX:+UseSerialGC -Xms32m -Xmx128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
                    + " -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -Xss512k";
    /** glibc arenas of the service process (MALLOC_ARENA_MAX); 0 leaves glibc's default (8 per core). */
    static final int DEFAULT_MALLOC_ARENAS = 2;

    boolean quick;
    int seconds = 10;
    int warmupSeconds = 3;
    /** Seconds of details load per size given to an uncached instance before its cells, so its JIT settles first. */
    int instanceWarmupSeconds;

    List<Integer> sizes = List.of(10, 100, 1000, 10_000);
    List<String> jvmOptions = split(DEFAULT_JVM);
    /** The {@code java} launcher the service runs on ({@code --java}); by default the harness's own JDK's. */
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    /** The packaged service's directory ({@code --app}): another build's quarkus-app can be measured side by side. */
    Path app = Path.of("runlens", "target", "quarkus-app");

    Path out;
    int mallocArenas = DEFAULT_MALLOC_ARENAS;
    String schema = "runlens_bench";
    /** The benchmark's service instances to measure (cached, uncached, delayed); empty: all of them. */
    List<String> instances = List.of();

    int startupRuns;
    // Soak only.
    int rate = 50;
    int minutes = 10;

    static BenchOptions parse(String[] args, Path defaultOut) {
        BenchOptions options = new BenchOptions();
        options.out = defaultOut;
        boolean outGiven = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> {
                    options.quick = true;
                    options.seconds = 2;
                    options.warmupSeconds = 1;
                    options.minutes = 1;
                }
                case "--seconds" -> options.seconds = Integer.parseInt(args[++i]);
                case "--warmup" -> options.warmupSeconds = Integer.parseInt(args[++i]);
                case "--instance-warmup" -> options.instanceWarmupSeconds = Integer.parseInt(args[++i]);
                case "--sizes" ->
                    options.sizes = Arrays.stream(args[++i].split(","))
                            .map(String::trim)
                            .map(Integer::valueOf)
                            .toList();
                case "--jvm" -> options.jvmOptions = split(args[++i]);
                case "--jvm-extra" -> {
                    List<String> all = new ArrayList<>(options.jvmOptions);
                    all.addAll(split(args[++i]));
                    options.jvmOptions = all;
                }
                case "--java" -> options.java = Path.of(args[++i]);
                case "--app" -> options.app = Path.of(args[++i]);
                case "--instances" -> options.instances = List.of(args[++i].split(","));
                case "--out" -> {
                    options.out = Path.of(args[++i]);
                    outGiven = true;
                }
                case "--malloc-arenas" -> options.mallocArenas = Integer.parseInt(args[++i]);
                case "--schema" -> options.schema = args[++i];
                case "--startup-only" -> options.startupRuns = Integer.parseInt(args[++i]);
                case "--rate" -> options.rate = Integer.parseInt(args[++i]);
                case "--minutes" -> options.minutes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        // A development run never overwrites the documented figures unless told to.
        if (options.quick && !outGiven) {
            options.out = Path.of(
                    "runlens-bench", "target", "bench", defaultOut.getFileName().toString());
        }
        return options;
    }

    /** Whether the benchmark measures its service instance {@code name} ({@code --instances}, default all). */
    boolean measures(String name) {
        return instances.isEmpty() || instances.contains(name);
    }

    static List<String> split(String options) {
        List<String> list = new ArrayList<>();
        for (String option : options.trim().split("\\s+")) {
            if (!option.isEmpty()) {
                list.add(option);
            }
        }
        return list;
    }
}
