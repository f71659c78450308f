package io.runlens.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Map;

/** A workflow that carries arbitrary JSON through its input, an activity and its result. */
public final class PayloadWorkflows {

    private PayloadWorkflows() {
    }

    static void register(io.temporal.worker.Worker worker) {
        worker.registerWorkflowImplementationTypes(EchoImpl.class, SummarizedEchoImpl.class, DeepImpl.class);
        worker.registerActivitiesImplementations(new EchoStepImpl());
    }

    @ActivityInterface
    public interface EchoStep {
        @ActivityMethod
        Map<String, Object> echo(Map<String, Object> payload);
    }

    public static final class EchoStepImpl implements EchoStep {
        @Override
        public Map<String, Object> echo(Map<String, Object> payload) {
            return payload;
        }
    }

    @WorkflowInterface
    public interface Echo {
        /** Hands {@code payload} to an activity and returns what it returned. */
        @WorkflowMethod
        Map<String, Object> run(Map<String, Object> payload);
    }

    public static final class EchoImpl implements Echo {
        private final EchoStep step = Workflow.newActivityStub(EchoStep.class,
                ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

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
            EchoStep step = Workflow.newActivityStub(EchoStep.class, ActivityOptions.newBuilder()
                    .setSummary(summary).setStartToCloseTimeout(Duration.ofSeconds(10)).build());
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
            for (JsonNode node = value; node != null && node.isContainerNode(); node = node.size() == 0 ? null : node.get(0)) {
                depth++;
            }
            return depth;
        }
    }
}
