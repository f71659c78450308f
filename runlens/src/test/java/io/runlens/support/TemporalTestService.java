package io.runlens.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.runlens.support.temporal.TraceWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The official in-process Temporal service on a free TCP port (real time), with a worker running
 * {@link TraceWorkflows}. Runlens is pointed at it through {@code runlens.temporal.target}; tests
 * get a {@link WorkflowClient} of their own through {@link InjectTemporal}.
 */
public class TemporalTestService implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field that receives the {@link WorkflowClient}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectTemporal {}

    private TestServer.PortBoundTestServer server;
    private WorkflowServiceStubs stubs;
    private WorkerFactory workers;
    private WorkflowClient client;

    @Override
    public Map<String, String> start() {
        int port = freePort();
        server = TestServer.createPortBoundServer(port);
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .build());
        client = WorkflowClient.newInstance(stubs);
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(TraceWorkflows.QUEUE);
        TraceWorkflows.register(worker);
        workers.start();
        return Map.of(
                "runlens.temporal.target",
                "127.0.0.1:" + port,
                "runlens.temporal.ui-url",
                "http://temporal-ui.test:8233/");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                client, new TestInjector.AnnotatedAndMatchesType(InjectTemporal.class, WorkflowClient.class));
    }

    @Override
    public void stop() {
        if (workers != null) {
            workers.shutdownNow();
        }
        if (stubs != null) {
            stubs.shutdownNow();
        }
        if (server != null) {
            server.close();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
