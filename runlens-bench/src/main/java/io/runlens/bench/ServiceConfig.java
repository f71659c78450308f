package io.runlens.bench;

import io.runlens.support.TestTokens;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged service's configuration for a bench run, shared by the benchmark and the soak. The
 * database port and Temporal target are parameters because a fault proxy may stand in front of either;
 * tokens are verified against the public half of the key {@link BenchCaller} signs with.
 */
final class ServiceConfig {

    private ServiceConfig() {}

    /** A mutable map, so a caller can add its instance's own settings (cache off, fetch mode). */
    static Map<String, String> against(BenchBackends backends, int dbPort, String temporalTarget) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("runlens.db.host", BenchBackends.DB_HOST);
        config.put("runlens.db.port", String.valueOf(dbPort));
        config.put("runlens.db.schema", backends.schema());
        config.put("runlens.temporal.target", temporalTarget);
        config.put(
                "mp.jwt.verify.publickey.location",
                Path.of("runlens/src/test/resources/jwt/public-key.pem")
                        .toAbsolutePath()
                        .toString());
        config.put("mp.jwt.verify.issuer", TestTokens.ISSUER);
        return config;
    }
}
