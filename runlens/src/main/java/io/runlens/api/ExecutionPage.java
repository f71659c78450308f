package io.runlens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.runlens.execution.ExecutionLookup;
import io.runlens.execution.PageCursor;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a newest-first execution list. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "ExecutionPage", description = "A page of executions, newest first")
public record ExecutionPage(
        @Schema(required = true, description = "Executions of this page, newest first")
        List<ExecutionResponse> items,

        @Schema(
                required = true,
                nullable = true,
                description = "Opaque cursor for the next page (pass as ?cursor=); null on the last page")
        String nextCursor) {

    static ExecutionPage from(ExecutionLookup.Page page) {
        return new ExecutionPage(
                page.rows().stream().map(ExecutionResponse::from).toList(),
                page.next().map(PageCursor::encode).orElse(null));
    }
}
