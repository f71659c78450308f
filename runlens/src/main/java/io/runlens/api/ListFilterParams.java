package io.runlens.api;

import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterStyle;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The filters both list endpoints take, as query parameters; {@link RequestParams.ListQuery} checks them. */
public class ListFilterParams {

    @Parameter(
            description =
                    "Only executions with one of these statuses (pending, running, completed, failed, cancelled): repeat the parameter "
                            + "(status=running&status=failed), separate them with commas (status=running,failed), or both",
            style = ParameterStyle.FORM,
            explode = Explode.TRUE,
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class))
    @QueryParam("status")
    List<String> status;

    @Parameter(description = "Only executions of this Temporal workflow type (exact match)")
    @QueryParam("workflow_type")
    String workflowType;

    @Parameter(
            description = "Only executions created at or after this time (RFC 3339 with an offset; + as %2B)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @QueryParam("created_after")
    String createdAfter;

    @Parameter(
            description = "Only executions created strictly before this time (RFC 3339)",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @QueryParam("created_before")
    String createdBefore;

    @Parameter(
            description = "Only executions that started at or after this time (RFC 3339); executions that have "
                    + "not started are left out",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @QueryParam("started_after")
    String startedAfter;

    @Parameter(
            description = "Only executions that started strictly before this time (RFC 3339); executions that "
                    + "have not started are left out",
            schema = @Schema(type = SchemaType.STRING, format = "date-time"))
    @QueryParam("started_before")
    String startedBefore;

    RequestParams.FilterParams with(String workflowId) {
        return new RequestParams.FilterParams(
                status, workflowId, workflowType, createdAfter, createdBefore, startedAfter, startedBefore);
    }
}
