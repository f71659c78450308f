package io.runlens.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * The demo application's own keys: an in-process Temporal service, sample workflows and their
 * execution rows. Its {@code %dev} and {@code %demo} profiles turn it on. These keys exist only in the
 * {@code runlens-demo} module; the service's production jar neither contains the demo nor knows them.
 */
@ConfigMapping(prefix = "runlens.demo")
public interface DemoConfig {

    /** Whether start-up runs the demo (in-process Temporal, sample workflows, rows for organization {@code demo}). */
    @WithDefault("false")
    boolean enabled();

    /**
     * TCP port of the in-process Temporal service; {@code 0} picks a free port (then
     * {@code runlens.temporal.target} cannot name it, see {@code DemoTemporal#target()}).
     */
    @WithDefault("7233")
    int temporalPort();

    /**
     * TCP port of the demo's codec server, which decrypts the sealed workflow's payloads; the demo
     * profiles point {@code runlens.codec.url} at it.
     */
    @WithDefault("7243")
    int codecPort();

    /**
     * File that keeps the RSA key pair the demo signs its printed token with (owner-only), so a token keeps
     * working across restarts until it expires; made at the first start. Read only when no
     * {@code mp.jwt.verify.publickey(.location)} is configured. Default: {@code ~/.runlens/demo-signing-key.pem}.
     */
    Optional<String> signingKeyFile();
}
