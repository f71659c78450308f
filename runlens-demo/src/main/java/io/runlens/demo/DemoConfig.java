package io.runlens.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The demo profile: an in-process Temporal service, sample workflows and their execution rows.
 * Only {@code %dev} and {@code %demo} turn it on; production never runs any of it, and the native
 * build does not contain it (these keys are then ignored). Lives outside {@code io.runlens.demo} so
 * that the keys still map where the demo code is left out.
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
    @Min(0)
    @Max(65535)
    int temporalPort();

    /**
     * TCP port of the demo's codec server, which decrypts the sealed workflow's payloads; the demo
     * profiles point {@code runlens.codec.url} at it.
     */
    @WithDefault("7243")
    @Min(0)
    @Max(65535)
    int codecPort();
}
