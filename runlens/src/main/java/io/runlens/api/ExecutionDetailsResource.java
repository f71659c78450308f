package io.runlens.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.config.RunlensConfig;
import io.runlens.config.TemporalFailureResponse;
import io.runlens.details.ExecutionDetailsService;
import io.runlens.details.RenderedAnswers;
import io.runlens.details.WorkflowDetailsMapper;
import io.runlens.details.WorkflowDetailsResponse;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.BackendGuards;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.faults.TemporalBudget;
import io.runlens.temporal.TemporalRun;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Kubiya's execution details: the row and the Temporal history, fetched in parallel and merged. */
@Path("/api/v1/executions/{execution_id}/details")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions")
@SecurityRequirement(name = RunlensApi.BEARER)
@SecurityRequirement(name = RunlensApi.COOKIE)
public class ExecutionDetailsResource {

    private final ExecutionDetailsService service;
    private final WorkflowDetailsMapper mapper;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;
    private final RunlensConfig config;
    private final BackendGuards guards;
    private final RenderedAnswers renderedAnswers;
    private final AnswerRenderer renderer;
    private final PayloadOmission omission;
    private final HeldRequests holding;

    public ExecutionDetailsResource(
            ExecutionDetailsService service,
            WorkflowDetailsMapper mapper,
            CallerOrganization callerOrganization,
            SecurityIdentity identity,
            RunlensConfig config,
            BackendGuards guards,
            RenderedAnswers renderedAnswers,
            AnswerRenderer renderer,
            PayloadOmission omission,
            HeldRequests holding) {
        this.holding = holding;
        this.guards = guards;
        this.renderedAnswers = renderedAnswers;
        this.renderer = renderer;
        this.omission = omission;
        this.service = service;
        this.mapper = mapper;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(
            operationId = "get_execution_details",
            summary = "Get Execution Details",
            description =
                    "Execution status and timing, the activity trace with timeline, recent events and the Temporal "
                            + "Web UI link. The id is the execution UUID or the Temporal workflow id. When Temporal is slow or "
                            + "down the answer comes from the database alone and sources.temporal says why. "
                            + HeldRequests.DESCRIPTION)
    @APIResponse(
            responseCode = "200",
            description = "Successful Response",
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = WorkflowDetailsResponse.class)))
    @APIResponse(
            responseCode = "304",
            description = HeldRequests.NOT_MODIFIED,
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid execution id, recent_events or wait")
    @APIResponse(responseCode = "403", description = "Access denied (configurable cross-tenant answer)")
    @APIResponse(responseCode = "404", description = "Execution not found")
    @APIResponse(
            responseCode = "503",
            description =
                    "PostgreSQL unreachable (or Temporal, when configured), or too many requests held with Prefer: "
                            + "wait (runlens.poll.max-concurrent, runlens.poll.max-concurrent-per-organization); see Retry-After")
    public Uni<Response> details(
            @Parameter(description = "Execution UUID or Temporal workflow ID") @PathParam("execution_id")
                    String executionId,
            @Parameter(
                            description = "How many of the newest events to return, 0 to 1000 (default 20)",
                            schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("recent_events")
                    String recentEvents,
            @Parameter(description = "Show this Temporal run of the execution instead of its latest (see runs[])")
                    @QueryParam("run_id")
                    String runId,
            @BeanParam WaitParams waiting,
            @Context UriInfo uri) {
        var ref = RequestParams.parseRef(executionId);
        int window = recentWindow(recentEvents);
        Optional<String> run = RequestParams.runId(runId);
        Optional<Long> held = holding.requestedWait(waiting);
        String organization = callerOrganization.of(identity);
        boolean omitPayloads = omission.omits(uri, identity, organization);
        return holding.answer(
                organization, held, waiting.ifNoneMatch, () -> read(organization, ref, window, run, omitPayloads));
    }

    // One read of the answer, rendered before the budget is closed: its history-read permit covers the whole cold
    // answer.
    private Uni<HeldRequests.Read> read(
            String organization, ExecutionRef ref, int window, Optional<String> run, boolean omitPayloads) {
        TemporalBudget budget = guards.answerBudget();
        return guards.withinDeadline(() -> service.details(organization, ref, window, run, budget)
                        .map(details -> {
                            if (TemporalRun.UNAVAILABLE.equals(details.run().availability())
                                    && config.api().temporalFailure() == TemporalFailureResponse.SERVICE_UNAVAILABLE) {
                                throw new ApiProblem(
                                        Response.Status.SERVICE_UNAVAILABLE,
                                        "Temporal is unavailable: "
                                                + details.run().reason(),
                                        Map.of(
                                                "Retry-After",
                                                String.valueOf(BackendUnavailableException.RETRY_SOON_SECONDS)));
                            }
                            Optional<RenderedAnswers.Key> key = renderedAnswers.keyOf(details, window);
                            Optional<RenderedAnswers.Rendered> kept =
                                    key.flatMap(settled -> renderedAnswers.get(settled, omitPayloads));
                            RenderedAnswers.Rendered rendered = kept.orElseGet(() -> {
                                RenderedAnswers.Rendered fresh =
                                        renderer.render(mapper.toResponse(details), omitPayloads, details.decoded());
                                key.ifPresent(settled -> renderedAnswers.put(settled, omitPayloads, fresh));
                                return fresh;
                            });
                            return HeldRequests.Read.of(rendered, details.row(), details.run());
                        }))
                .onTermination()
                .invoke(budget::close);
    }

    private int recentWindow(String value) {
        return RequestParams.wholeNumber(
                "recent_events",
                value,
                config.api().defaultRecentEvents(),
                0,
                config.api().maxRecentEvents());
    }
}
