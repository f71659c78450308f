package io.runlens.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The answers every API operation shares, written once: every response of status 400 or more is a
 * {@code application/problem+json} {@link Problem}; every operation under {@code /api} documents the
 * 401 of a missing or bad credential, the 403 of a credential that names no organization and the 503
 * of a backend that is slow or down (every one of them reads PostgreSQL), unless it says more itself;
 * and every read that {@link ConditionalGet} serves documents its {@code ETag} and the 304 it answers
 * to a matching {@code If-None-Match}.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String UNAUTHENTICATED = "Missing, expired or invalid credentials";
    static final String NO_ORGANIZATION = "The credential names no organization";
    static final String UNAVAILABLE = "PostgreSQL or Temporal slow or unreachable; retry after Retry-After seconds";
    static final String NOT_MODIFIED = "Not modified: If-None-Match names the current ETag; no body";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ProblemResponses::addProblems);
                if (item.getGET() != null && isConditional(path)) {
                    addConditional(item.getGET());
                }
            }
        });
    }

    private static void addProblems(Operation operation) {
        var responses = operation.getResponses();
        if (responses.getAPIResponse("401") == null) {
            responses.addAPIResponse("401", OASFactory.createAPIResponse().description(UNAUTHENTICATED));
        }
        if (responses.getAPIResponse("403") == null) {
            responses.addAPIResponse("403", OASFactory.createAPIResponse().description(NO_ORGANIZATION));
        }
        if (responses.getAPIResponse("503") == null) {
            responses.addAPIResponse("503", OASFactory.createAPIResponse().description(UNAVAILABLE));
        }
        var unavailable = responses.getAPIResponse("503");
        if (unavailable.getHeaders() == null || !unavailable.getHeaders().containsKey("Retry-After")) {
            unavailable.addHeader(
                    "Retry-After",
                    OASFactory.createHeader()
                            .description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)));
        }
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.matches("[45]\\d\\d") && response.getContent() == null) {
                asProblem(response);
            }
        });
    }

    /** The reads {@link ConditionalGet} tags: all but the API keys (no-store) and the live stream. */
    private static boolean isConditional(String path) {
        return !path.startsWith("/api/v1/api-keys") && !path.endsWith("/stream");
    }

    private static void addConditional(Operation get) {
        var responses = get.getResponses();
        var ok = responses.getAPIResponse("200");
        if (ok != null && (ok.getHeaders() == null || !ok.getHeaders().containsKey("ETag"))) {
            ok.addHeader(
                    "ETag",
                    OASFactory.createHeader()
                            .description(
                                    "Strong tag of these exact bytes; send it back in If-None-Match to poll cheaply")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        if (responses.getAPIResponse("304") == null) {
            responses.addAPIResponse("304", OASFactory.createAPIResponse().description(NOT_MODIFIED));
        }
        boolean declared = get.getParameters() != null
                && get.getParameters().stream().anyMatch(p -> "If-None-Match".equalsIgnoreCase(p.getName()));
        if (!declared) {
            get.addParameter(OASFactory.createParameter()
                    .name("If-None-Match")
                    .in(Parameter.In.HEADER)
                    .description("An ETag from an earlier answer: 304 without a body if nothing changed")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
    }

    private static void asProblem(APIResponse response) {
        response.content(OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("Problem"))));
    }
}
