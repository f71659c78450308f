package io.runlens.api;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * A request that cannot be answered, with what to tell the caller. Thrown by resources and
 * services, turned into a problem response by {@link ProblemMappers}.
 */
public class ApiProblem extends RuntimeException {

    private final Response.Status status;
    private final Map<String, String> headers;

    public ApiProblem(Response.Status status, String detail) {
        this(status, detail, Map.of());
    }

    public ApiProblem(Response.Status status, String detail, Map<String, String> headers) {
        super(detail, null, false, false);
        this.status = status;
        this.headers = headers;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(Response.Status.BAD_REQUEST, detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(Response.Status.NOT_FOUND, detail);
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(Response.Status.FORBIDDEN, detail);
    }

    public Response.Status status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
