package io.runlens.support.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Workflows that carry arbitrary JSON: {@link Echo} through its input, an activity and its result;
 * {@link Bulky} through every kind of payload a history holds.
 */
public final class PayloadWorkflows {

    private PayloadWorkflows() {}

    public static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(
                EchoImpl.class, SummarizedEchoImpl.class, DeepImpl.class, BulkyImpl.class);
        worker.registerActivitiesImplementations(new EchoStepImpl());
    }

    @ActivityInterface
    public interface EchoStep {
        @ActivityMethod
        Map<String, Object> echo(Map<String, Object> payload);

        /** Fails for good, with {@code payload} as the failure's details. */
        @ActivityMethod
        Map<String, Object> refuse(Map<String, Object> payload);
    }

    public static final class EchoStepImpl implements EchoStep {
        @Override
        public Map<String, Object> echo(Map<String, Object> payload) {
            return payload;
        }

        @Override
        public Map<String, Object> refuse(Map<String, Object> payload) {
            throw ApplicationFailure.newNonRetryableFailure("refused", "Refused", payload);
        }
    }

    /** A payload of about {@code size} characters that says where it was put: {@code "PAYLOAD-" + where}. */
    public static Map<String, Object> payload(String where, int size) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("marker", "PAYLOAD-" + where);
        payload.put("filler", where.repeat(Math.max(1, size / Math.max(1, where.length()))));
        return payload;
    }

    @WorkflowInterface
    public interface Bulky {
        /**
         * Runs {@code activities} activities, one that fails with details, a local activity and a child
         * workflow, each with its own payload of {@code size} characters in and out; takes {@link #note}
         * signals and {@link #amend} updates; returns what {@link #finish} hands it.
         */
        @WorkflowMethod
        Map<String, Object> run(Map<String, Object> input, int activities, int size);

        @SignalMethod
        void note(Map<String, Object> text);

        @UpdateMethod
        Map<String, Object> amend(Map<String, Object> change);

        @SignalMethod
        void finish(Map<String, Object> result);
    }

    public static final class BulkyImpl implements Bulky {
        private final EchoStep steps = Workflow.newActivityStub(
                EchoStep.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .setRetryOptions(
                                RetryOptions.newBuilder().setMaximumAttempts(1).build())
                        .build());
        private final EchoStep local = Workflow.newLocalActivityStub(
                EchoStep.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());
        private Map<String, Object> result;

        @Override
        public Map<String, Object> run(Map<String, Object> input, int activities, int size) {
            for (int i = 0; i < activities; i++) {
                steps.echo(payload("activity-" + i, size));
            }
            try {
                steps.refuse(payload("refused-activity", size));
            } catch (ActivityFailure expected) {
                // its details stay in the history
            }
            local.echo(payload("local-activity", size));
            Workflow.newChildWorkflowStub(
                            Echo.class,
                            ChildWorkflowOptions.newBuilder()
                                    .setWorkflowId(Workflow.getInfo().getWorkflowId() + "-child")
                                    .build())
                    .run(payload("child", size));
            Workflow.await(() -> result != null);
            return result;
        }

        @Override
        public void note(Map<String, Object> text) {
            // the signal's input stays in the history
        }

        @Override
        public Map<String, Object> amend(Map<String, Object> change) {
            return change;
        }

        @Override
        public void finish(Map<String, Object> result) {
            this.result = result;
        }
    }

    @WorkflowInterface
    public interface Echo {
        /** Hands {@code payload} to an activity and returns what it returned. */
        @WorkflowMethod
        Map<String, Object> run(Map<String, Object> payload);
    }

    public static final class EchoImpl implements Echo {
        private final EchoStep step = Workflow.newActivityStub(
                EchoStep.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(10))
                        .build());

        @Override
        public Map<String, Object> run(Map<String, Object> payload) {
            return step.echo(payload);
        }
    }

    @WorkflowInterface
    public interface SummarizedEcho {
        /** As {@link Echo}, with a summary on the activity (user metadata, a payload of its own): the payload's {@code note}. */
        @WorkflowMethod
        Map<String, Object> run(Map<String, Object> payload);
    }

    public static final class SummarizedEchoImpl implements SummarizedEcho {
        /** The activity's summary when the payload has no {@code note}. */
        public static final String SUMMARY = "Echo the payload back";

        @Override
        public Map<String, Object> run(Map<String, Object> payload) {
            String summary = payload.get("note") instanceof String note ? note : SUMMARY;
            EchoStep step = Workflow.newActivityStub(
                    EchoStep.class,
                    ActivityOptions.newBuilder()
                            .setSummary(summary)
                            .setStartToCloseTimeout(Duration.ofSeconds(10))
                            .build());
            return step.echo(payload);
        }
    }

    @WorkflowInterface
    public interface Deep {
        /** How deeply {@code value} nests (first elements only): a workflow that takes input of any depth Jackson reads. */
        @WorkflowMethod
        int depth(JsonNode value);
    }

    public static final class DeepImpl implements Deep {
        @Override
        public int depth(JsonNode value) {
            int depth = 0;
            for (JsonNode node = value;
                    node != null && node.isContainerNode();
                    node = node.size() == 0 ? null : node.get(0)) {
                depth++;
            }
            return depth;
        }
    }
}
