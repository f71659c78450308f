package io.runlens.codec;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.runlens.config.RunlensConfig;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The configured codec server, if any: one POST per answer, bounded by {@code runlens.codec.timeout},
 * behind a circuit breaker per namespace ({@link CodecBreakers}) so that a codec server that keeps
 * failing for a namespace is left alone for a while (answers then mark that namespace's encoded
 * payloads undecodable at once instead of waiting for the timeout), and other namespaces are not.
 */
@ApplicationScoped
public class CodecServer {

    private final RunlensConfig.Codec config;
    private final Optional<CodecServerApi> api;
    private final CodecBreakers breakers;

    public CodecServer(RunlensConfig config, MeterRegistry metrics) {
        this.config = config.codec();
        this.api = this.config.url().map(url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .connectTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(this.config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .build(CodecServerApi.class));
        this.breakers = new CodecBreakers(config.faultTolerance().codec().circuitBreaker(), metrics);
    }

    @PreDestroy
    void unregister() {
        breakers.unregister();
    }

    public boolean isConfigured() {
        return api.isPresent();
    }

    /** Decodes {@code body} (payloads of {@code namespace}); fails as the codec server does, or with an open breaker. */
    public Uni<ObjectNode> decode(String namespace, ObjectNode body) {
        return breakers.guarded(namespace, () -> api.orElseThrow(() -> new IllegalStateException("no codec server is configured"))
                .decode(namespace, config.authorization().orElse(null), body)
                .ifNoItem().after(config.timeout())
                .failWith(() -> new TimeoutException("the codec server did not answer within " + config.timeout())));
    }
}
