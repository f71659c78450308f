package io.runlens.api;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.ExecutionRef;
import io.runlens.faults.BackendGuards;
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

/** Execution rows as Polos serves them. */
@Path("/api/v1/executions")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Executions", description = "Workflow execution lookup")
@SecurityRequirement(name = RunlensApi.BEARER)
@SecurityRequirement(name = RunlensApi.COOKIE)
public class ExecutionResource {

    private final ExecutionLookup lookup;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;
    private final RunlensConfig config;
    private final BackendGuards guards;
    private final HeldRequests holding;
    private final AnswerRenderer renderer;
    private final PayloadOmission omission;

    public ExecutionResource(
            ExecutionLookup lookup,
            CallerOrganization callerOrganization,
            SecurityIdentity identity,
            RunlensConfig config,
            BackendGuards guards,
            HeldRequests holding,
            AnswerRenderer renderer,
            PayloadOmission omission) {
        this.guards = guards;
        this.holding = holding;
        this.renderer = renderer;
        this.omission = omission;
        this.lookup = lookup;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
        this.config = config;
    }

    @GET
    @Path("/{execution_id}")
    @Operation(
            operationId = "get_execution",
            summary = "Get execution details by ID",
            description = "The execution row. The id is the execution UUID or the Temporal workflow id. "
                    + HeldRequests.DESCRIPTION)
    @APIResponse(
            responseCode = "200",
            description = "Execution details",
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ExecutionResponse.class)))
    @APIResponse(
            responseCode = "304",
            description = HeldRequests.NOT_MODIFIED,
            headers =
                    @Header(
                            name = HeldRequests.PREFERENCE_APPLIED,
                            description = HeldRequests.APPLIED_DESCRIPTION,
                            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "Invalid execution ID or wait")
    @APIResponse(responseCode = "404", description = "Execution not found (or owned by another organization)")
    @APIResponse(responseCode = "503", description = HeldRequests.TOO_MANY)
    public Uni<Response> get(
            @Parameter(description = "Execution UUID or Temporal workflow ID") @PathParam("execution_id")
                    String executionId,
            @BeanParam WaitParams waiting,
            @Context UriInfo uri) {
        ExecutionRef ref = RequestParams.parseRef(executionId);
        Optional<Long> held = holding.requestedWait(waiting);
        String organization = callerOrganization.of(identity);
        boolean omitPayloads = omission.omits(uri, identity, organization);
        return holding.answer(
                organization,
                held,
                waiting.ifNoneMatch,
                () -> guards.withinDeadline(() -> lookup.require(organization, ref)
                        .map(row -> HeldRequests.Read.ofRow(
                                renderer.render(ExecutionResponse.from(row), omitPayloads, Map.of()), row))));
    }

    @GET
    @Operation(
            operationId = "list_executions",
            summary = "List executions, newest first",
            description = "Keyset-paginated: pass next_cursor back as cursor, with the same filters, to get the next "
                    + "page (a cursor is refused by a list with other filters). Filters combine with and; "
                    + "statuses with or.")
    @APIResponse(
            responseCode = "200",
            description = "A page of executions",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ExecutionPage.class)))
    @APIResponse(
            responseCode = "400",
            description = "Invalid limit, cursor (or one made for other filters), status, workflow_id, workflow_type "
                    + "or time")
    public Uni<ExecutionPage> list(
            @Parameter(description = "Page size, 1 to 200 (default 50)", schema = @Schema(type = SchemaType.INTEGER))
                    @QueryParam("limit")
                    String limit,
            @Parameter(description = "next_cursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "Only executions of this workflow definition") @QueryParam("workflow_id")
                    String workflowId,
            @BeanParam ListFilterParams filters) {
        RequestParams.ListQuery query =
                RequestParams.ListQuery.of(limit, cursor, filters.with(workflowId), Optional.empty(), config.api());
        String organization = callerOrganization.of(identity);
        return guards.withinDeadline(() -> lookup.page(organization, query.filter(), query.after(), query.limit())
                .map(ExecutionPage::from));
    }
}
