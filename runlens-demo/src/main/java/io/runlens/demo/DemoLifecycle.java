package io.runlens.demo;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Runs the demo when {@code runlens.demo.enabled} is true: Temporal, then the runs, then the token. */
@ApplicationScoped
public class DemoLifecycle {

    /** Where the in-process Temporal service and the codec server listen. */
    static final String LOOPBACK = "127.0.0.1";

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

    /**
     * Runs before every other start-up observer (the schema migration included) and before Quarkus opens
     * its HTTP and management ports: a refused setting or a taken port ends the start here, as one line
     * on stderr (Quarkus prints a {@link ConfigurationException}'s message alone), before the demo has
     * printed or written anything.
     */
    void checkBeforeAnything(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 100) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        refuseInProduction(io.quarkus.runtime.configuration.ConfigUtils.getProfiles());
        checkPort("runlens.demo.temporal-port", config.temporalPort());
        checkPort("runlens.demo.codec-port", config.codecPort());
        for (Listener listener : listeners(ConfigProvider.getConfig(), config, LaunchMode.current())) {
            listener.refuseIfTaken();
        }
    }

    // StartupEvent observers run on the main thread, after Flyway has migrated: blocking here is safe.
    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
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

    /** A TCP port the demo is about to listen on, and the setting that chooses it. */
    record Listener(String setting, String host, int port) {

        /** Binds the port for a moment; if something else holds it, the start ends naming port and setting. */
        void refuseIfTaken() {
            if (port == 0) {
                return;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(host, port));
            } catch (IOException e) {
                throw new ConfigurationException("Runlens demo: port " + port + " on " + host
                        + " is already in use; stop what listens there or start the demo with -D" + setting
                        + "=<a free port>");
            }
        }
    }

    /**
     * Every port this start will listen on: the in-process Temporal service, the codec server, and (outside
     * tests, which choose their own) Quarkus's HTTP and management ports.
     */
    static List<Listener> listeners(Config quarkus, DemoConfig demo, LaunchMode mode) {
        List<Listener> listeners = new ArrayList<>();
        listeners.add(new Listener("runlens.demo.temporal-port", LOOPBACK, demo.temporalPort()));
        listeners.add(new Listener("runlens.demo.codec-port", LOOPBACK, demo.codecPort()));
        if (mode == LaunchMode.TEST) {
            return listeners;
        }
        String httpHost =
                quarkus.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
        listeners.add(new Listener(
                "quarkus.http.port",
                httpHost,
                quarkus.getOptionalValue("quarkus.http.port", Integer.class).orElse(8080)));
        if (quarkus.getOptionalValue("quarkus.management.enabled", Boolean.class)
                .orElse(false)) {
            listeners.add(new Listener(
                    "quarkus.management.port",
                    quarkus.getOptionalValue("quarkus.management.host", String.class)
                            .orElse(httpHost),
                    quarkus.getOptionalValue("quarkus.management.port", Integer.class)
                            .orElse(9000)));
        }
        return listeners;
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
