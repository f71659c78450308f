package io.runlens.nativeimage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inputs Quarkus generates for native-image, checked without GraalVM: the native profile's build
 * ({@code ./mvnw -pl runlens verify -Dnative -Dquarkus.native.sources-only=true}) writes them to
 * {@code target/native-sources} and runs this test, and only this one, on them. What native-image would
 * read from its class path must register every class protobuf's reflection ({@link ProtobufReflection})
 * and Jackson ({@link JacksonReflection}) reach, and hold the migration scripts as resources; its
 * arguments must build the runner jar into the {@code *-runner} executable {@code Dockerfile.native}
 * copies, for the GraalVM that image builds with.
 */
class NativeSourcesIT {

    private static final Path MIGRATIONS = Path.of("src", "main", "resources", "db", "migration");
    private static final Path DOCKERFILE = Path.of("..", "Dockerfile.native");

    private static NativeImageInputs inputs;

    @BeforeAll
    static void readTheNativeSources() throws IOException {
        Path directory = NativeImageInputs.locate(Path.of("target"));
        assertNotNull(
                directory,
                "no native sources in target/: build them with ./mvnw -B -pl runlens verify -Dnative"
                        + " -Dquarkus.native.sources-only=true");
        inputs = new NativeImageInputs(directory);
    }

    @Test
    void theArgumentsBuildTheRunnerJarIntoTheExecutableTheImageCopies() throws IOException {
        List<String> args = inputs.args;
        assertNotNull(inputs.runnerJar, "native-image.args has no -jar: " + args);
        assertTrue(Files.isRegularFile(inputs.runnerJar), inputs.runnerJar + " is not in the native sources");
        String jarName = inputs.runnerJar.getFileName().toString();
        assertTrue(jarName.endsWith("-runner.jar"), jarName);
        // The image name comes right before -jar; Dockerfile.native copies target/*-runner.
        String image = args.get(args.indexOf("-jar") - 1);
        assertEquals(jarName.substring(0, jarName.length() - ".jar".length()), image, "image name in " + args);
        assertTrue(args.contains("--no-fallback"), "a fallback image would need a JVM, which the micro image lacks");
        assertTrue(
                args.stream().noneMatch(arg -> arg.startsWith("-H:ConfigurationFileDirectories")),
                "configuration comes from the class path only: " + args);
        List<Path> missing = new ArrayList<>();
        for (Path entry : inputs.manifestClassPath()) {
            if (!Files.isRegularFile(entry)) {
                missing.add(entry);
            }
        }
        assertEquals(List.of(), missing, "the runner jar's Class-Path names jars the native sources lack");
    }

    @Test
    void theSourcesAreForTheGraalVmDockerfileNativeBuildsWith() throws IOException {
        Path version = inputs.directory.resolve("graalvm.version");
        assertTrue(Files.isRegularFile(version), "no graalvm.version in " + inputs.directory);
        int graalJdk = jdkOf(Files.readString(version).trim());
        Matcher builder = Pattern.compile("(?m)^FROM\\s+\\S*(?:mandrel|graalvm)\\S*:jdk-(\\d+)")
                .matcher(Files.readString(DOCKERFILE));
        assertTrue(builder.find(), "no Mandrel or GraalVM builder image with a jdk-NN tag in " + DOCKERFILE);
        assertEquals(
                graalJdk,
                Integer.parseInt(builder.group(1)),
                "Quarkus generated these arguments for GraalVM "
                        + Files.readString(version).trim()
                        + "; Dockerfile.native's builder image runs another native-image");
    }

    /** The JDK a GraalVM or Mandrel release is built on: 23.1 is JDK 21, 24.0 22, 24.1 23, 24.2 24, 25+ itself. */
    private static int jdkOf(String graalVersion) {
        String[] parts = graalVersion.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (major >= 25) {
            return major;
        }
        if (major == 23 && minor == 1) {
            return 21;
        }
        if (major == 24) {
            return 22 + minor;
        }
        throw new AssertionError("GraalVM " + graalVersion + " is older than any Quarkus 3 supports");
    }

    @Test
    void everyClassProtobufAndJacksonReachIsRegisteredWithItsMethods() throws IOException {
        Set<String> registered = inputs.classesWithMethods();
        Set<String> protobuf = new TreeSet<>(ProtobufReflection.requiredClasses());
        protobuf.removeAll(registered);
        Set<String> jackson = new TreeSet<>(JacksonReflection.requiredClasses());
        jackson.removeAll(registered);
        assertEquals(
                Set.of(),
                protobuf,
                "protobuf message, builder and enum classes native-image would not register" + " (src/main/resources/"
                        + ProtobufReflection.RESOURCE + ": ProtobufReflectionTest)");
        assertEquals(
                Set.of(), jackson, "classes Jackson meets that native-image would not register (NativeReflection)");
        assertEquals(
                Files.readString(Path.of("src", "main", "resources", ProtobufReflection.RESOURCE)),
                inputs.runnerEntry(ProtobufReflection.RESOURCE),
                "the runner jar holds a stale copy of " + ProtobufReflection.RESOURCE);
    }

    @Test
    void everyMigrationScriptIsANativeResource() throws IOException {
        List<String> scripts;
        try (Stream<Path> files = Files.list(MIGRATIONS)) {
            scripts = files.map(file -> "db/migration/" + file.getFileName())
                    .filter(name -> name.endsWith(".sql"))
                    .sorted()
                    .toList();
        }
        assertTrue(scripts.size() >= 1, "no migration scripts in " + MIGRATIONS);
        List<Pattern> includes = inputs.resourceIncludes();
        List<String> notIncluded = new ArrayList<>();
        for (String script : scripts) {
            if (!inputs.runnerHolds(script)
                    || includes.stream().noneMatch(p -> p.matcher(script).matches())) {
                notIncluded.add(script);
            }
        }
        assertEquals(List.of(), notIncluded, "migration scripts a native Runlens would not find on its class path");
    }
}
