package io.runlens.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.details.RenderedAnswers;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.Flow;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

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

    private final AnswerRenderer renderer;
    private final PayloadOmission omission;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;

    public ConditionalGet(
            AnswerRenderer renderer,
            PayloadOmission omission,
            CallerOrganization callerOrganization,
            SecurityIdentity identity) {
        this.renderer = renderer;
        this.omission = omission;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
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
        if (!HttpMethod.GET.equals(request.getMethod())
                || response.getStatus() != Response.Status.OK.getStatusCode()
                || !response.hasEntity()
                || response.getEntity() instanceof byte[]
                || path.startsWith("/api/v1/api-keys")) {
            // Errors, writes and API keys: nothing anyone should keep.
            headers.putSingle(HttpHeaders.CACHE_CONTROL, EntityTags.NO_STORE);
            return;
        }
        RenderedAnswers.Rendered rendered = response.getEntity() instanceof RenderedAnswers.Rendered own
                ? own
                : renderer.render(
                        response.getEntity(),
                        omission.omits(request.getUriInfo(), identity, callerOrganization.of(identity)),
                        Map.of());
        String tag = rendered.etag();
        headers.putSingle(HttpHeaders.ETAG, tag);
        headers.putSingle(HttpHeaders.CACHE_CONTROL, EntityTags.CACHE_CONTROL);
        headers.putSingle(HttpHeaders.VARY, EntityTags.VARY);
        if (EntityTags.matches(request.getHeaderString(HttpHeaders.IF_NONE_MATCH), tag)) {
            response.setStatus(Response.Status.NOT_MODIFIED.getStatusCode());
            response.setEntity(null);
            headers.remove(HttpHeaders.CONTENT_TYPE);
        } else {
            response.setEntity(rendered.body(), null, MediaType.APPLICATION_JSON_TYPE);
        }
    }
}
