package io.runlens.api;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * What a blocking conditional GET sends (execution, details, step view): the wait, as RFC 7240's
 * {@code Prefer: wait=N} or as {@code ?wait=N}, and the ETag it already has; {@link HeldRequests} reads them.
 */
public class WaitParams {

    @Parameter(description = HeldRequests.WAIT_DESCRIPTION, schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @QueryParam(HeldRequests.WAIT)
    String wait;

    @Parameter(description = HeldRequests.PREFER_DESCRIPTION)
    @HeaderParam(HeldRequests.PREFER)
    List<String> prefer;

    // Declared once, as a header every conditional GET takes, by ProblemResponses' filter.
    @Parameter(hidden = true)
    @HeaderParam(HttpHeaders.IF_NONE_MATCH)
    String ifNoneMatch;
}
