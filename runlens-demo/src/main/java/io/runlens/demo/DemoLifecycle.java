package io.runlens.demo;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;

/** Runs the demo when {@code runlens.demo.enabled} is true: Temporal, then the runs, then the token. */
@ApplicationScoped
public class DemoLifecycle {

    private final DemoConfig config;
    private final DemoTemporal temporal;
    private final DemoExecutions executions;
    private final DemoAccessBanner banner;

    public DemoLifecycle(DemoConfig config, DemoTemporal temporal, DemoExecutions executions, DemoAccessBanner banner) {
        this.config = config;
        this.temporal = temporal;
        this.executions = executions;
        this.banner = banner;
    }

    // StartupEvent observers run on the main thread, after Flyway has migrated: blocking here is safe.
    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        refuseInProduction(io.quarkus.runtime.configuration.ConfigUtils.getProfiles());
        checkPort("runlens.demo.temporal-port", config.temporalPort());
        checkPort("runlens.demo.codec-port", config.codecPort());
        temporal.start();
        executions.startAll();
        banner.print(executions.executions());
    }

    // Stop in reverse: nothing may write rows once the worker, the client and the database are gone.
    void onStop(@Observes ShutdownEvent event) {
        if (!config.enabled()) {
            return;
        }
        executions.stop();
        temporal.stop();
        EmbeddedPostgresFallback.stop();
    }

    /** A port setting out of TCP's range stops the demo before anything starts, naming the setting. */
    static void checkPort(String key, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalStateException(key + " must be between 0 and 65535 (0: any free port), was " + port);
        }
    }

    /**
     * The demo's generated keys, printed token and sample rows must never run beside real data: in
     * the {@code prod} profile {@code runlens.demo.enabled=true} stops start-up instead.
     */
    static void refuseInProduction(List<String> activeProfiles) {
        if (activeProfiles.contains("prod") || activeProfiles.isEmpty()) {
            throw new IllegalStateException("runlens.demo.enabled=true is refused in the prod profile; "
                    + "run the demo with -Dquarkus.profile=demo");
        }
    }
}
