package io.runlens.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Temporal's remote codec protocol: {@code POST /decode} with {@code {"payloads": [...]}}, each payload
 * in protobuf JSON form ({@code {"metadata": {key: base64}, "data": base64}}), answered in the same
 * shape and order. Built with Quarkus' REST client against {@code runlens.codec.url}.
 */
@Path("/")
public interface CodecServerApi {

    @POST
    @Path("decode")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<ObjectNode> decode(@HeaderParam("X-Namespace") String namespace, @HeaderParam("Authorization") String authorization,
            ObjectNode body);
}
