package io.runlens.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
