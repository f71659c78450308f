package io.runlens.runs;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.runlens.config.RunlensConfig;
import io.runlens.execution.ExecutionRecord;
import io.runlens.faults.BackendGuards;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Run ids Runlens has seen to be of an execution's chain besides the one its row names (the later runs
 * of a continue-as-new, retried or cron chain), so that the step view finds the execution by any of
 * them: the row only knows one run, and Temporal cannot look a run up without its workflow id. Kept in
 * Runlens's own schema ({@code execution_run}), written when the run rule has verified a run, scoped
 * by organization like every row lookup. Plain reactive SQL: the write is an upsert Hibernate's query
 * language cannot say.
 */
@ApplicationScoped
public class KnownRuns {

    private static final Logger LOG = Logger.getLogger(KnownRuns.class);

    private final Pool pool;
    private final BackendGuards guards;
    private final String insert;
    private final String select;
    // Runs written by this instance: each is written once, not on every answer that shows it.
    private final Cache<String, Boolean> written;

    public KnownRuns(Pool pool, BackendGuards guards, RunlensConfig config) {
        this.pool = pool;
        this.guards = guards;
        String table = '"' + config.db().schema().replace("\"", "\"\"") + "\".execution_run";
        this.insert = "insert into " + table + " (organization_id, run_id, execution_id) values ($1, $2, $3)"
                + " on conflict (organization_id, run_id) do nothing";
        this.select = "select execution_id from " + table + " where organization_id = $1 and run_id = $2";
        this.written = Caffeine.newBuilder()
                .maximumSize(config.cache().maximumEntries())
                .build();
    }

    /** Remembers that run {@code runId} is of {@code row}'s execution. Never fails the answer that found it out. */
    public Uni<Void> remember(ExecutionRecord row, String runId) {
        String key = row.organizationId + '\n' + runId;
        if (runId == null || runId.isEmpty() || written.getIfPresent(key) != null) {
            return Uni.createFrom().voidItem();
        }
        return guards.database(() -> pool.preparedQuery(insert).execute(Tuple.of(row.organizationId, runId, row.id)))
                .invoke(() -> written.put(key, Boolean.TRUE))
                .onFailure()
                .invoke(failure -> LOG.debugf("run %s not remembered: %s", runId, failure.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** The execution of {@code organizationId} that run {@code runId} was seen to belong to, if any. */
    public Uni<Optional<UUID>> executionOf(String organizationId, String runId) {
        return guards.database(() -> pool.preparedQuery(select).execute(Tuple.of(organizationId, runId)))
                .map(rows -> {
                    var found = rows.iterator();
                    return found.hasNext() ? Optional.of(found.next().getUUID("execution_id")) : Optional.<UUID>empty();
                });
    }
}
