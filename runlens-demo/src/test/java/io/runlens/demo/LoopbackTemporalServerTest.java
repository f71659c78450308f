package io.runlens.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's Temporal service answers on 127.0.0.1 and listens on no other interface. */
class LoopbackTemporalServerTest {

    @Test
    void itListensOnTheLoopbackOnlyAndAnswersThere() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (LoopbackTemporalServer server = LoopbackTemporalServer.start(port)) {
            List<? extends SocketAddress> addresses = server.addresses();
            assertFalse(addresses.isEmpty());
            for (SocketAddress address : addresses) {
                InetSocketAddress inet = (InetSocketAddress) address;
                assertTrue(inet.getAddress().isLoopbackAddress(), "listens on " + inet);
            }
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget("127.0.0.1:" + port)
                    .build());
            try {
                assertTrue(stubs.blockingStub()
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
                        .hasCapabilities());
            } finally {
                stubs.shutdownNow();
                stubs.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }
}
