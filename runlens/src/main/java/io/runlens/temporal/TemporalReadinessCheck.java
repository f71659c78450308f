package io.runlens.temporal;

import io.runlens.config.RunlensConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Temporal frontend, asked through the async stub so the probe never blocks the
 * event loop. Configurable to report Temporal's state without making the service unready.
 */
@Readiness
@ApplicationScoped
public class TemporalReadinessCheck implements AsyncHealthCheck {

    private static final String NAME = "Temporal frontend";

    private final TemporalClient client;
    private final RunlensConfig config;

    public TemporalReadinessCheck(TemporalClient client, RunlensConfig config) {
        this.client = client;
        this.config = config;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        String target = config.temporal().target();
        return client.serverVersion()
                .ifNoItem()
                .after(config.health().temporalTimeout())
                .fail()
                .map(version -> HealthCheckResponse.named(NAME)
                        .up()
                        .withData("target", target)
                        .withData("server_version", version)
                        .build())
                .onFailure()
                .recoverWithItem(failure -> HealthCheckResponse.named(NAME)
                        .status(!config.health().temporalAffectsReadiness())
                        .withData("target", target)
                        .withData("reachable", false)
                        .withData("affects_readiness", config.health().temporalAffectsReadiness())
                        .build());
    }
}
