package io.runlens.payload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.runlens.config.CodecConfig;
import io.runlens.config.RunlensConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The configured codec server, if any, spoken to as Temporal's remote codec protocol says:
 * {@code POST {url}/decode} with {@code {"payloads": [...]}}, each payload in protobuf JSON form
 * ({@link PayloadJsonCodec}), answered in the same shape and order, with {@code X-Namespace} and the
 * configured {@code Authorization}. One call per answer, bounded by {@code runlens.codec.timeout},
 * behind a circuit breaker per namespace ({@link CodecBreakers}) so that a codec server that keeps
 * failing for a namespace is left alone for a while (answers then mark that namespace's encoded
 * payloads undecodable at once instead of waiting for the timeout), and other namespaces are not.
 * Vert.x's HTTP client, on the caller's event loop.
 */
@ApplicationScoped
public class CodecServer {

    private final CodecConfig config;
    private final ObjectMapper json;
    private final Optional<String> decodeUri;
    private final HttpClient http;
    private final CodecBreakers breakers;

    public CodecServer(RunlensConfig config, ObjectMapper json, Vertx vertx, MeterRegistry metrics) {
        this.config = config.codec();
        this.json = json;
        this.decodeUri = this.config.url().map(url -> url.replaceAll("/+$", "") + "/decode");
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.timeout().toMillis()));
        this.breakers = new CodecBreakers(config.faultTolerance().codec().circuitBreaker(), metrics);
    }

    @PreDestroy
    void close() {
        breakers.unregister();
        http.closeAndForget();
    }

    public boolean isConfigured() {
        return decodeUri.isPresent();
    }

    /** Decodes {@code body} (payloads of {@code namespace}); fails as the codec server does, or with an open breaker. */
    public Uni<ObjectNode> decode(String namespace, ObjectNode body) {
        return breakers.guarded(
                namespace,
                () -> post(namespace, body)
                        .ifNoItem()
                        .after(config.timeout())
                        .failWith(() ->
                                new TimeoutException("the codec server did not answer within " + config.timeout())));
    }

    private Uni<ObjectNode> post(String namespace, ObjectNode body) {
        RequestOptions request = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(decodeUri.orElseThrow(() -> new IllegalStateException("no codec server is configured")))
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json")
                .putHeader("X-Namespace", namespace);
        config.authorization().ifPresent(authorization -> request.putHeader("Authorization", authorization));
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return http.request(request)
                .flatMap(sent -> sent.send(Buffer.buffer(bytes))
                        .flatMap(response -> {
                            if (response.statusCode() / 100 != 2) {
                                // Read (and drop) the body so the connection goes back to the pool.
                                return response.body()
                                        .flatMap(ignored -> Uni.createFrom()
                                                .<ObjectNode>failure(new CodecServerAnswer(response.statusCode())));
                            }
                            return response.body().map(this::objectOf);
                        })
                        // An answer that gave up (its timeout, its request's end) resets the call: no connection waits
                        // on for nothing.
                        .onCancellation()
                        .invoke(() -> sent.reset()));
    }

    private ObjectNode objectOf(Buffer body) {
        try {
            JsonNode answer = json.readTree(body.getBytes());
            if (!answer.isObject()) {
                throw new IllegalStateException("the codec server's answer is not a JSON object");
            }
            return (ObjectNode) answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
