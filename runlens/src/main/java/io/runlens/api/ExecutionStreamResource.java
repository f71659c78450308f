package io.runlens.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.quarkus.security.Authenticated;
import io.runlens.payload.CodecDecoding;
import io.runlens.payload.PayloadSerializerModifier;
import io.runlens.stream.CredentialWatch;
import io.runlens.stream.EventKind;
import io.runlens.stream.ExecutionStreamService;
import io.runlens.stream.FollowedRun;
import io.runlens.stream.RunFollower;
import io.runlens.stream.RunUpdate;
import io.runlens.stream.StreamEnd;
import io.runlens.stream.StreamReconnect;
import io.runlens.stream.StreamStatus;
import io.runlens.trace.RunFacts;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.ResponseHeader;

/**
 * Live updates of an execution's run as Server-Sent Events: its history as it stands, then each new
 * event as Temporal records it, until the run closes. Every event carries its Temporal event id, so
 * a client that reconnects with {@code Last-Event-ID} continues exactly after the last one it got.
 * {@link ExecutionStreamPreflight} has settled every refusal before this method runs.
 */
@Path("/api/v1/executions/{execution_id}/stream")
@Authenticated
@Tag(name = "Executions")
@SecurityRequirement(name = RunlensApi.BEARER)
@SecurityRequirement(name = RunlensApi.COOKIE)
public class ExecutionStreamResource {

    private static final Logger LOG = Logger.getLogger(ExecutionStreamResource.class);

    private final RunFollower follower;
    private final CodecDecoding codec;
    private final ObjectMapper json;
    private final StreamAdmission admission;
    private final ExecutionStreamService streams;

    /** The event that carries the execution's row when it changes. */
    static final String EXECUTION = "execution";

    public ExecutionStreamResource(
            RunFollower follower,
            CodecDecoding codec,
            ObjectMapper json,
            StreamAdmission admission,
            ExecutionStreamService streams) {
        this.streams = streams;
        this.follower = follower;
        this.codec = codec;
        this.json = json;
        this.admission = admission;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    // Proxies must neither keep nor buffer a live stream (X-Accel-Buffering: nginx).
    @ResponseHeader(name = "Cache-Control", value = "no-store")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @Operation(
            operationId = "stream_execution",
            summary = "Stream live updates of an execution",
            description =
                    "Server-Sent Events of the execution's Temporal run (the latest, or run_id), until it closes. "
                            + "Events: `status` (data StreamStatus; first on every connection, again when the run closes), "
                            + "`timeline` (id: the Temporal event id; data: one entry of trace.timeline of the details), "
                            + "`history_event` (id: the Temporal event id; data: a WorkflowEvent as in recent_events, for events "
                            + "the timeline leaves out), `end` (data StreamEnd; the run closed, the stream completes), "
                            + "`reconnect` (data StreamReconnect; the stream ends before the run: it reached "
                            + "runlens.stream.max-duration (reason max_duration: reconnect with Last-Event-ID), or the credential it "
                            + "was opened with expired or was revoked (credential_expired, credential_revoked, credential_unverified: "
                            + "reconnect with Last-Event-ID and a fresh credential; an API key is re-checked every "
                            + "runlens.stream.credential-recheck)), `problem` (data Problem; Temporal failed mid-stream: reconnect with Last-Event-ID "
                            + "later), `execution` (data: the execution row as GET /api/v1/executions/{id} answers it; sent "
                            + "when the platform changes the row while the stream is open, no id). Every history event of the run comes exactly once, in order. Lines starting with ':' "
                            + "are keep-alive comments. Reconnect with the Last-Event-ID header (EventSource does) or "
                            + "last_event_id to continue after that event; close the connection on `end`.")
    @APIResponse(
            responseCode = "200",
            description = "The event stream",
            content =
                    @Content(
                            mediaType = MediaType.SERVER_SENT_EVENTS,
                            schema =
                                    @Schema(
                                            type = SchemaType.STRING,
                                            description = "text/event-stream; see the operation")))
    @APIResponse(responseCode = "400", description = "Invalid execution id, run_id, Last-Event-ID or kinds")
    @APIResponse(
            responseCode = "403",
            description = "The credential names no organization (or, when configured, the "
                    + "execution belongs to another one)")
    @APIResponse(responseCode = "404", description = "Execution not found, or Temporal has no such run")
    @APIResponse(
            responseCode = "503",
            description = "Too many open streams on this instance "
                    + "(runlens.stream.max-concurrent) or for the caller's organization (runlens.stream.max-concurrent-per-organization), "
                    + "or PostgreSQL or Temporal unreachable; see Retry-After")
    public Multi<OutboundSseEvent> stream(
            @Parameter(description = "Execution UUID or Temporal workflow ID") @PathParam("execution_id")
                    String executionId,
            @Parameter(description = "Follow this Temporal run of the execution instead of its latest")
                    @QueryParam("run_id")
                    String runId,
            @Parameter(
                            description = "Continue after this event id, for clients that cannot send Last-Event-ID",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                    @QueryParam(ExecutionStreamPreflight.LAST_EVENT_ID_QUERY)
                    String lastEventIdQuery,
            @Parameter(
                            description =
                                    "Continue after this event id (EventSource sends it when it reconnects); wins over "
                                            + "last_event_id",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                    @HeaderParam(ExecutionStreamPreflight.LAST_EVENT_ID)
                    String lastEventId,
            @Parameter(
                            description = "Only history events of these kinds (comma-separated or repeated; all when "
                                    + "absent): workflow, workflow_task, activity, local_activity, child_workflow, "
                                    + "timer, signal, update, marker, other. status, end, reconnect and problem "
                                    + "events always come.",
                            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
                    @QueryParam(ExecutionStreamPreflight.KINDS)
                    List<String> kinds,
            @Context Sse sse) {
        StreamAdmission.Admitted admitted = admission.admitted();
        FollowedRun run = admitted.run();
        CredentialWatch credential = admitted.credential();
        CompletableFuture<Void> runEnded = new CompletableFuture<>();
        Multi<OutboundSseEvent> runEvents = follower.follow(run, admitted.resumeAfter(), credential.cutoff())
                .onSubscription()
                .invoke(credential::start)
                .onItem()
                .transformToUniAndConcatenate(step -> {
                    // A written step stays referenced by the operators until the next one comes (a long poll can
                    // take 30 s): it is handed over once and emptied as it is written, so an idle stream keeps
                    // nothing of its last page (decoded payloads, events, their JSON text).
                    AtomicReference<RunFollower.Step> unwritten = new AtomicReference<>(step);
                    Map<JsonNode, JsonNode> decoded = new IdentityHashMap<>();
                    return codec.decode(run.namespace(), run.workflowId(), step.encodedPayloads(), decoded::put)
                            .replaceWith(() -> {
                                Deque<OutboundSseEvent> events = events(
                                        sse,
                                        unwritten.getAndSet(null),
                                        writer(admitted.omitPayloads(), decoded),
                                        admitted.kinds());
                                decoded.clear();
                                return events;
                            });
                })
                .onItem()
                .transformToIterable(ExecutionStreamResource::drained)
                .onTermination()
                .invoke(() -> runEnded.complete(null));
        return Multi.createBy()
                .merging()
                .withRequests(1)
                .streams(runEvents, rowEvents(sse, admitted, Uni.createFrom().completionStage(runEnded)))
                // Past the response head a failure cannot be a problem response: say it as the last event.
                .onFailure()
                .recoverWithItem(failure -> unexpected(sse, failure))
                .onTermination()
                .invoke(() -> {
                    credential.stop();
                    admitted.slot().release();
                });
    }

    /**
     * An {@code execution} event (the row as GET /api/v1/executions/{id} answers it) each time the
     * execution's row changes while the stream is open; nothing for the row as it was when it opened.
     */
    private Multi<OutboundSseEvent> rowEvents(Sse sse, StreamAdmission.Admitted admitted, Uni<Void> until) {
        ObjectWriter writer = writer(admitted.omitPayloads(), Map.of());
        AtomicReference<String> shown = new AtomicReference<>();
        return streams.rowChanges(admitted.organization(), admitted.ref(), until)
                .onItem()
                .transformToIterable(row -> {
                    String text = text(writer, ExecutionResponse.from(row));
                    String before = shown.getAndSet(text);
                    return before == null || before.equals(text)
                            ? List.<OutboundSseEvent>of()
                            : List.of(sse.newEventBuilder()
                                    .name(EXECUTION)
                                    .data(String.class, text)
                                    .build());
                });
    }

    private static OutboundSseEvent unexpected(Sse sse, Throwable failure) {
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "stream failed, reference %s", reference);
        return data(
                sse,
                "problem",
                null,
                new ObjectMapper().writer(),
                Problem.of(
                        500,
                        "Internal Server Error",
                        "internal error; quote reference " + reference + " to the operator"));
    }

    private ObjectWriter writer(boolean omitPayloads, Map<JsonNode, JsonNode> decoded) {
        return json.writer()
                .withAttribute(PayloadSerializerModifier.OMIT, omitPayloads)
                .withAttribute(PayloadSerializerModifier.DECODED, decoded);
    }

    private static Deque<OutboundSseEvent> events(
            Sse sse, RunFollower.Step step, ObjectWriter writer, Set<EventKind> kinds) {
        Deque<OutboundSseEvent> events = new ArrayDeque<>(step.updates().size());
        for (RunUpdate update : step.updates()) {
            // The kinds select history events only: status, end, reconnect and problems always come.
            if (update instanceof RunUpdate.Event event && !kinds.contains(EventKind.of(event.folded()))) {
                continue;
            }
            events.add(event(sse, update, writer));
        }
        return events;
    }

    // Each event once, let go as it is handed out.
    private static Iterable<OutboundSseEvent> drained(Deque<OutboundSseEvent> events) {
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !events.isEmpty();
            }

            @Override
            public OutboundSseEvent next() {
                OutboundSseEvent next = events.poll();
                if (next == null) {
                    throw new NoSuchElementException();
                }
                return next;
            }
        };
    }

    private static OutboundSseEvent event(Sse sse, RunUpdate update, ObjectWriter writer) {
        if (update instanceof RunUpdate.Event event) {
            return event.folded().timelineEntry() != null
                    ? data(
                            sse,
                            "timeline",
                            event.folded().eventId(),
                            writer,
                            event.folded().timelineEntry())
                    : data(
                            sse,
                            "history_event",
                            event.folded().eventId(),
                            writer,
                            event.folded().event());
        }
        if (update instanceof RunUpdate.Status status) {
            return data(
                    sse,
                    "status",
                    null,
                    writer,
                    new StreamStatus(status.workflowId(), status.runId(), status.status(), status.resumeAfter()));
        }
        if (update instanceof RunUpdate.KeepAlive) {
            return sse.newEventBuilder().comment("keep-alive").build();
        }
        if (update instanceof RunUpdate.Closed closed) {
            RunFacts facts = closed.facts();
            String next = facts.nextRunId() == null || facts.nextRunId().isEmpty() ? null : facts.nextRunId();
            return data(
                    sse,
                    "end",
                    null,
                    writer,
                    new StreamEnd(
                            closed.runId(),
                            closed.status(),
                            closed.closeEventId(),
                            facts.closeTime(),
                            next,
                            facts.result(),
                            facts.failure()));
        }
        if (update instanceof RunUpdate.Reconnect reconnect) {
            return data(
                    sse, "reconnect", null, writer, new StreamReconnect(reconnect.reason(), reconnect.lastEventId()));
        }
        RunUpdate.Failed failed = (RunUpdate.Failed) update;
        return data(
                sse,
                "problem",
                null,
                writer,
                Problem.of(
                        503,
                        "Service Unavailable",
                        "the stream ended after event " + failed.lastEventId() + ": " + failed.reason()
                                + "; reconnect with Last-Event-ID to continue"));
    }

    private static String text(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stream event could not be written as JSON", e);
        }
    }

    // Data is written here with the payload policy's writer, so the event carries the exact JSON text.
    private static OutboundSseEvent data(Sse sse, String name, Long id, ObjectWriter writer, Object value) {
        String text = text(writer, value);
        OutboundSseEvent.Builder event = sse.newEventBuilder().name(name).data(String.class, text);
        if (id != null) {
            event.id(Long.toString(id));
        }
        return event.build();
    }
}
