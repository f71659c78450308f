package io.runlens.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.payload.PayloadAccess;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Flow;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import io.runlens.details.RenderedAnswers;

/**
 * Conditional GET for every read endpoint: a strong {@code ETag} (a digest of the exact bytes
 * served, so it changes whenever anything in the answer does: the row, the run's status, a new
 * history event, a pending activity's attempt), {@code If-None-Match} answered with 304 and no body,
 * and {@code Cache-Control: private, no-cache} so a dashboard's browser may keep the answer but
 * must revalidate it on every poll, and no shared cache ever stores one organization's data.
 *
 * <p>An endpoint that renders its own answer (details and the step view, which must render before
 * they give back their history-read permit) hands over {@link RenderedAnswers.Rendered}; any other
 * answer is rendered here by {@link AnswerRenderer}, with the payload policy applied
 * ({@code include_payloads=false}, or a caller who may not see payloads: see {@link PayloadAccess}).
 * API keys are left out: their listing stays {@code no-store}.
 */
public class ConditionalGet {

    static final String CACHE_CONTROL = "private, no-cache";
    static final String VARY = "Authorization, Cookie";
    static final String NO_STORE = "no-store";

    static final String INCLUDE_PAYLOADS = "include_payloads";

    private final AnswerRenderer renderer;
    private final PayloadAccess payloadAccess;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;

    public ConditionalGet(AnswerRenderer renderer, PayloadAccess payloadAccess, CallerOrganization callerOrganization,
            SecurityIdentity identity) {
        this.renderer = renderer;
        this.payloadAccess = payloadAccess;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
    }

    /** {@code include_payloads} is {@code true} (the default) or {@code false}; anything else is a 400. */
    @ServerRequestFilter
    public void checkIncludePayloads(ContainerRequestContext request) {
        List<String> values = request.getUriInfo().getQueryParameters().get(INCLUDE_PAYLOADS);
        if (values != null && request.getUriInfo().getPath().startsWith("/api/")
                && values.stream().anyMatch(value -> !value.isEmpty() && !value.equalsIgnoreCase("true")
                        && !value.equalsIgnoreCase("false"))) {
            throw ApiProblem.badRequest(INCLUDE_PAYLOADS + " must be true or false");
        }
    }

    @ServerResponseFilter
    public void conditional(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/")) {
            return;
        }
        if (response.getEntity() instanceof Flow.Publisher<?>) {
            // A live stream (SSE): nothing to digest, and its own Cache-Control says no-store.
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        if (!HttpMethod.GET.equals(request.getMethod()) || response.getStatus() != Response.Status.OK.getStatusCode()
                || !response.hasEntity() || response.getEntity() instanceof byte[] || path.startsWith("/api/v1/api-keys")) {
            // Errors, writes and API keys: nothing anyone should keep.
            headers.putSingle(HttpHeaders.CACHE_CONTROL, NO_STORE);
            return;
        }
        RenderedAnswers.Rendered rendered = response.getEntity() instanceof RenderedAnswers.Rendered own ? own
                : renderer.render(response.getEntity(), omitPayloads(request.getUriInfo(), identity), Map.of());
        String tag = rendered.etag();
        headers.putSingle(HttpHeaders.ETAG, tag);
        headers.putSingle(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        headers.putSingle(HttpHeaders.VARY, VARY);
        if (matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            response.setStatus(Response.Status.NOT_MODIFIED.getStatusCode());
            response.setEntity(null);
            headers.remove(HttpHeaders.CONTENT_TYPE);
        } else {
            response.setEntity(rendered.body(), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }

    /** Whether this request's answer leaves payloads out: asked to, or a caller who may not see them. */
    private boolean omitPayloads(UriInfo uri, SecurityIdentity caller) {
        return !asksForPayloads(uri) || !payloadAccess.mayRead(caller, callerOrganization.of(caller));
    }

    /** Whether the request wants payloads ({@code include_payloads} is not {@code false}). */
    static boolean asksForPayloads(UriInfo uri) {
        List<String> values = uri.getQueryParameters().get(INCLUDE_PAYLOADS);
        return values == null || values.stream().noneMatch(value -> value.equalsIgnoreCase("false"));
    }

    /**
     * RFC 9110 §13.1.2: a list of entity tags or {@code *}, compared weakly (a {@code W/} prefix is
     * ignored). Anything unparseable matches nothing, so the full answer is sent.
     */
    static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank() || ifNoneMatch.length() > 8192) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String value = candidate.strip();
            if (value.equals("*")) {
                return true;
            }
            if (value.startsWith("W/")) {
                value = value.substring(2);
            }
            if (value.equals(tag)) {
                return true;
            }
        }
        return false;
    }
}
