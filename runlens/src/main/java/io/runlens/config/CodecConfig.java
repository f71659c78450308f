package io.runlens.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

public interface CodecConfig {
    /** Base URL of the codec server ({@code POST {url}/decode}); unset: encoded payloads stay undecodable. */
    Optional<String> url();

    /** {@code Authorization} header value sent to the codec server. */
    Optional<String> authorization();

    /** Longest a request waits for the codec server before answering with the payloads undecodable. */
    @WithDefault("2s")
    Duration timeout();
}
