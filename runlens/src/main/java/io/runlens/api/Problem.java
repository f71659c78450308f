package io.runlens.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** RFC 9457 problem details: the body of every error response ({@code application/problem+json}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Problem", description = "RFC 9457 problem details")
public record Problem(
        @Schema(description = "Problem type URI", defaultValue = "about:blank")
        String type,

        @Schema(required = true, description = "Short summary of the problem type")
        String title,

        @Schema(required = true, description = "HTTP status code")
        int status,

        @Schema(required = true, description = "What went wrong with this request, for humans")
        String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail);
    }
}
