package io.runlens.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The error answers every API operation shares, written once: every response of status 400 or more
 * is a {@code application/problem+json} {@link Problem}, and every operation under {@code /api}
 * documents the 401 of a missing or bad credential and the 403 of a credential that names no
 * organization, unless it says more itself.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ProblemResponses implements OASFilter {

    static final String UNAUTHENTICATED = "Missing, expired or invalid credentials";
    static final String NO_ORGANIZATION = "The credential names no organization";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(ProblemResponses::addProblems);
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
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.matches("[45]\\d\\d") && response.getContent() == null) {
                asProblem(response);
            }
        });
    }

    private static void asProblem(APIResponse response) {
        response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem"))));
    }
}
