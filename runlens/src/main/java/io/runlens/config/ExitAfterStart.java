package io.runlens.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * {@code runlens.exit-after-start=true}: once every other start-up observer has run, the process exits
 * with status 0. The JVM writes its AOT cache at exit, so this start is the cache's training run.
 */
@ApplicationScoped
public class ExitAfterStart {

    private static final Logger LOG = Logger.getLogger(ExitAfterStart.class);

    private final RunlensConfig config;

    public ExitAfterStart(RunlensConfig config) {
        this.config = config;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER + 1000) StartupEvent event) {
        if (config.exitAfterStart()) {
            LOG.info("started; exiting as asked (runlens.exit-after-start=true)");
            Quarkus.asyncExit(0);
        }
    }
}
