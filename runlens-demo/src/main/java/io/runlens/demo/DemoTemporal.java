package io.runlens.demo;

import io.runlens.config.RunlensConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The demo's Temporal: the official in-process service from temporal-testing (real time, no time
 * skipping) on a TCP port, a client, and a worker that runs the sample workflows.
 */
@ApplicationScoped
public class DemoTemporal {

    /** Task queue of every demo workflow and activity. */
    public static final String TASK_QUEUE = "runlens-demo";

    /** Task queue of the workers that encrypt their payloads. */
    public static final String SEALED_TASK_QUEUE = "runlens-demo-sealed";

    private static final Logger LOG = Logger.getLogger(DemoTemporal.class);

    private final DemoConfig config;
    private final RunlensConfig runlens;

    private LoopbackTemporalServer server;
    private WorkflowServiceStubs stubs;
    private WorkflowClient client;
    private WorkflowClient sealedClient;
    private WorkerFactory workers;
    private WorkerFactory sealedWorkers;
    private DemoCodecServer codecServer;
    private int port;

    private final io.vertx.core.Vertx vertx;

    public DemoTemporal(DemoConfig config, RunlensConfig runlens, io.vertx.core.Vertx vertx) {
        this.config = config;
        this.runlens = runlens;
        this.vertx = vertx;
    }

    /** Starts the service and the worker; call once, from a thread that may block. */
    synchronized void start() {
        port = config.temporalPort() == 0 ? freePort() : config.temporalPort();
        server = LoopbackTemporalServer.start(port);
        stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
        client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(runlens.temporal().namespace())
                        .build());
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(
                ResearchAgentWorkflowImpl.class,
                SummarizeDocumentWorkflowImpl.class,
                InvoiceSyncWorkflowImpl.class,
                LeadEnrichmentWorkflowImpl.class,
                ContentApprovalWorkflowImpl.class,
                SupportInboxWorkflowImpl.class,
                DataExportWorkflowImpl.class);
        worker.registerWorkflowImplementationTypes(EventReplayWorkflowImpl.class, NightlyReportWorkflowImpl.class);
        worker.registerActivitiesImplementations(new AgentActivitiesImpl(), new BusinessActivitiesImpl());
        // A second client and worker that encrypt every payload, and the codec server that can read them.
        DemoCipher cipher = new DemoCipher();
        sealedClient = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(runlens.temporal().namespace())
                        .setDataConverter(
                                new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(cipher)))
                        .build());
        WorkerFactory sealedWorkers = WorkerFactory.newInstance(sealedClient);
        Worker sealed = sealedWorkers.newWorker(SEALED_TASK_QUEUE);
        sealed.registerWorkflowImplementationTypes(KycCheckWorkflowImpl.class);
        sealed.registerActivitiesImplementations(new BusinessActivitiesImpl());
        sealedWorkers.start();
        this.sealedWorkers = sealedWorkers;
        codecServer = DemoCodecServer.start(vertx, config.codecPort(), cipher);
        workers.start();
        if (config.temporalPort() != 0 && !target().equals(runlens.temporal().target())) {
            LOG.warnf(
                    "runlens.temporal.target is %s but the demo's Temporal listens on %s",
                    runlens.temporal().target(), target());
        }
        LOG.infof(
                "Demo Temporal service on %s (namespace %s), worker on task queue %s",
                target(), runlens.temporal().namespace(), TASK_QUEUE);
    }

    /**
     * The demo service's {@code host:port}. The same as {@code runlens.temporal.target} in the demo
     * profiles; with {@code runlens.demo.temporal-port=0} (tests) only this method knows the port.
     *
     * @throws IllegalStateException before the demo has started
     */
    public String target() {
        if (port == 0) {
            throw new IllegalStateException("the demo's Temporal service has not started");
        }
        return "127.0.0.1:" + port;
    }

    /** The client connected to the demo service. */
    public WorkflowClient client() {
        if (client == null) {
            throw new IllegalStateException("the demo's Temporal service has not started");
        }
        return client;
    }

    /** The client whose payloads are encrypted (the sealed workflow's). */
    public WorkflowClient sealedClient() {
        if (sealedClient == null) {
            throw new IllegalStateException("the demo's Temporal service has not started");
        }
        return sealedClient;
    }

    /** Stops the workers, then the connection, then the service and the codec server. */
    synchronized void stop() {
        if (sealedWorkers != null) {
            sealedWorkers.shutdownNow();
            sealedWorkers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (codecServer != null) {
            codecServer.stop();
        }
        if (workers != null) {
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (stubs != null) {
            stubs.shutdownNow();
            stubs.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
            LOG.infof("Demo Temporal service on %s stopped", target());
        }
        workers = null;
        sealedWorkers = null;
        codecServer = null;
        stubs = null;
        client = null;
        sealedClient = null;
        server = null;
    }

    // The test server binds the port it is given and cannot report one it chose, so choose here.
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port for the demo's Temporal service", e);
        }
    }
}
