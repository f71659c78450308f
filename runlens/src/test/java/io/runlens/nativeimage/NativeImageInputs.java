package io.runlens.nativeimage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * What native-image would read from a directory of native sources ({@code native-image.args}, the
 * runner jar and {@code lib/}): its arguments, and the configuration files on its class path
 * ({@code META-INF/native-image/**}) less those an {@code --exclude-config} argument drops.
 */
final class NativeImageInputs {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path directory;
    final List<String> args;
    final Path runnerJar;
    private final List<Pattern[]> excluded = new ArrayList<>();

    NativeImageInputs(Path directory) throws IOException {
        this.directory = directory;
        this.args = List.of(
                Files.readString(directory.resolve("native-image.args")).trim().split("\\s+"));
        int jar = args.indexOf("-jar");
        this.runnerJar = jar < 0 || jar + 1 >= args.size() ? null : directory.resolve(args.get(jar + 1));
        for (int i = 0; i + 2 < args.size(); i++) {
            if (args.get(i).equals("--exclude-config")) {
                excluded.add(new Pattern[] {Pattern.compile(args.get(i + 1)), Pattern.compile(args.get(i + 2))});
            }
        }
    }

    /** The runner jar, then the jars its manifest's Class-Path names: native-image's class path. */
    List<Path> classPath() throws IOException {
        List<Path> jars = new ArrayList<>(List.of(runnerJar));
        jars.addAll(manifestClassPath());
        return jars;
    }

    List<Path> manifestClassPath() throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            List<Path> entries = new ArrayList<>();
            for (String entry :
                    classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
                entries.add(directory.resolve(entry));
            }
            return entries;
        }
    }

    /** Whether an {@code --exclude-config} argument drops {@code resource} of {@code jar}. */
    boolean isExcluded(Path jar, String resource) {
        String jarPath = jar.toAbsolutePath().toString();
        return excluded.stream()
                .anyMatch(pair -> pair[0].matcher(jarPath).find()
                        && pair[1].matcher("/" + resource).find());
    }

    /** Every configuration file named {@code fileName} under META-INF/native-image on the class path, parsed. */
    List<Config> configs(String fileName) throws IOException {
        List<Config> found = new ArrayList<>();
        for (Path jarPath : classPath()) {
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                for (ZipEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    if (name.startsWith("META-INF/native-image/")
                            && name.endsWith("/" + fileName)
                            && !isExcluded(jarPath, name)) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            found.add(new Config(jarPath.getFileName() + "!/" + name, JSON.readTree(in)));
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Classes registered with their methods (all public or all declared ones) by reflect-config.json files. */
    Set<String> classesWithMethods() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Config config : configs("reflect-config.json")) {
            for (JsonNode entry : config.json()) {
                addIfMethods(entry, entry.path("name"), names);
            }
        }
        for (Config config : configs("reachability-metadata.json")) {
            for (JsonNode entry : config.json().path("reflection")) {
                addIfMethods(entry, entry.path("type"), names);
            }
        }
        return names;
    }

    private static void addIfMethods(JsonNode entry, JsonNode name, Set<String> names) {
        if (name.isTextual()
                && (entry.path("allPublicMethods").asBoolean()
                        || entry.path("allDeclaredMethods").asBoolean())) {
            names.add(name.asText());
        }
    }

    /** The include patterns (regular expressions; globs turned into them) of the resource configurations. */
    List<Pattern> resourceIncludes() throws IOException {
        List<Pattern> patterns = new ArrayList<>();
        List<JsonNode> includes = new ArrayList<>();
        for (Config config : configs("resource-config.json")) {
            JsonNode resources = config.json().path("resources");
            (resources.isArray() ? resources : resources.path("includes")).forEach(includes::add);
        }
        for (Config config : configs("reachability-metadata.json")) {
            config.json().path("resources").forEach(includes::add);
        }
        for (JsonNode include : includes) {
            if (include.hasNonNull("pattern")) {
                patterns.add(Pattern.compile(include.get("pattern").asText()));
            } else if (include.hasNonNull("glob")) {
                patterns.add(globPattern(include.get("glob").asText()));
            }
        }
        return patterns;
    }

    static Pattern globPattern(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether the runner jar holds {@code entry}. */
    boolean runnerHolds(String entry) throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile())) {
            return jar.getEntry(entry) != null;
        }
    }

    /** The text of {@code entry} in the runner jar. */
    String runnerEntry(String entry) throws IOException {
        try (JarFile jar = new JarFile(runnerJar.toFile());
                InputStream in = jar.getInputStream(jar.getEntry(entry))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The native sources under {@code target}: native-sources/ (sources-only) or the build's own source jar directory. */
    static Path locate(Path target) {
        Path sourcesOnly = target.resolve("native-sources");
        if (Files.isRegularFile(sourcesOnly.resolve("native-image.args"))) {
            return sourcesOnly;
        }
        try (Stream<Path> entries = Files.list(target)) {
            return entries.filter(path -> path.getFileName().toString().endsWith("-native-image-source-jar"))
                    .filter(path -> Files.isRegularFile(path.resolve("native-image.args")))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Config(String where, JsonNode json) {}
}
