package io.runlens.demo;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.Locale;
import java.util.Set;

/** Deterministic stand-ins for the business systems: outcomes follow from the input alone. */
public class BusinessActivitiesImpl implements BusinessActivities {

    private static final Set<String> LEDGER_CURRENCIES = Set.of("EUR", "USD", "GBP");

    @Override
    public String postToLedger(String accountId, InvoiceSyncWorkflow.Invoice invoice) {
        if (!LEDGER_CURRENCIES.contains(invoice.currency())) {
            throw ApplicationFailure.newFailure(
                    "ledger rejected invoice " + invoice.number() + ": currency " + invoice.currency()
                            + " is not enabled for account " + accountId,
                    "LedgerRejected");
        }
        return "JE-" + accountId.toUpperCase(Locale.ROOT) + "-"
                + invoice.number().replaceAll("\\D", "");
    }

    @Override
    public String requestCreditCheck(String companyDomain) {
        // The bureau answers through a webhook that completes this activity by its task token; it never calls.
        Activity.getExecutionContext().doNotCompleteOnReturn();
        return null;
    }

    @Override
    public LeadEnrichmentWorkflow.CompanyProfile lookupCompany(String companyDomain) {
        String name = companyDomain.substring(0, companyDomain.indexOf('.'));
        return new LeadEnrichmentWorkflow.CompanyProfile(
                Character.toUpperCase(name.charAt(0)) + name.substring(1), companyDomain, "Software", 240, "DE");
    }

    @Override
    public String publishPost(String channel, String title) {
        String slug =
                title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return "https://" + channel + ".example.com/posts/" + slug;
    }

    @Override
    public String exportTable(String table, String format) {
        return "s3://runlens-demo-exports/" + table + "." + format;
    }

    @Override
    public int replayBatch(String source, int batch) {
        return 250 + 10 * batch;
    }

    @Override
    public String renderSection(String report, int section) {
        return report + " section " + section + " rendered";
    }

    @Override
    public KycCheckWorkflow.Verdict verifyIdentity(KycCheckWorkflow.Applicant applicant) {
        return new KycCheckWorkflow.Verdict(applicant.name(), "approved", 12);
    }
}
