package io.runlens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * What each answer of the soak counts as. Expected: a full 200, a 304 to a request with
 * {@code If-None-Match}, a partial 200 ({@code sources.temporal = unavailable}) from a read that touches
 * Temporal, and a 503 problem with a {@code Retry-After} of whole seconds. Anything else, a client-side
 * failure included, is {@code unexpected: ...}, named so that kinds of it can be counted apart.
 */
final class Answers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {}

    static String classify(RequestMix.Request request, HttpResponse<byte[]> answer) {
        int status = answer.statusCode();
        if (status == 304) {
            return request.ifNoneMatch().isPresent() ? "304 not modified" : "unexpected: 304 without If-None-Match";
        }
        if (status == 503) {
            Optional<String> retryAfter = answer.headers().firstValue("Retry-After");
            boolean problem =
                    answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
            return retryAfter.filter(value -> value.matches("[1-9][0-9]*")).isPresent() && problem
                    ? "503 with Retry-After"
                    : "unexpected: 503 without Retry-After or problem+json";
        }
        if (status != 200) {
            return "unexpected: status " + status;
        }
        if (!request.hasTemporalPart()) {
            return "200 full";
        }
        try {
            JsonNode body = JSON.readTree(answer.body());
            String temporal = body.path("sources").path("temporal").asText();
            return switch (temporal) {
                case "ok" -> "200 full";
                case "unavailable" -> "200 partial (Temporal unavailable)";
                default -> "unexpected: 200 with sources.temporal=" + temporal;
            };
        } catch (java.io.IOException e) {
            return "unexpected: 200 with a body that is not JSON";
        }
    }

    /** A request that got no answer at all: named by what the client finally tripped on. */
    static String failed(Throwable failure) {
        return "unexpected: client " + rootCause(failure).getClass().getSimpleName();
    }

    static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
