package io.runlens.temporal;

import io.runlens.config.RunlensConfig;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Builds the gRPC stubs for the configured Temporal frontend: target, TLS or mTLS, API key. */
final class TemporalStubsFactory {

    private TemporalStubsFactory() {
    }

    // newServiceStubs opens the channel lazily, so a Temporal outage never delays start-up.
    static WorkflowServiceStubs create(RunlensConfig.Temporal config) {
        WorkflowServiceStubsOptions.Builder options = WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.target())
                .setRpcTimeout(config.rpcTimeout());
        RunlensConfig.Temporal.Tls tls = config.tls();
        boolean mutual = tls.clientCert().isPresent() && tls.clientKey().isPresent();
        if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
            throw new IllegalArgumentException(
                    "runlens.temporal.tls.client-cert and runlens.temporal.tls.client-key must be given together");
        }
        if (tls.enabled() || mutual || tls.serverCa().isPresent()) {
            options.setSslContext(sslContext(tls, mutual));
            tls.serverName().ifPresent(name -> options.setChannelInitializer(channel -> channel.overrideAuthority(name)));
        } else if (config.apiKey().isPresent()) {
            // Temporal Cloud only takes API keys over TLS.
            options.setEnableHttps(true);
        }
        config.apiKey().ifPresent(key -> options.addApiKey(() -> key));
        return WorkflowServiceStubs.newServiceStubs(options.build());
    }

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(RunlensConfig.Temporal.Tls tls,
            boolean mutual) {
        try {
            SimpleSslContextBuilder builder;
            if (mutual) {
                try (InputStream cert = Files.newInputStream(Path.of(tls.clientCert().get()));
                        InputStream key = Files.newInputStream(Path.of(tls.clientKey().get()))) {
                    builder = SimpleSslContextBuilder.forPKCS8(cert, key);
                }
            } else {
                builder = SimpleSslContextBuilder.noKeyOrCertChain();
            }
            if (tls.serverCa().isPresent()) {
                builder.setTrustManager(trustManager(Path.of(tls.serverCa().get())));
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Temporal TLS files", e);
        }
    }

    private static TrustManager trustManager(Path caBundle) throws IOException {
        try (InputStream in = Files.newInputStream(caBundle)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers()[0];
        } catch (GeneralSecurityException e) {
            throw new IOException("invalid CA bundle " + caBundle, e);
        }
    }
}
