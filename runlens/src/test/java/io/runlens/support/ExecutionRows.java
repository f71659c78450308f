package io.runlens.support;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Writes execution rows with plain SQL over JDBC, as the platform that owns them would: the read
 * path under test (Hibernate Reactive) sees them only through the database.
 */
@ApplicationScoped
public class ExecutionRows {

    private final DataSource dataSource;

    public ExecutionRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A row with only the required columns, plus {@code columns} (column name to value; JSON as {@link Json}). */
    public UUID insert(String organization, Map<String, Object> columns) {
        UUID id = (UUID) columns.getOrDefault("id", UUID.randomUUID());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", id);
        values.put("organization_id", organization);
        values.put("workflow_id", "wf-def");
        values.put("temporal_workflow_id", "tw-" + id);
        values.put("status", "pending");
        values.putAll(columns);
        String names = String.join(", ", values.keySet());
        String marks = values.values().stream()
                .map(v -> v instanceof Json ? "cast(? as jsonb)" : "?")
                .collect(Collectors.joining(", "));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert =
                        connection.prepareStatement("insert into execution (" + names + ") values (" + marks + ")")) {
            int i = 1;
            for (Object value : values.values()) {
                if (value instanceof Json json) {
                    insert.setString(i++, json.text());
                } else if (value instanceof Instant instant) {
                    insert.setTimestamp(i++, Timestamp.from(instant));
                } else {
                    insert.setObject(i++, value);
                }
            }
            insert.executeUpdate();
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert test row", e);
        }
    }

    /**
     * {@code count} rows of {@code organization} and workflow definition {@code workflowId} in one
     * statement, one second apart from 2026-01-01 (row {@code n}, from 1, is {@code prefix-n} as its
     * Temporal workflow id and {@code prefix-run-n} as its run id), all {@code completed}; then
     * ANALYZE, so that the planner knows the table's size.
     */
    public void insertMany(String organization, String workflowId, String prefix, int count) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("""
                        insert into execution (id, organization_id, workflow_id, temporal_workflow_id, temporal_run_id, status, created_at)
                        select gen_random_uuid(), ?, ?, ? || '-' || n, ? || '-run-' || n, 'completed',
                               timestamptz '2026-01-01 00:00:00Z' + n * interval '1 second'
                        from generate_series(1, ?) as n""")) {
            insert.setString(1, organization);
            insert.setString(2, workflowId);
            insert.setString(3, prefix);
            insert.setString(4, prefix);
            insert.setInt(5, count);
            insert.executeUpdate();
            try (var analyze = connection.createStatement()) {
                analyze.execute("analyze execution");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot insert test rows", e);
        }
    }

    /** A JSON literal for a jsonb column. */
    public record Json(String text) {}
}
