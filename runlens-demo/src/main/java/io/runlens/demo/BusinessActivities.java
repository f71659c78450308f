package io.runlens.demo;

import io.temporal.activity.ActivityInterface;

/** The business systems the demo's automations talk to: a ledger, a credit bureau, a CMS, a warehouse. */
@ActivityInterface
public interface BusinessActivities {

    /** Books one invoice; the demo ledger rejects currencies the account has not enabled, on every attempt. */
    String postToLedger(String accountId, InvoiceSyncWorkflow.Invoice invoice);

    /** Asks the credit bureau for a report that arrives by webhook; in the demo the webhook never comes. */
    String requestCreditCheck(String companyDomain);

    /** Looks a company up in the enrichment provider. */
    LeadEnrichmentWorkflow.CompanyProfile lookupCompany(String companyDomain);

    /** Publishes an approved post and returns its public URL. */
    String publishPost(String channel, String title);

    /** Writes a table to object storage and returns the object's URL. */
    String exportTable(String table, String format);

    /** Replays one batch of an event log and returns how many events it replayed. */
    int replayBatch(String source, int batch);

    /** Renders one section of a report. */
    String renderSection(String report, int section);

    /** Asks the identity bureau about an applicant. */
    KycCheckWorkflow.Verdict verifyIdentity(KycCheckWorkflow.Applicant applicant);
}
