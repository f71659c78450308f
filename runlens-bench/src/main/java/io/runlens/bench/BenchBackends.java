package io.runlens.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;

/**
 * What the packaged service reads: the local PostgreSQL with a schema of the benchmark's own
 * (migrated by the application's Flyway scripts, rows written by JDBC as a platform writes them), and
 * the in-process Temporal service on a TCP port with a worker running {@link BenchWorkflows}.
 */
final class BenchBackends implements AutoCloseable {

    static final String DB_HOST = "127.0.0.1";
    static final int DB_PORT = 5432;
    static final String WORKFLOW_DEFINITION = "bench-history";

    /** One closed execution: its row's id (also its Temporal workflow id), its run and its history length. */
    record Execution(int size, UUID id, String runId, long events) {
        String workflowId() {
            return id.toString();
        }
    }

    private final String schema;
    private final String organization;
    private final int temporalPort;
    private final TestServer.PortBoundTestServer server;
    private final WorkflowServiceStubs stubs;
    private final WorkflowClient client;
    private final WorkerFactory workers;
    private final List<WorkflowStub> running = new ArrayList<>();

    BenchBackends(String schema, String organization) {
        this.schema = schema;
        this.organization = organization;
        ensurePostgres();
        resetSchema();
        temporalPort = freePort();
        server = TestServer.createPortBoundServer(temporalPort);
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(temporalTarget())
                .build());
        client = WorkflowClient.newInstance(stubs);
        workers = WorkerFactory.newInstance(client);
        Worker worker = workers.newWorker(
                BenchWorkflows.QUEUE,
                WorkerOptions.newBuilder()
                        .setMaxConcurrentActivityExecutionSize(400)
                        .build());
        BenchWorkflows.register(worker);
        workers.start();
    }

    String schema() {
        return schema;
    }

    String organization() {
        return organization;
    }

    int temporalPort() {
        return temporalPort;
    }

    String temporalTarget() {
        return "127.0.0.1:" + temporalPort;
    }

    /** Runs a workflow to a history of {@code size} events, checks the length Temporal reports, and writes its row. */
    Execution closedExecution(int size) {
        UUID id = UUID.randomUUID();
        BenchWorkflows.SizedHistory workflow = client.newWorkflowStub(
                BenchWorkflows.SizedHistory.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(BenchWorkflows.QUEUE)
                        .setWorkflowId(id.toString())
                        .build());
        Instant started = Instant.now();
        int sum = workflow.run(size);
        Instant completed = Instant.now();
        WorkflowExecution execution = WorkflowStub.fromTyped(workflow).getExecution();
        long events = client.fetchHistory(id.toString(), execution.getRunId())
                .getEvents()
                .size();
        insertRow(id, execution.getRunId(), started, completed, sum);
        return new Execution(size, id, execution.getRunId(), events);
    }

    /**
     * Starts a {@link BenchWorkflows.SizedRunning} run, waits until its history holds {@code size} events and
     * no workflow task is pending (it then waits for a signal that only {@link #close} sends), and
     * writes its row with status running. The history length returned is Temporal's, read after a pause, so a
     * run still moving is caught.
     */
    Execution waitingExecution(int size) {
        UUID id = UUID.randomUUID();
        BenchWorkflows.SizedRunning workflow = client.newWorkflowStub(
                BenchWorkflows.SizedRunning.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(BenchWorkflows.QUEUE)
                        .setWorkflowId(id.toString())
                        .build());
        WorkflowExecution execution = WorkflowClient.start(workflow::run, size);
        running.add(WorkflowStub.fromTyped(workflow));
        long until = System.nanoTime() + 120_000_000_000L;
        List<HistoryEvent> events = List.of();
        while (System.nanoTime() < until) {
            events = client.fetchHistory(id.toString(), execution.getRunId()).getEvents();
            // The last task's commands (markers) come after its WorkflowTaskCompleted: done when none is pending.
            if (events.size() >= size && !pendingTask(events)) {
                break;
            }
            BenchClock.pause(50);
        }
        BenchClock.pause(200);
        long settled = client.fetchHistory(id.toString(), execution.getRunId())
                .getEvents()
                .size();
        if (settled != events.size()) {
            throw new IllegalStateException(
                    "running workflow " + id + " still moves: " + events.size() + " then " + settled + " events");
        }
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into execution (id, organization_id, workflow_id, temporal_workflow_id, temporal_run_id, task_queue,"
                                + " workflow_type, status, payload, started_at, trigger_event_name)"
                                + " values (?, ?, ?, ?, ?, ?, 'SizedRunning', 'running', cast(? as jsonb), now(), 'bench.start')")) {
            insert.setObject(1, id);
            insert.setString(2, organization);
            insert.setString(3, WORKFLOW_DEFINITION);
            insert.setString(4, id.toString());
            insert.setString(5, execution.getRunId());
            insert.setString(6, BenchWorkflows.QUEUE);
            insert.setString(7, "{\"customer\": \"acme\", \"items\": [1, 2, 3], \"api_token\": \"secret\"}");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the row of " + id, e);
        }
        return new Execution(size, id, execution.getRunId(), settled);
    }

    /** Whether a workflow task has been scheduled since the last one completed, or none has completed yet. */
    private static boolean pendingTask(List<HistoryEvent> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            EventType type = events.get(i).getEventType();
            if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
                return false;
            }
            if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
                return true;
            }
        }
        return true;
    }

    /** Starts a workflow that stays running for {@code minutes} and writes its row (status running). */
    UUID runningExecution(int minutes) {
        UUID id = UUID.randomUUID();
        BenchWorkflows.Ticking workflow = client.newWorkflowStub(
                BenchWorkflows.Ticking.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(BenchWorkflows.QUEUE)
                        .setWorkflowId(id.toString())
                        .build());
        WorkflowExecution execution = WorkflowClient.start(workflow::run, minutes * 12, 5000L);
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into execution (id, organization_id, workflow_id, temporal_workflow_id, temporal_run_id, task_queue,"
                                + " workflow_type, status, started_at) values (?, ?, ?, ?, ?, ?, 'Ticking', 'running', now())")) {
            insert.setObject(1, id);
            insert.setString(2, organization);
            insert.setString(3, WORKFLOW_DEFINITION);
            insert.setString(4, id.toString());
            insert.setString(5, execution.getRunId());
            insert.setString(6, BenchWorkflows.QUEUE);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the row of " + id, e);
        }
        return id;
    }

    /** A row with no Temporal run yet (the platform queued it): a list entry and a details answer from the row alone. */
    UUID pendingRow() {
        UUID id = UUID.randomUUID();
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into execution (id, organization_id, workflow_id, temporal_workflow_id, status, payload)"
                                + " values (?, ?, ?, ?, 'pending', cast(? as jsonb))")) {
            insert.setObject(1, id);
            insert.setString(2, organization);
            insert.setString(3, WORKFLOW_DEFINITION);
            insert.setString(4, id.toString());
            insert.setString(5, "{\"queued\": true}");
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert a pending row", e);
        }
        return id;
    }

    private void insertRow(UUID id, String runId, Instant started, Instant completed, int sum) {
        try (Connection db = connect();
                PreparedStatement insert = db.prepareStatement(
                        "insert into execution (id, organization_id, workflow_id, temporal_workflow_id, temporal_run_id, task_queue,"
                                + " workflow_type, status, payload, result, started_at, completed_at, trigger_event_name)"
                                + " values (?, ?, ?, ?, ?, ?, 'SizedHistory', 'completed', cast(? as jsonb), cast(? as jsonb), ?, ?,"
                                + " 'bench.start')")) {
            insert.setObject(1, id);
            insert.setString(2, organization);
            insert.setString(3, WORKFLOW_DEFINITION);
            insert.setString(4, id.toString());
            insert.setString(5, runId);
            insert.setString(6, BenchWorkflows.QUEUE);
            insert.setString(7, "{\"customer\": \"acme\", \"items\": [1, 2, 3], \"api_token\": \"secret\"}");
            insert.setString(8, "{\"sum\": " + sum + "}");
            insert.setTimestamp(9, Timestamp.from(started));
            insert.setTimestamp(10, Timestamp.from(completed));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert the row of " + id, e);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/postgres?currentSchema=" + schema, "postgres", "");
    }

    // The benchmark's schema starts empty on every run and is migrated by the application's own scripts.
    private void resetSchema() {
        try (Connection db = connect();
                Statement statement = db.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reset schema " + schema, e);
        }
        Flyway.configure()
                .dataSource("jdbc:postgresql://" + DB_HOST + ":" + DB_PORT + "/postgres", "postgres", "")
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    // The machine's PostgreSQL is started if it is installed and stopped, as .ci/run does.
    private static void ensurePostgres() {
        if (answers(DB_HOST, DB_PORT)) {
            return;
        }
        System.out.println(
                "PostgreSQL does not answer on " + DB_HOST + ":" + DB_PORT + "; starting the machine's cluster");
        try {
            Process start = new ProcessBuilder(
                            "bash",
                            "-c",
                            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | sort -V | tail -1) main start")
                    .inheritIO()
                    .start();
            if (start.waitFor() != 0) {
                throw new IllegalStateException("pg_ctlcluster failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long until = System.nanoTime() + 30_000_000_000L;
        while (!answers(DB_HOST, DB_PORT)) {
            if (System.nanoTime() > until) {
                throw new IllegalStateException("PostgreSQL did not come up on " + DB_HOST + ":" + DB_PORT);
            }
            BenchClock.pause(200);
        }
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (WorkflowStub stub : running) {
            try {
                stub.signal("release");
            } catch (RuntimeException e) {
                // The server goes with the run; a release that fails leaves nothing behind.
            }
        }
        workers.shutdownNow();
        stubs.shutdownNow();
        server.close();
    }
}
