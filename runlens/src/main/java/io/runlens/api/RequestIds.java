package io.runlens.api;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id, the caller's {@code X-Request-Id} when it is a sane one, puts it in the
 * logging context of that request (Quarkus keeps MDC per Vert.x request context, across the
 * reactive chain) and returns it in the response.
 */
public class RequestIds {

    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true)
    public void assign(HttpServerRequest request) {
        String given = request.getHeader(HEADER);
        MDC.put(
                MDC_KEY,
                given != null && SANE.matcher(given).matches()
                        ? given
                        : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void echo(ContainerResponseContext response) {
        Object id = MDC.get(MDC_KEY);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id.toString());
        }
    }
}
