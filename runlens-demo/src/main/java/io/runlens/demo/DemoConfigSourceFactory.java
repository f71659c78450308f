package io.runlens.demo;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the demo profiles ({@code demo}, {@code dev}) work on a bare machine: generated JWT keys when
 * none are configured, and an embedded PostgreSQL when none answers. Does nothing in other profiles.
 */
public class DemoConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250), env (300) and system properties (400): any real key wins. */
    static final int GENERATED_KEYS_ORDINAL = 50;

    /** Above system properties: once the fallback runs, it is where the database really is. */
    static final int EMBEDDED_DATABASE_ORDINAL = 600;

    private static final List<String> DEMO_PROFILES = List.of("demo", "dev");
    private static final String AUGMENTOR = "io.quarkus.deployment.QuarkusAugmentor";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (context.getProfiles().stream().noneMatch(DEMO_PROFILES::contains) || augmenting()) {
            return List.of();
        }
        List<ConfigSource> sources = new ArrayList<>();
        if (!isSet(context, "mp.jwt.verify.publickey") && !isSet(context, "mp.jwt.verify.publickey.location")) {
            sources.add(new PropertiesConfigSource(
                    DemoSigningKeys.kept(signingKeyFile(context)).asProperties(),
                    "runlens demo generated JWT keys",
                    GENERATED_KEYS_ORDINAL));
        }
        if (Boolean.parseBoolean(value(context, "runlens.demo.enabled", "false"))) {
            String host = value(context, "runlens.db.host", "127.0.0.1");
            int port = Integer.parseInt(value(context, "runlens.db.port", "5432"));
            if (EmbeddedPostgresFallback.isRunning() || !EmbeddedPostgresFallback.answers(host, port)) {
                int embeddedPort = EmbeddedPostgresFallback.start(host + ":" + port);
                sources.add(new PropertiesConfigSource(
                        Map.of("runlens.db.host", "localhost", "runlens.db.port", Integer.toString(embeddedPort)),
                        "runlens demo embedded PostgreSQL",
                        EMBEDDED_DATABASE_ORDINAL));
            }
        }
        return sources;
    }

    /** {@code runlens.demo.signing-key-file}, or the file under the user's home. */
    static Path signingKeyFile(ConfigSourceContext context) {
        String configured = value(context, "runlens.demo.signing-key-file", null);
        return configured == null || configured.isBlank() ? DemoSigningKeys.defaultFile() : Path.of(configured);
    }

    // Dev mode also builds config while it augments (builds) the application: no database for that one.
    private static boolean augmenting() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getClassName().equals(AUGMENTOR)));
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        String value = value(context, name, null);
        return value != null && !value.isBlank();
    }

    private static String value(ConfigSourceContext context, String name, String otherwise) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? otherwise : value.getValue();
    }
}
