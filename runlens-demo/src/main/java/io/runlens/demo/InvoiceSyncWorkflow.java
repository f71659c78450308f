package io.runlens.demo;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.math.BigDecimal;
import java.util.List;

/** An automation that books a billing period's invoices into the accounting ledger. */
@WorkflowInterface
public interface InvoiceSyncWorkflow {

    String TYPE = "InvoiceSync";

    @WorkflowMethod(name = TYPE)
    Result sync(Request request);

    record Request(String accountId, String ledger, String period, List<Invoice> invoices) {}

    record Invoice(String number, String customer, BigDecimal amount, String currency, String dueDate) {}

    record Result(String accountId, String period, List<Posting> postings, BigDecimal total) {}

    record Posting(String invoiceNumber, String journalEntryId) {}
}
