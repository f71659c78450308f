package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.temporal.api.common.v1.Payload;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Sends a run's encoded payloads to the codec server, once per answer and each distinct payload
 * once, and records what came back for the answer's writer. Never fails: when the codec server
 * errs, times out or its breaker is open, each payload stays an {@code undecodable} marker, now
 * saying why.
 */
@ApplicationScoped
public class CodecDecoding {

    private static final Logger LOG = Logger.getLogger(CodecDecoding.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final CodecServer server;
    private final MeterRegistry metrics;

    public CodecDecoding(CodecServer server, MeterRegistry metrics) {
        this.server = server;
        this.metrics = metrics;
    }

    /**
     * Decodes {@code encoded} (payloads of {@code workflowId} in {@code namespace} only a codec server can
     * decode): each marker (by identity) and what it became, for the answer's writer to put in its place.
     * Empty when there is nothing to decode.
     */
    public Uni<Map<JsonNode, JsonNode>> decode(String namespace, String workflowId, List<EncodedPayload> encoded) {
        Map<JsonNode, JsonNode> decoded = new IdentityHashMap<>();
        return decode(namespace, workflowId, encoded == null ? List.of() : encoded, decoded::put)
                .replaceWith(decoded);
    }

    /**
     * Decodes {@code encoded} (payloads of {@code workflowId} in {@code namespace}) in one call, handing
     * each marker and what it became to {@code into}; for answers written outside one request's scope
     * (a stream writes many). Never fails, as {@link #decode(TemporalRun)}.
     */
    public Uni<Void> decode(
            String namespace, String workflowId, List<EncodedPayload> encoded, BiConsumer<JsonNode, JsonNode> into) {
        if (encoded.isEmpty() || !server.isConfigured()) {
            return Uni.createFrom().voidItem();
        }
        Map<Payload, List<EncodedPayload>> distinct = new LinkedHashMap<>();
        encoded.forEach(marker -> distinct.computeIfAbsent(marker.payload(), ignored -> new ArrayList<>())
                .add(marker));
        ObjectNode body = NODES.objectNode();
        ArrayNode payloads = body.putArray("payloads");
        distinct.keySet().forEach(payload -> payloads.add(PayloadJsonCodec.toJson(payload)));
        return server.decode(namespace, body)
                .map(answer -> {
                    JsonNode results = answer == null ? null : answer.get("payloads");
                    if (results == null || !results.isArray() || results.size() != distinct.size()) {
                        throw new IllegalStateException("the codec server answered "
                                + (results == null
                                        ? "no payloads"
                                        : results.size() + " payloads for " + distinct.size()));
                    }
                    int i = 0;
                    for (List<EncodedPayload> markers : distinct.values()) {
                        JsonNode value =
                                PayloadDecoder.afterCodec().decode(PayloadJsonCodec.fromJson(results.get(i++)));
                        markers.forEach(marker -> into.accept(marker.marker(), value));
                    }
                    metrics.counter("runlens.codec.payloads", "outcome", "decoded")
                            .increment(distinct.size());
                    // A stream's finished step can stay referenced for a while: it keeps no payloads.
                    distinct.clear();
                    payloads.removeAll();
                    return (Void) null;
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.debugf("codec server failed for %s: %s", workflowId, failure.toString());
                    String reason = "the codec server could not decode it: " + describe(failure);
                    distinct.values()
                            .forEach(markers -> markers.forEach(marker -> into.accept(
                                    marker.marker(), PayloadDecoder.undecodable(marker.encoding(), reason))));
                    metrics.counter("runlens.codec.payloads", "outcome", "failed")
                            .increment(distinct.size());
                    distinct.clear();
                    payloads.removeAll();
                    return null;
                });
    }

    private static String describe(Throwable failure) {
        String type = failure.getClass().getSimpleName();
        return switch (type) {
            case "TimeoutException" -> failure.getMessage();
            case "CircuitBreakerOpenException" -> "it failed repeatedly and is left alone for a while";
            default ->
                failure instanceof CodecServerAnswer answer
                        ? "it answered HTTP " + answer.status()
                        : "the call failed (" + type + ")";
        };
    }
}
