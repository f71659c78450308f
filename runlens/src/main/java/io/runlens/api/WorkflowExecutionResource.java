package io.runlens.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.config.RunlensConfig;
import io.runlens.details.ExecutionDetailsService;
import io.runlens.details.StepExecutionMapper;
import io.runlens.details.StepExecutionResponse;
import io.runlens.execution.ExecutionLookup;
import io.runlens.faults.BackendGuards;
import io.runlens.faults.TemporalBudget;
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

/** One workflow definition's executions, and the workflow-automation platform's step-level detail of one run. */
@Path("/api/v1/workflows/{id}/executions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Workflows", description = "Executions of one workflow definition")
@SecurityRequirement(name = RunlensApi.BEARER)
@SecurityRequirement(name = RunlensApi.COOKIE)
@APIResponse(responseCode = "400", description = "Invalid workflow id, run id or parameter")
public class WorkflowExecutionResource {

    private final ExecutionLookup lookup;
    private final ExecutionDetailsService details;
    private final StepExecutionMapper mapper;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;
    private final RunlensConfig config;
    private final BackendGuards guards;
    private final AnswerRenderer renderer;
    private final PayloadOmission omission;
    private final HeldRequests holding;

    public WorkflowExecutionResource(
            ExecutionLookup lookup,
            ExecutionDetailsService details,
            StepExecutionMapper mapper,
            CallerOrganization callerOrganization,
            SecurityIdentity identity,
            RunlensConfig config,
            BackendGuards guards,
            AnswerRenderer renderer,
            PayloadOmission omission,
            HeldRequests holding) {
        this.holding = holding;
        this.guards = guards;
        this.renderer = renderer;
        this.omission = omission;
        this.lookup = lookup;
        this.details = details;
        this.mapper = mapper;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Operation(
            operationId = "list_workflow_executions",
            summary = "List a workflow's executions, newest first",
            description = "The same keyset paging and filters as GET /api/v1/executions, for one workflow definition.")
    @APIResponse(
            responseCode = "200",
            description = "A page of executions",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ExecutionPage.class)))
    public Uni<ExecutionPage> list(
            @Parameter(description = "Workflow definition id") @PathParam("id") String workflowId,
            @Parameter(description = "Page size, 1 to 200 (default 50)", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @BeanParam ListFilterParams filters) {
        String definition = workflowDefinition(workflowId);
        var query =
                RequestParams.ListQuery.of(limit, cursor, filters.with(null), Optional.of(definition), config.api());
        String organization = callerOrganization.of(identity);
        return guards.withinDeadline(() -> lookup.page(organization, query.filter(), query.after(), query.limit())
                .map(ExecutionPage::from));
    }

    @GET
    @Path("/{runId}")
    @Operation(
            operationId = "get_workflow_execution",
            summary = "Execution detail with steps",
            description = "One run of a workflow with every step that ran, its input, output, timing, mapped "
                    + "columns and error. {runId} is the execution UUID or the Temporal run id. "
                    + HeldRequests.DESCRIPTION)
    @APIResponse(
            responseCode = "200",
            description = "Execution detail",
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = StepExecutionResponse.class)))
    @APIResponse(
            responseCode = "304",
            description = HeldRequests.NOT_MODIFIED,
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "404", description = "No such run of this workflow in the caller's organization")
    @APIResponse(responseCode = "503", description = HeldRequests.TOO_MANY)
    public Uni<Response> get(
            @Parameter(description = "Workflow definition id") @PathParam("id") String workflowId,
            @Parameter(
                            description =
                                    "Execution UUID (the run /details shows), or a Temporal run id of the execution's "
                                            + "chain (run_id and runs[] of /details)")
                    @PathParam("runId")
                    String runId,
            @BeanParam WaitParams waiting,
            @Context UriInfo uri) {
        String definition = workflowDefinition(workflowId);
        var run = RequestParams.parseRef(runId);
        Optional<Long> held = holding.requestedWait(waiting);
        String organization = callerOrganization.of(identity);
        boolean omitPayloads = omission.omits(uri, identity, organization);
        return holding.answer(organization, held, waiting.ifNoneMatch, () -> {
            // Rendered before the budget is closed: its history-read permit covers the whole cold answer.
            TemporalBudget budget = guards.answerBudget();
            return guards.withinDeadline(() -> details.run(organization, definition, run, budget)
                            .map(found -> HeldRequests.Read.of(
                                    renderer.render(mapper.toResponse(found), omitPayloads, found.decoded()),
                                    found.row(),
                                    found.run())))
                    .onTermination()
                    .invoke(budget::close);
        });
    }

    private static String workflowDefinition(String workflowId) {
        return RequestParams.ListQuery.parseWorkflowId(workflowId)
                .orElseThrow(() -> ApiProblem.badRequest("workflow id is missing"));
    }
}
