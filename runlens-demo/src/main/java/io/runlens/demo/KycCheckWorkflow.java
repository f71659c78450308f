package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Checks an applicant's identity; personal data, so the platform encrypts every payload. */
@WorkflowInterface
public interface KycCheckWorkflow {

    String TYPE = "KycCheck";

    @WorkflowMethod(name = TYPE)
    Verdict check(Applicant applicant);

    record Applicant(String name, String dateOfBirth, String documentNumber, String country, String apiToken) {}

    record Verdict(String name, String decision, int riskScore) {}
}
