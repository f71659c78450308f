package io.runlens.faults;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.runlens.support.CodecTestServer;
import io.runlens.support.ExecutionRows;
import io.runlens.support.TemporalTestService;
import io.runlens.support.TemporalTestService.InjectTemporal;
import io.runlens.support.TestTokens;
import io.runlens.support.temporal.PayloadWorkflows;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bound on concurrent history reads covers the whole cold answer: a read holds its permit through
 * everything after the fold (the chain walk, the codec call, rendering) until the answer is rendered,
 * not only while its pages are folded. Here the codec server takes its whole timeout after each fold,
 * and each answer waiting on it holds its folded run: with one permit, never more than one of them
 * waits on the codec server at once, and answers beyond the bound are turned away, saying why.
 */
@QuarkusTest
@TestProfile(ColdAnswerBoundTest.OneColdAnswerAtATime.class)
@QuarkusTestResource(value = TemporalTestService.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = CodecTestServer.class, restrictToAnnotatedClass = true)
class ColdAnswerBoundTest {

    private static final String QUEUE = "cold-answer-bound";

    public static class OneColdAnswerAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "runlens.fault-tolerance.temporal.concurrent-history-reads",
                    "1",
                    "runlens.fault-tolerance.temporal.queued-history-reads",
                    "1",
                    "runlens.cache.enabled",
                    "false");
        }
    }

    @InjectTemporal
    WorkflowClient temporal;

    private final ExecutionRows rows;

    ColdAnswerBoundTest(ExecutionRows rows) {
        this.rows = rows;
    }

    @Test
    void aReadKeepsItsPermitUntilItsAnswerIsRendered() throws Exception {
        WorkflowClient encrypting = WorkflowClient.newInstance(
                temporal.getWorkflowServiceStubs(),
                WorkflowClientOptions.newBuilder()
                        .setDataConverter(new CodecDataConverter(
                                DefaultDataConverter.newDefaultInstance(), List.of(new CodecTestServer.XorCodec())))
                        .build());
        WorkerFactory workers = WorkerFactory.newInstance(encrypting);
        workers.newWorker(QUEUE).registerWorkflowImplementationTypes(PayloadWorkflows.EchoImpl.class);
        workers.getWorker(QUEUE).registerActivitiesImplementations(new PayloadWorkflows.EchoStepImpl());
        workers.start();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            String org = "org-" + UUID.randomUUID();
            String workflowId = "sealed-" + UUID.randomUUID();
            encrypting
                    .newWorkflowStub(
                            PayloadWorkflows.Echo.class,
                            WorkflowOptions.newBuilder()
                                    .setTaskQueue(QUEUE)
                                    .setWorkflowId(workflowId)
                                    .build())
                    .run(Map.of("patient", "ada"));
            rows.insert(org, Map.of("temporal_workflow_id", workflowId, "status", "completed"));
            String token = TestTokens.forOrganization(org);
            String path = "/api/v1/executions/" + workflowId + "/details";

            // The codec server answers nothing: each answer waits its whole codec timeout after its fold.
            CodecTestServer.mode = CodecTestServer.Mode.HANG;
            CodecTestServer.MOST_HANGING.set(0);
            List<CompletableFuture<JsonPath>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(CompletableFuture.supplyAsync(
                        () -> given().auth()
                                .oauth2(token)
                                .get(path)
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        clients));
                // Apart enough that no two folds overlap: only what comes after the fold can overlap.
                TimeUnit.MILLISECONDS.sleep(150);
            }
            List<String> sources = answers.stream()
                    .map(CompletableFuture::join)
                    .map(answer ->
                            answer.getString("sources.temporal") + ": " + answer.getString("sources.temporal_detail"))
                    .toList();
            assertEquals(1, CodecTestServer.MOST_HANGING.get(), "folded runs held at once past their fold: " + sources);
            long whole =
                    sources.stream().filter(source -> source.startsWith("ok")).count();
            assertTrue(whole >= 1 && whole < 4, sources.toString());
            assertEquals(
                    4 - whole,
                    sources.stream()
                            .filter(source -> source.equals("unavailable: this instance is reading "
                                    + "as many histories as it may at once; retry shortly"))
                            .count(),
                    sources.toString());
        } finally {
            CodecTestServer.mode = CodecTestServer.Mode.DECODE;
            clients.shutdownNow();
            workers.shutdownNow();
        }
    }
}
