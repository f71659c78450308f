package io.runlens.temporal;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.CompletableFuture;

/**
 * Builds the Temporal channel and starts connecting on a pool thread as start-up begins, while the
 * migrations and the query warm-up run: the first readiness probe and the first request then find it
 * connected, instead of building it (gRPC's transport classes, TLS) and connecting on their own time.
 * Nothing waits for it; a Temporal that does not answer yet is the readiness probe's business.
 */
@ApplicationScoped
class EarlyConnect {

    private final TemporalClient temporal;

    EarlyConnect(TemporalClient temporal) {
        this.temporal = temporal;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
        CompletableFuture.runAsync(temporal::connect);
    }
}
