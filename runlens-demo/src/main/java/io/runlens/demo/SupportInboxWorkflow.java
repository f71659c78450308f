package io.runlens.demo;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A long-lived support agent on one inbox: keeps CRM contacts in sync and waits for a human to take over. */
@WorkflowInterface
public interface SupportInboxWorkflow {

    String TYPE = "SupportInboxAgent";

    @WorkflowMethod(name = TYPE)
    String watch(InboxSettings settings);

    @SignalMethod(name = "handOff")
    void handOff(String operator);

    record InboxSettings(String inbox, String model, int slaMinutes) {}
}
