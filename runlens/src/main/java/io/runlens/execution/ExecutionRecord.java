package io.runlens.execution;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * The execution row (table {@code execution}, see {@code V1__execution.sql} for what each column
 * means). Never returned by the API: {@code io.runlens.api} maps it to response records. The mapped
 * name is fixed at build time; a platform's own table or view is read through a view of this name in
 * Runlens's schema ({@link ExecutionRelation}).
 */
@Entity
@Table(name = "execution")
public class ExecutionRecord {

    @Id
    public UUID id;

    @Column(name = "organization_id", nullable = false)
    public String organizationId;

    @Column(name = "workflow_id", nullable = false)
    public String workflowId;

    @Column(name = "temporal_namespace", nullable = false)
    public String temporalNamespace = "default";

    @Column(name = "temporal_workflow_id", nullable = false)
    public String temporalWorkflowId;

    @Column(name = "temporal_run_id")
    public String temporalRunId;

    @Column(name = "task_queue")
    public String taskQueue;

    @Column(name = "workflow_type")
    public String workflowType;

    @Column(name = "status", nullable = false)
    public ExecutionStatus status = ExecutionStatus.PENDING;

    // Binding as text first: the reactive PG client encodes a String sent to a jsonb parameter as a JSON string.
    @Convert(converter = JsonValueConverter.class)
    @ColumnTransformer(read = "payload::text", write = "cast(? as text)::jsonb")
    @Column(name = "payload")
    public JsonNode payload;

    @Convert(converter = JsonValueConverter.class)
    @ColumnTransformer(read = "result::text", write = "cast(? as text)::jsonb")
    @Column(name = "result")
    public JsonNode result;

    @Column(name = "error")
    public String error;

    @Column(name = "retry_count", nullable = false)
    public int retryCount;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancelled_by")
    public String cancelledBy;

    @Column(name = "parent_execution_id")
    public UUID parentExecutionId;

    @Column(name = "root_execution_id")
    public UUID rootExecutionId;

    @Column(name = "queue_name")
    public String queueName;

    @Column(name = "concurrency_key")
    public String concurrencyKey;

    @Column(name = "batch_id")
    public String batchId;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "user_id")
    public String userId;

    @Column(name = "deployment_id")
    public String deploymentId;

    @Column(name = "step_key")
    public String stepKey;

    @Column(name = "output_schema_name")
    public String outputSchemaName;

    @Column(name = "run_timeout_seconds")
    public Integer runTimeoutSeconds;

    @Column(name = "assigned_to_worker")
    public String assignedToWorker;

    @Column(name = "trigger_event_name")
    public String triggerEventName;

    @Convert(converter = JsonValueConverter.class)
    @ColumnTransformer(read = "column_config::text", write = "cast(? as text)::jsonb")
    @Column(name = "column_config")
    public JsonNode columnConfig;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    public long version;

    // PostgreSQL keeps microseconds: truncating here keeps keyset cursors equal to what a read returns.
    @PrePersist
    void beforeInsert() {
        if (createdAt == null) {
            createdAt = Instant.now();
        }
        createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
