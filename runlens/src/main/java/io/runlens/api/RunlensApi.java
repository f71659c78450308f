package io.runlens.api;

import io.runlens.stream.StreamEnd;
import io.runlens.stream.StreamReconnect;
import io.runlens.stream.StreamStatus;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The OpenAPI document's header and the two ways to present a token (Polos's schemes: header and cookie). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Runlens",
                        version = "0.1.0",
                        description = "Execution details for platforms that run workflows and AI agents on Temporal"),
        // The error body (ProblemResponses puts it on every error answer), and the data of stream
        // events: an SSE response's schema is text, so nothing else would list them.
        components =
                @Components(
                        schemas = {
                            @Schema(name = "Problem", implementation = Problem.class),
                            @Schema(name = "StreamStatus", implementation = StreamStatus.class),
                            @Schema(name = "StreamEnd", implementation = StreamEnd.class),
                            @Schema(name = "StreamReconnect", implementation = StreamReconnect.class)
                        }))
@SecurityScheme(
        securitySchemeName = RunlensApi.BEARER,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        bearerFormat = "JWT")
@SecurityScheme(
        securitySchemeName = RunlensApi.COOKIE,
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.COOKIE,
        apiKeyName = "polos_auth")
public class RunlensApi extends Application {

    public static final String BEARER = "bearer_auth";
    public static final String COOKIE = "cookie_auth";
}
