package io.runlens.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.security.identity.SecurityIdentity;
import io.runlens.auth.CallerOrganization;
import io.runlens.faults.BackendGuards;
import io.runlens.keys.ApiKeyRecord;
import io.runlens.keys.ApiKeys;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * API keys of the caller's organization, managed by holders of the admin role. Every answer comes
 * within the request deadline: PostgreSQL slow or down is a 503 with Retry-After.
 */
@Path("/api/v1/api-keys")
@RolesAllowed("${runlens.auth.admin-role}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "API keys", description = "Opaque keys for machine clients")
@SecurityRequirement(name = RunlensApi.BEARER)
@APIResponse(responseCode = "403", description = "The caller is not an admin (API keys never are)")
@APIResponse(responseCode = "503", description = "PostgreSQL slow or unreachable; retry after Retry-After")
public class ApiKeyResource {

    private static final int MAX_NAME = 100;

    private final ApiKeys keys;
    private final CallerOrganization callerOrganization;
    private final SecurityIdentity identity;
    private final BackendGuards guards;

    public ApiKeyResource(
            ApiKeys keys, CallerOrganization callerOrganization, SecurityIdentity identity, BackendGuards guards) {
        this.keys = keys;
        this.callerOrganization = callerOrganization;
        this.identity = identity;
        this.guards = guards;
    }

    /** What a new key is for. */
    public record CreateApiKey(
            @Schema(required = true, description = "1 to 100 characters")
            String name) {}

    /** A key just created: the only answer that shows {@code key}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ApiKeyCreated")
    public record ApiKeyCreated(
            String id,
            String name,
            @Schema(description = "The key; shown only now") String key,
            String keyPrefix,
            String organizationId,
            Instant createdAt) {}

    /** A key as listed: never the key itself. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @Schema(name = "ApiKey")
    public record ApiKeyView(
            String id,
            String name,
            String keyPrefix,
            Instant createdAt,
            String createdBy,
            @Schema(nullable = true) Instant revokedAt,
            @Schema(nullable = true) Instant lastUsedAt) {

        static ApiKeyView of(ApiKeyRecord key) {
            return new ApiKeyView(
                    key.id.toString(),
                    key.name,
                    key.keyPrefix,
                    key.createdAt,
                    key.createdBy,
                    key.revokedAt,
                    key.lastUsedAt);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "create_api_key", summary = "Create an API key for the caller's organization")
    @APIResponse(
            responseCode = "201",
            description = "The key, shown once",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ApiKeyCreated.class)))
    @APIResponse(responseCode = "400", description = "Missing or invalid name")
    public Uni<Response> create(CreateApiKey request) {
        String name = request == null ? null : request.name();
        if (name == null
                || name.isBlank()
                || name.length() > MAX_NAME
                || name.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiProblem.badRequest("name must be 1 to " + MAX_NAME + " characters without control characters");
        }
        String organization = callerOrganization.of(identity);
        String createdBy = identity.getPrincipal().getName();
        return guards.withinDeadline(() -> keys.create(organization, name.strip(), createdBy))
                .map(created -> Response.created(URI.create("/api/v1/api-keys/" + created.record().id))
                        .entity(new ApiKeyCreated(
                                created.record().id.toString(),
                                created.record().name,
                                created.key(),
                                created.record().keyPrefix,
                                created.record().organizationId,
                                created.record().createdAt))
                        .build());
    }

    @GET
    @Operation(operationId = "list_api_keys", summary = "The organization's API keys, newest first, without secrets")
    @APIResponse(
            responseCode = "200",
            description = "Keys",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ApiKeyView[].class)))
    public Uni<List<ApiKeyView>> list() {
        String organization = callerOrganization.of(identity);
        return guards.withinDeadline(() -> keys.listFor(organization))
                .map(found -> found.stream().map(ApiKeyView::of).toList());
    }

    @DELETE
    @Path("/{id}")
    // Success has no body, so a client may accept only the errors' type (a generated client sends
    // "Accept: application/problem+json" here); that must not turn a revocation into a 406.
    @Produces({MediaType.APPLICATION_JSON, "application/problem+json"})
    @Operation(operationId = "revoke_api_key", summary = "Revoke an API key (idempotent)")
    @APIResponse(
            responseCode = "204",
            description = "Revoked: refused at once by the instance that answered, by every instance within"
                    + " runlens.auth.api-key-cache.time-to-live (30 s by default)")
    @APIResponse(responseCode = "400", description = "The key id is not a UUID")
    @APIResponse(responseCode = "404", description = "No such key in the caller's organization")
    public Uni<Response> revoke(@PathParam("id") String id) {
        UUID keyId;
        try {
            keyId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("id must be an API key id (a UUID)");
        }
        String organization = callerOrganization.of(identity);
        return guards.withinDeadline(() -> keys.revoke(organization, keyId)).map(revoked -> {
            if (!revoked) {
                throw ApiProblem.notFound("no API key with this id in the caller's organization");
            }
            return Response.noContent().build();
        });
    }
}
