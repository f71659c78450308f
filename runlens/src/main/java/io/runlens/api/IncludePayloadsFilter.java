package io.runlens.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** {@code include_payloads} is {@code true} (the default) or {@code false} on every API request; anything else is a 400. */
public class IncludePayloadsFilter {

    static final String PARAMETER = "include_payloads";

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        List<String> values = request.getUriInfo().getQueryParameters().get(PARAMETER);
        if (values != null
                && request.getUriInfo().getPath().startsWith("/api/")
                && values.stream()
                        .anyMatch(value -> !value.isEmpty()
                                && !value.equalsIgnoreCase("true")
                                && !value.equalsIgnoreCase("false"))) {
            throw ApiProblem.badRequest(PARAMETER + " must be true or false");
        }
    }
}
