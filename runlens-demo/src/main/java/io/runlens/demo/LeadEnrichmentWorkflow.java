package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Enriches an inbound sales lead and routes it; falls back to manual review when the credit bureau is silent. */
@WorkflowInterface
public interface LeadEnrichmentWorkflow {

    String TYPE = "LeadEnrichment";

    @WorkflowMethod(name = TYPE)
    EnrichedLead enrich(Lead lead);

    record Lead(String email, String companyDomain, String source, List<String> tags) {}

    record CompanyProfile(String name, String domain, String industry, int employees, String country) {}

    record EnrichedLead(String email, CompanyProfile company, String creditCheck, String routing) {}
}
