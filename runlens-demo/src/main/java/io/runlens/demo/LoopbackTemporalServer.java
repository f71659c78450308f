package io.runlens.demo;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official in-process Temporal service (temporal-test-server's services), listening on the loopback
 * interface only. {@code TestServer.createPortBoundServer} binds every interface, and this service takes
 * any call without credentials: on a laptop in a café that is a Temporal anyone on the network can drive.
 * The same services and health checks, bound to 127.0.0.1 (the test server's internal starter is the only
 * way to get at them).
 */
final class LoopbackTemporalServer implements Closeable {

    private final TestServicesStarter services;
    private final Server server;

    private LoopbackTemporalServer(TestServicesStarter services, Server server) {
        this.services = services;
        this.server = server;
    }

    /** Starts the service on 127.0.0.1:{@code port}; a port already taken fails with the port named. */
    static LoopbackTemporalServer start(int port) {
        // As TestServer.createPortBoundServer(port) does: time skipping locked, the clock starts at now.
        TestServicesStarter services = new TestServicesStarter(true, 0);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), InsecureServerCredentials.create());
        GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
        try {
            return new LoopbackTemporalServer(services, builder.build().start());
        } catch (IOException e) {
            services.close();
            throw new UncheckedIOException("the demo's Temporal service cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Where it listens. */
    List<? extends SocketAddress> addresses() {
        return server.getListenSockets();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        services.close();
    }
}
