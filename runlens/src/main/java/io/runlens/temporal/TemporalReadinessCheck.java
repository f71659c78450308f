package io.runlens.temporal;

import io.runlens.config.RunlensConfig;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the Temporal frontends, asked through the async stub so the probe never blocks the event
 * loop. The default connection decides the status (configurable to report it without making the service
 * unready); each namespace with a frontend of its own is asked too and reported in the data, but does
 * not make the service unready: every replica shares that frontend, so taking them all out of the
 * Service would stop every tenant's answers for one tenant's outage, while that namespace's own breaker
 * ({@link TemporalGuard}) already answers its executions partially at once.
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
        List<String> connections = client.connections();
        List<Uni<Optional<String>>> probes = connections.stream()
                .map(connection -> client.serverVersion(connection)
                        .ifNoItem()
                        .after(config.health().temporalTimeout())
                        .fail()
                        .map(Optional::of)
                        .onFailure()
                        .recoverWithItem(Optional.<String>empty()))
                .toList();
        return Uni.join().all(probes).andFailFast().map(versions -> {
            // connections() lists the default connection first.
            boolean reachable = versions.get(0).isPresent();
            HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                    .status(reachable || !config.health().temporalAffectsReadiness());
            for (int i = 0; i < connections.size(); i++) {
                // The default connection's data keep their names; a namespace's own are prefixed with it.
                String prefix = connections.get(i).isEmpty() ? "" : connections.get(i) + ".";
                response.withData(prefix + "target", client.target(connections.get(i)));
                Optional<String> version = versions.get(i);
                if (version.isPresent()) {
                    response.withData(prefix + "server_version", version.get());
                } else {
                    response.withData(prefix + "reachable", false);
                }
            }
            if (!reachable) {
                response.withData("affects_readiness", config.health().temporalAffectsReadiness());
            }
            return response.build();
        });
    }
}
