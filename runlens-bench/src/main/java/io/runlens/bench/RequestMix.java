package io.runlens.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the soak asks the service, round-robin: for closed runs of 10, 100 and 1,000 events the row,
 * details, details with the ETag it answered (a 304) and steps; for running runs details (whole and
 * with recent events only) and steps; and both lists. Reads that touch Temporal are marked, since only
 * those may answer a partial 200 while Temporal is broken.
 */
final class RequestMix {

    /** One kind of request of the mix. */
    record Request(String kind, URI uri, Optional<String> ifNoneMatch, boolean hasTemporalPart) {}

    private RequestMix() {}

    /** Asks for each closed run's details once, to check it whole and learn its ETag. */
    static List<Request> of(String base, List<BenchBackends.Execution> closed, List<UUID> running, String token) {
        List<Request> mix = new ArrayList<>();
        for (BenchBackends.Execution execution : closed) {
            String details = base + "/api/v1/executions/" + execution.id() + "/details";
            String etag = Probe.fullDetails(details, token, execution.events()).etag();
            mix.add(new Request(
                    "row", URI.create(base + "/api/v1/executions/" + execution.id()), Optional.empty(), false));
            mix.add(new Request("details (closed)", URI.create(details), Optional.empty(), true));
            mix.add(new Request("details 304", URI.create(details), Optional.of(etag), true));
            mix.add(new Request(
                    "steps (closed)",
                    URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions/"
                            + execution.id()),
                    Optional.empty(),
                    true));
        }
        for (UUID id : running) {
            mix.add(new Request(
                    "details (running)",
                    URI.create(base + "/api/v1/executions/" + id + "/details"),
                    Optional.empty(),
                    true));
            mix.add(new Request(
                    "details (running)",
                    URI.create(base + "/api/v1/executions/" + id + "/details?recent_events=50"),
                    Optional.empty(),
                    true));
            mix.add(new Request(
                    "steps (running)",
                    URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions/" + id),
                    Optional.empty(),
                    true));
        }
        mix.add(new Request("list", URI.create(base + "/api/v1/executions?limit=20"), Optional.empty(), false));
        mix.add(new Request(
                "list",
                URI.create(base + "/api/v1/workflows/" + BenchBackends.WORKFLOW_DEFINITION + "/executions?limit=5"),
                Optional.empty(),
                false));
        return mix;
    }
}
