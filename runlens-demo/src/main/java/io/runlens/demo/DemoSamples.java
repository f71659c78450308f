package io.runlens.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The demo's sample executions: which workflows run, with what input, and which platform details each
 * row carries (user, session, queue, batch, trigger, deployment, output columns), chosen so that the API
 * has each case to show: a child workflow, a signal, a cancel, a failure, runs still going, an encrypted
 * payload, and a request still queued. {@link DemoRuns} starts them and keeps their rows in step.
 */
final class DemoSamples {

    /** Delay before the reviewer approves the post (the signal). */
    static final Duration REVIEW_AFTER = Duration.ofSeconds(3);

    /** Delay before the export is cancelled. */
    static final Duration CANCEL_AFTER = Duration.ofSeconds(2);

    /** The nightly report renders this many sections, three seconds apart: about two minutes to watch live. */
    static final int REPORT_SECTIONS = 40;

    private static final String DEPLOYMENT = "deploy-2026-11-24.3";

    private DemoSamples() {}

    /** Writes the rows and starts the runs, in this order; blocks, so call it from a worker or the main thread. */
    static void startAll(DemoRuns runs, DemoTemporal temporal) {
        // Readable workflow ids must not collide with the rows of an earlier demo start in the same schema.
        long n = Instant.now().getEpochSecond() % 100_000;

        DemoRuns.Started research = runs.start(
                ResearchAgentWorkflow.TYPE,
                "research-agent",
                null,
                new ResearchAgentWorkflow.Request(
                        "How do durable execution engines keep AI agents reliable when tools fail?",
                        "gpt-4o",
                        List.of("web_search", "summarize"),
                        8,
                        Map.of("team", "growth", "priority", "high")),
                row -> {
                    row.userId = "user-ada";
                    row.sessionId = "sess-7f3a91";
                    row.deploymentId = DEPLOYMENT;
                    row.queueName = "agents";
                    row.concurrencyKey = "user-ada";
                    row.runTimeoutSeconds = 600;
                    row.triggerEventName = "chat.message.created";
                    row.outputSchemaName = "ResearchReport";
                    // The summarizer child's workflow id is known before it starts: map its output to columns now.
                    row.columnConfig = DemoRows.columnConfig(List.of(
                            Map.of(
                                    "column",
                                    "summary",
                                    "step_id",
                                    row.temporalWorkflowId + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX,
                                    "path",
                                    "/text"),
                            Map.of(
                                    "column",
                                    "sources",
                                    "step_id",
                                    row.temporalWorkflowId + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX,
                                    "path",
                                    "/sourceCount")));
                });
        runs.followChild(
                research.execution(),
                research.execution().temporalWorkflowId() + ResearchAgentWorkflowImpl.SUMMARY_SUFFIX,
                "summarize-document",
                row -> {
                    row.stepKey = "summarize";
                    row.deploymentId = DEPLOYMENT;
                });

        runs.start(
                InvoiceSyncWorkflow.TYPE,
                "invoice-sync",
                "invoice-sync-" + n,
                new InvoiceSyncWorkflow.Request(
                        "acme-eu",
                        "netsuite",
                        "2026-10",
                        List.of(
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-2041", "Globex GmbH", new BigDecimal("1200.00"), "EUR", "2026-11-30"),
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-2042", "Initech SARL", new BigDecimal("86.50"), "EUR", "2026-11-30"))),
                row -> {
                    row.queueName = "automations";
                    row.batchId = "billing-2026-10";
                    row.concurrencyKey = "acme-eu";
                    row.triggerEventName = "schedule.monthly";
                    row.deploymentId = DEPLOYMENT;
                });
        runs.start(
                InvoiceSyncWorkflow.TYPE,
                "invoice-sync",
                "invoice-sync-" + (n + 1),
                new InvoiceSyncWorkflow.Request(
                        "acme-us",
                        "netsuite",
                        "2026-10",
                        List.of(
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-3107", "Hooli Inc.", new BigDecimal("540.00"), "USD", "2026-11-30"),
                                new InvoiceSyncWorkflow.Invoice(
                                        "INV-3108", "Umbrella AG", new BigDecimal("99.00"), "CHF", "2026-11-30"))),
                row -> {
                    row.queueName = "automations";
                    row.batchId = "billing-2026-10";
                    row.concurrencyKey = "acme-us";
                    row.triggerEventName = "schedule.monthly";
                });
        runs.start(
                LeadEnrichmentWorkflow.TYPE,
                "lead-enrichment",
                null,
                new LeadEnrichmentWorkflow.Lead(
                        "dana@initech.example", "initech.example", "webinar-2026-11", List.of("enterprise", "emea")),
                row -> row.triggerEventName = "crm.contact.created");
        DemoRuns.Started approval = runs.start(
                ContentApprovalWorkflow.TYPE,
                "content-approval",
                "content-approval-" + n,
                new ContentApprovalWorkflow.Draft(
                        "blog",
                        "How we cut agent failures by 80%",
                        "Announce retry policies and durable timers for our agents. Keep it under 200 words.",
                        "user-ada"),
                row -> {
                    row.userId = "user-ada";
                    row.sessionId = "sess-7f3a91";
                    row.runTimeoutSeconds = 86_400;
                });
        runs.start(
                SupportInboxWorkflow.TYPE,
                "support-inbox-agent",
                "support-inbox-acme-" + n,
                new SupportInboxWorkflow.InboxSettings("support@acme.example", "claude-sonnet", 30),
                row -> {
                    row.queueName = "agents";
                    row.deploymentId = DEPLOYMENT;
                    row.concurrencyKey = "support@acme.example";
                });
        DemoRuns.Started export = runs.start(
                DataExportWorkflow.TYPE,
                "data-export",
                null,
                new DataExportWorkflow.ExportRequest("orders", "parquet", 6),
                row -> {
                    row.userId = "user-grace";
                    row.triggerEventName = "dashboard.export.requested";
                });
        runs.start(
                EventReplayWorkflow.TYPE,
                "event-replay",
                "event-replay-" + n,
                new EventReplayWorkflow.Progress("orders-2026-11", 1, 3, 0),
                row -> row.triggerEventName = "ops.replay.requested");
        runs.start(
                NightlyReportWorkflow.TYPE,
                "nightly-report",
                "nightly-report-" + n,
                new NightlyReportWorkflow.Report("revenue-2026-11-24", REPORT_SECTIONS, 3),
                row -> row.queueName = "reports");
        runs.start(
                KycCheckWorkflow.TYPE,
                "kyc-check",
                "kyc-check-" + n,
                new KycCheckWorkflow.Applicant("Grace Hopper", "1906-12-09", "P-4471-0923", "US", "tok-live-5f2a"),
                // The platform keeps no plaintext of encrypted executions.
                row -> row.payload = null,
                temporal.sealedClient(),
                DemoTemporal.SEALED_TASK_QUEUE);
        ObjectNode digest = DemoRows.TEMPORAL_JSON.createObjectNode().put("week", "2026-W48");
        digest.putArray("recipients").add("ada@acme.example").add("grace@acme.example");
        runs.queue("weekly-digest", "WeeklyDigest", digest, row -> {
            row.queueName = "digests";
            row.userId = "user-grace";
        });

        runs.later(
                REVIEW_AFTER,
                "send the review signal",
                () -> approval.stub()
                        .signal(
                                ContentApprovalWorkflow.REVIEW_SIGNAL,
                                new ContentApprovalWorkflow.Review(
                                        "user-grace", true, "Ship it, the retry graph tells the story.")));
        runs.later(
                CANCEL_AFTER, "cancel the export", () -> export.stub().cancel("superseded by a newer export request"));
    }
}
