package io.runlens.trace;

import static io.runlens.trace.ProtoValues.instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workflow updates, grouped by update id (their Accepted event). A rejected update leaves no event. */
final class UpdateFold {

    private final FoldContext context;
    private final Map<String, Update> updates = new LinkedHashMap<>();

    UpdateFold(FoldContext context) {
        this.context = context;
    }

    void apply(HistoryEvent event) {
        switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
                var a = event.getWorkflowExecutionUpdateAcceptedEventAttributes();
                var input = a.getAcceptedRequest().getInput();
                Update update = new Update(
                        a.getProtocolInstanceId(),
                        input.getName(),
                        event.getEventId(),
                        instant(event.getEventTime()),
                        context.keepsPayloads() && input.hasArgs()
                                ? context.payloads().asObject(input.getArgs())
                                : null);
                updates.put(update.updateId, update);
                context.timeline()
                        .add("update_accepted", event)
                        .put("update_id", update.updateId)
                        .put("name", update.name);
            }
            case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                var a = event.getWorkflowExecutionUpdateCompletedEventAttributes();
                Update update = updates.get(a.getMeta().getUpdateId());
                if (update != null) {
                    update.completedTime = instant(event.getEventTime());
                    if (a.getOutcome().hasFailure()) {
                        update.status = UpdateStatus.FAILED;
                        update.failure = context.failures().of(a.getOutcome().getFailure());
                    } else {
                        update.status = UpdateStatus.COMPLETED;
                        update.result = context.keepsPayloads()
                                        && a.getOutcome().hasSuccess()
                                ? context.payloads().asObject(a.getOutcome().getSuccess())
                                : null;
                    }
                    context.timeline()
                            .add("update_completed", event)
                            .put("update_id", update.updateId)
                            .put("name", update.name)
                            .put(
                                    "accepted_event_id",
                                    // The fold saw the Accepted event; not every server fills this in.
                                    a.getAcceptedEventId() != 0 ? a.getAcceptedEventId() : update.acceptedEventId)
                            .put("status", update.status.word());
                    if (!context.keepsPayloads()) {
                        updates.remove(update.updateId);
                    }
                }
            }
            default -> throw new IllegalArgumentException("not an update event: " + event.getEventType());
        }
    }

    List<UpdateExecution> executions() {
        return updates.values().stream()
                .map(update -> new UpdateExecution(
                        update.updateId,
                        update.name,
                        update.acceptedEventId,
                        update.status,
                        update.acceptedTime,
                        update.completedTime,
                        update.input,
                        update.result,
                        update.failure))
                .toList();
    }

    /** One accepted update as folded so far. */
    private static final class Update {
        final String updateId;
        final String name;
        final long acceptedEventId;
        final Instant acceptedTime;
        final ObjectNode input;
        UpdateStatus status = UpdateStatus.ACCEPTED;
        Instant completedTime;
        JsonNode result;
        FailureInfo failure;

        Update(String updateId, String name, long acceptedEventId, Instant acceptedTime, ObjectNode input) {
            this.updateId = updateId;
            this.name = name;
            this.acceptedEventId = acceptedEventId;
            this.acceptedTime = acceptedTime;
            this.input = input;
        }
    }
}
