package io.runlens.temporal;

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
        worker.registerWorkflowImplementationTypes(EchoImpl.class);
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
}
