package io.runlens.api;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.runlens.auth.CallerOrganization;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.BackendGuards;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.stream.EventKind;
import io.runlens.stream.ExecutionStreamService;
import io.runlens.stream.StreamCredentials;
import io.runlens.stream.StreamSlots;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Everything a live stream must settle before its first byte: once an SSE response has started, a
 * failure can only end the stream, so a bad id (400), a credential without organization (403), an
 * execution the caller cannot see (404, as details), a missing run (404), a full house or an
 * organization at its own cap (503) or an unreachable PostgreSQL or Temporal (503) is answered here,
 * as the problem+json every endpoint sends. The resource method then only streams what this filter
 * admitted, for as long as the caller's credential stays good.
 */
public class ExecutionStreamPreflight {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    static final String LAST_EVENT_ID_QUERY = "last_event_id";
    static final String KINDS = "kinds";

    private final ExecutionStreamService streams;
    private final StreamSlots slots;
    private final CallerOrganization callerOrganization;
    private final CurrentIdentityAssociation identities;
    private final PayloadOmission omission;
    private final BackendGuards guards;
    private final StreamAdmission admission;
    private final StreamCredentials credentials;

    public ExecutionStreamPreflight(
            ExecutionStreamService streams,
            StreamSlots slots,
            CallerOrganization callerOrganization,
            CurrentIdentityAssociation identities,
            PayloadOmission omission,
            BackendGuards guards,
            StreamAdmission admission,
            StreamCredentials credentials) {
        this.credentials = credentials;
        this.streams = streams;
        this.slots = slots;
        this.callerOrganization = callerOrganization;
        this.identities = identities;
        this.omission = omission;
        this.guards = guards;
        this.admission = admission;
    }

    @ServerRequestFilter
    public Uni<Void> admit(ContainerRequestContext request, SimpleResourceInfo resource, RoutingContext routing) {
        if (resource.getResourceClass() != ExecutionStreamResource.class) {
            return Uni.createFrom().voidItem();
        }
        var path = request.getUriInfo().getPathParameters();
        var query = request.getUriInfo().getQueryParameters();
        ExecutionRef ref = RequestParams.parseRef(path.getFirst("execution_id"));
        Optional<String> runId = RequestParams.runId(query.getFirst("run_id"));
        long resumeAfter = resumeAfter(request.getHeaderString(LAST_EVENT_ID), query.get(LAST_EVENT_ID_QUERY));
        Set<EventKind> kinds = kinds(query.get(KINDS));
        return identities.getDeferredIdentity().flatMap(identity -> {
            if (identity.isAnonymous()) {
                // The endpoint's @Authenticated check answers 401.
                return Uni.createFrom().voidItem();
            }
            String organization = callerOrganization.of(identity);
            boolean omitPayloads = omission.omits(query.get(IncludePayloadsFilter.PARAMETER), identity, organization);
            StreamSlots.Slot slot;
            try {
                slot = slots.acquire(organization);
            } catch (StreamSlots.Full full) {
                throw new ApiProblem(
                        Response.Status.SERVICE_UNAVAILABLE,
                        full.getMessage(),
                        Map.of("Retry-After", String.valueOf(BackendUnavailableException.RETRY_SOON_SECONDS)));
            }
            // However the request ends (refused below, streamed, cut by the client), the slot comes back.
            routing.addEndHandler(ignored -> slot.release());
            return guards.withinDeadline(() -> streams.locate(organization, ref, runId))
                    .onFailure()
                    .invoke(slot::release)
                    .invoke(run -> {
                        admission.admit(new StreamAdmission.Admitted(
                                run,
                                resumeAfter,
                                slot,
                                omitPayloads,
                                credentials.watch(identity),
                                organization,
                                ref,
                                kinds));
                        // Response filters do not run for a stream, whose head is written before its first event.
                        Object requestId = MDC.get(RequestIds.MDC_KEY);
                        if (requestId != null) {
                            routing.response().putHeader(RequestIds.HEADER, requestId.toString());
                        }
                    })
                    .replaceWithVoid();
        });
    }

    /** The event id to resume after: the Last-Event-ID header (what EventSource sends on reconnect) wins over the query. */
    static long resumeAfter(String header, List<String> query) {
        String value = header != null ? header : query == null || query.isEmpty() ? null : query.get(0);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long id = Long.parseLong(value.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.badRequest("Last-Event-ID (or last_event_id) must be the id of an event of this stream, "
                + "a whole number from 0");
    }

    /** The kinds of history events the client asked for ({@code kinds}, comma-separated or repeated); all by default. */
    static Set<EventKind> kinds(List<String> values) {
        try {
            return EventKind.parse(values);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
