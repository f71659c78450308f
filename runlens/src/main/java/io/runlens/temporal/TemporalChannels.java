package io.runlens.temporal;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.runlens.config.TemporalConfig;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Opens the gRPC channel to the configured Temporal frontend: target, TLS or mTLS, API key.
 *
 * <p>A plain channel rather than the SDK's {@code WorkflowServiceStubs}: those add an interceptor
 * that makes a blocking GetSystemInfo call inside the first request, which would stall the Vert.x
 * event loop for as long as Temporal takes to answer, or to time out.
 */
final class TemporalChannels {

    /** Temporal's own SDKs accept history pages up to this size. */
    private static final int MAX_INBOUND_MESSAGE_BYTES = 128 * 1024 * 1024;

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> NAMESPACE =
            Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER);

    private TemporalChannels() {}

    // Channels connect lazily, so a Temporal outage never delays start-up.
    static ManagedChannel channel(String target, Optional<String> apiKey, TemporalConfig.Tls tls) {
        NettyChannelBuilder channel = NettyChannelBuilder.forTarget(target)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .keepAliveWithoutCalls(false)
                .intercept(new ResponseNestingLimit());
        boolean mutual = tls.clientCert().isPresent() && tls.clientKey().isPresent();
        if (tls.clientCert().isPresent() != tls.clientKey().isPresent()) {
            throw new IllegalArgumentException("tls.client-cert and tls.client-key must be given together");
        }
        // Temporal Cloud only takes API keys over TLS.
        if (tls.enabled() || mutual || tls.serverCa().isPresent() || apiKey.isPresent()) {
            channel.sslContext(sslContext(tls, mutual)).useTransportSecurity();
            tls.serverName().ifPresent(channel::overrideAuthority);
        } else {
            channel.usePlaintext();
        }
        if (apiKey.isPresent()) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + apiKey.get());
            channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return channel.build();
    }

    /**
     * The {@code temporal-namespace} header Temporal Cloud routes an API-key call by: the namespace the
     * request names, attached per call since one connection may serve several namespaces.
     */
    static ClientInterceptor namespaceHeader(String namespace) {
        Metadata headers = new Metadata();
        headers.put(NAMESPACE, namespace);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }

    private static io.grpc.netty.shaded.io.netty.handler.ssl.SslContext sslContext(
            TemporalConfig.Tls tls, boolean mutual) {
        try {
            TrustManager trust = tls.serverCa().isPresent()
                    ? trustManager(Path.of(tls.serverCa().get()))
                    : null;
            if (!mutual) {
                SimpleSslContextBuilder builder = SimpleSslContextBuilder.noKeyOrCertChain();
                return (trust == null ? builder : builder.setTrustManager(trust)).build();
            }
            // The builder reads the certificate and key only in build(): keep the files open until then.
            try (InputStream cert =
                            Files.newInputStream(Path.of(tls.clientCert().get()));
                    InputStream key =
                            Files.newInputStream(Path.of(tls.clientKey().get()))) {
                SimpleSslContextBuilder builder = SimpleSslContextBuilder.forPKCS8(cert, key);
                return (trust == null ? builder : builder.setTrustManager(trust)).build();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Temporal TLS files", e);
        }
    }

    private static TrustManager trustManager(Path caBundle) throws IOException {
        try (InputStream in = Files.newInputStream(caBundle)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
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
