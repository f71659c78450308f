package io.runlens.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.runlens.auth.CredentialRejection;
import io.runlens.auth.NoOrganizationException;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionNotVisibleException;
import io.runlens.faults.BackendUnavailableException;
import io.runlens.faults.Outages;
import io.runlens.runs.NoSuchRunException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Turns every failure a request can meet into an {@code application/problem+json} body with a
 * {@code detail} that says what to fix, and never a class name or a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final RunlensConfig config;

    public ProblemMappers(RunlensConfig config) {
        this.config = config;
    }

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem problem) {
        Response.ResponseBuilder response = problem(problem.status().getStatusCode(), problem.getMessage());
        problem.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response notVisible(ExecutionNotVisibleException failure) {
        if (failure.elsewhere()) {
            return problem(403, "the execution belongs to another organization").build();
        }
        return problem(404, "no execution with this id in the caller's organization")
                .build();
    }

    @ServerExceptionMapper
    public Response noOrganization(NoOrganizationException failure) {
        return problem(403, failure.getMessage()).build();
    }

    @ServerExceptionMapper
    public Response noSuchRun(NoSuchRunException failure) {
        return problem(404, failure.getMessage()).build();
    }

    // Proactive authentication is off so that bad credentials reach this mapper instead of an empty 401.
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException failure) {
        // A rejected credential's message names the rule it broke and never holds the credential.
        String detail = failure instanceof AuthenticationFailedException authentication
                ? Objects.requireNonNullElse(
                        CredentialRejection.detailOf(authentication),
                        "the bearer token is invalid, expired, revoked, or not signed by the configured issuer")
                : "this endpoint needs a bearer token (Authorization header or polos_auth cookie)";
        return problem(401, detail)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    // Only the API-key endpoints are role-checked (@RolesAllowed on ApiKeyResource): say which role they need.
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException failure) {
        return problem(
                        403,
                        "this endpoint needs the role '" + config.auth().adminRole()
                                + "' (runlens.auth.admin-role) in the bearer token's groups claim; API keys never hold it")
                .build();
    }

    // Routing and content negotiation failures (unknown path, wrong method, unsupported Accept...).
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException failure) {
        int status = failure.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(failure);
        }
        return problem(
                        status,
                        switch (status) {
                            case 404 -> "no resource at this path";
                            case 405 -> "this method is not allowed on this resource";
                            case 406 -> "the requested media type is not available; ask for application/json";
                            case 415 -> "unsupported content type";
                            default -> "the request is not valid";
                        })
                .build();
    }

    @ServerExceptionMapper
    public Response backendUnavailable(BackendUnavailableException failure) {
        LOG.warnf("answering 503: %s", failure.getMessage());
        return problem(503, failure.getMessage())
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(failure.retryAfterSeconds()))
                .build();
    }

    // Anything unforeseen: log it with a reference, tell the caller the reference and nothing else.
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable failure) {
        if (isConnectionFailure(failure)) {
            LOG.warnf("PostgreSQL unreachable: %s", failure.getMessage());
            return problem(503, "the execution store is unreachable; retry shortly")
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(BackendUnavailableException.RETRY_SOON_SECONDS))
                    .build();
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure, reference %s", reference);
        return problem(500, "internal error; quote reference " + reference + " to the operator")
                .build();
    }

    // The reactive PG client reports a refused or dropped connection with these, possibly wrapped.
    private static boolean isConnectionFailure(Throwable failure) {
        return Outages.isConnectionFailure(failure);
    }

    static Response.ResponseBuilder problem(int status, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "Error";
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, title, detail));
    }
}
