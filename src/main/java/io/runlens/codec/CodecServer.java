package io.runlens.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.runlens.config.RunlensConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

/**
 * The configured codec server, if any: one POST per answer, bounded by {@code runlens.codec.timeout},
 * behind a circuit breaker so a codec server that keeps failing is left alone for a while (answers
 * then mark encoded payloads undecodable at once instead of waiting for the timeout).
 */
@ApplicationScoped
public class CodecServer {

    private final RunlensConfig.Codec config;
    private final Optional<CodecServerApi> api;

    public CodecServer(RunlensConfig config) {
        this.config = config.codec();
        this.api = this.config.url().map(url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CodecServerApi.class));
    }

    public boolean isConfigured() {
        return api.isPresent();
    }

    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 10_000, successThreshold = 1)
    public Uni<ObjectNode> decode(String namespace, ObjectNode body) {
        return api.orElseThrow(() -> new IllegalStateException("no codec server is configured"))
                .decode(namespace, config.authorization().orElse(null), body)
                .ifNoItem().after(config.timeout())
                .failWith(() -> new TimeoutException("the codec server did not answer within " + config.timeout()));
    }
}
