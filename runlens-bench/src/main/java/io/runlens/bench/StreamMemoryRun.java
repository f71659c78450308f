package io.runlens.bench;

import io.runlens.support.TestTokens;
import io.runlens.support.temporal.PayloadWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * A running execution with large payloads, for measuring what a live stream of it costs
 * ({@code docs/streaming.md}): the in-process Temporal service on {@code PORT} with a worker, one
 * {@link PayloadWorkflows.Bulky} run of {@code ACTIVITIES} activities whose inputs and results are
 * about {@code SIZE} characters each (plus a signal, an update, a local activity, a child and a
 * failure with details of that size) left waiting for its finish signal, its row in
 * {@code SCHEMA} for organization {@code bench}, and a token of that organization on stdout.
 * Runs until killed. Arguments: SCHEMA PORT ACTIVITIES SIZE.
 */
public final class StreamMemoryRun {

    private StreamMemoryRun() {}

    public static void main(String[] args) throws Exception {
        String schema = args[0];
        int port = Integer.parseInt(args[1]);
        int activities = Integer.parseInt(args[2]);
        int size = Integer.parseInt(args[3]);
        String jdbc = "jdbc:postgresql://127.0.0.1:5432/postgres";
        try (Connection db = DriverManager.getConnection(jdbc, "postgres", "");
                Statement drop = db.createStatement()) {
            drop.execute("drop schema if exists " + schema + " cascade");
        }
        Flyway.configure()
                .dataSource(jdbc, "postgres", "")
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();

        TestServer.createPortBoundServer(port);
        WorkflowClient client =
                WorkflowClient.newInstance(WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                        .setTarget("127.0.0.1:" + port)
                        .build()));
        WorkerFactory workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker("stream-memory");
        worker.registerWorkflowImplementationTypes(PayloadWorkflows.BulkyImpl.class, PayloadWorkflows.EchoImpl.class);
        worker.registerActivitiesImplementations(new PayloadWorkflows.EchoStepImpl());
        workers.start();

        String workflowId = "bulky-" + UUID.randomUUID();
        PayloadWorkflows.Bulky bulky = client.newWorkflowStub(
                PayloadWorkflows.Bulky.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue("stream-memory")
                        .setWorkflowId(workflowId)
                        .build());
        WorkflowClient.start(bulky::run, PayloadWorkflows.payload("workflow-input", size), activities, size);
        bulky.note(PayloadWorkflows.payload("signal", size));
        bulky.amend(PayloadWorkflows.payload("update", size));
        // Measured once everything but the finish is in the history: the last step is the child workflow.
        while (client.fetchHistory(workflowId).getEvents().stream()
                .noneMatch(e -> e.hasChildWorkflowExecutionCompletedEventAttributes())) {
            Thread.sleep(500);
        }
        var history = client.fetchHistory(workflowId).getHistory();
        long events = history.getEventsCount();
        long bytes = history.getSerializedSize();

        try (Connection db = DriverManager.getConnection(jdbc + "?currentSchema=" + schema, "postgres", "");
                PreparedStatement insert =
                        db.prepareStatement("insert into execution (id, organization_id, workflow_id,"
                                + " temporal_workflow_id, status) values (?, 'bench', 'bulky', ?, 'running')")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, workflowId);
            insert.executeUpdate();
        }
        Map<String, Object> claims = TestTokens.validClaims("bench");
        claims.put("exp", ((Number) claims.get("iat")).longValue() + 6 * 3600);
        System.out.println("workflow " + workflowId + ": " + events + " events, " + bytes + " bytes of history");
        System.out.println("token " + TestTokens.signed(claims));
        Thread.currentThread().join();
    }
}
