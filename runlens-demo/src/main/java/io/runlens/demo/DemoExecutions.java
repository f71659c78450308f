package io.runlens.demo;

import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRepository;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Starts the sample workflows for organization {@value #ORGANIZATION} and keeps their execution
 * rows in step with Temporal, the way a platform's API and its result listener would, and tells the rest
 * of the demo (the banner, the tests) which executions exist. Which samples there are is
 * {@link DemoSamples}; starting and following them is {@link DemoRuns}; their rows are {@link DemoRows}.
 */
@ApplicationScoped
public class DemoExecutions {

    private static final Logger LOG = Logger.getLogger(DemoExecutions.class);

    /** Organization that owns every demo row. */
    public static final String ORGANIZATION = "demo";

    /** Who the demo records as having cancelled the export. */
    public static final String CANCELLED_BY = "demo";

    private final DemoTemporal temporal;
    private final DemoRows rows;
    private final List<DemoExecution> executions = new CopyOnWriteArrayList<>();
    private DemoRuns runs;

    public DemoExecutions(ExecutionRepository repository, DemoTemporal temporal, RunlensConfig runlens, Pool pool) {
        this.temporal = temporal;
        this.rows = new DemoRows(repository, temporal, runlens, pool);
    }

    /**
     * One execution the demo created: its row id, the platform's workflow definition id, and its
     * Temporal workflow id ({@code null} for the queued one that never started).
     */
    public record DemoExecution(UUID id, String workflowId, String temporalWorkflowId) {}

    /** Every execution started so far, in start order (the summarizer child joins once Temporal has started it). */
    public List<DemoExecution> executions() {
        return List.copyOf(executions);
    }

    /** The first execution of a workflow definition. */
    public Optional<DemoExecution> first(String workflowId) {
        return executions.stream()
                .filter(e -> e.workflowId().equals(workflowId))
                .findFirst();
    }

    /**
     * Removes the rows an earlier start left, then writes the rows and starts the runs; blocks, so call it
     * from a worker or the main thread. The demo's Temporal lives in this process, so an earlier start's
     * executions have no history any more: keeping their rows would list executions whose details are
     * gone and leave some running forever.
     */
    void startAll() {
        long removed = rows.removeOrganizationRows();
        if (removed > 0) {
            LOG.infof(
                    "Demo: removed %d executions of organization %s left by an earlier start (their Temporal ran in"
                            + " that process)",
                    removed, ORGANIZATION);
        }
        runs = new DemoRuns(temporal, rows, executions::add);
        DemoSamples.startAll(runs, temporal);
    }

    /** Stops following the runs; their rows stay as they are. */
    void stop() {
        if (runs != null) {
            runs.stop();
        }
    }
}
