package io.runlens.temporal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.runlens.config.RunlensConfig;
import io.runlens.faults.TemporalBudget;
import io.runlens.observability.BackendCalls;
import io.runlens.support.temporal.PagedHistoryService;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production connection settings against a TLS frontend signed by the test CA
 * ({@code src/test/resources/tls}): mTLS, server verification, and the API key header.
 */
class TemporalConnectionTest {

    private static final String WORKFLOW_ID = "tls-run";
    private static final List<HistoryEvent> HISTORY = List.of(HistoryEvent.newBuilder()
            .setEventId(1)
            .setEventType(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED)
            .setWorkflowExecutionStartedEventAttributes(
                    WorkflowExecutionStartedEventAttributes.newBuilder().setAttempt(1))
            .build());
    private static final DescribeWorkflowExecutionResponse DESCRIBED = DescribeWorkflowExecutionResponse.newBuilder()
            .setWorkflowExecutionInfo(WorkflowExecutionInfo.newBuilder()
                    .setExecution(WorkflowExecution.newBuilder()
                            .setWorkflowId(WORKFLOW_ID)
                            .setRunId("run-1")))
            .build();

    private static String file(String name) {
        try {
            return Path.of(TemporalConnectionTest.class
                            .getClassLoader()
                            .getResource("tls/" + name)
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TemporalRun read(String target, Map<String, String> settings) {
        return read("default", target, settings);
    }

    private static TemporalRun read(String namespace, String target, Map<String, String> settings) {
        Map<String, String> values = new HashMap<>(settings);
        values.put("runlens.temporal.target", target);
        // The connection is under test here, not the breaker (one per JVM, named, outside Quarkus).
        values.put("runlens.fault-tolerance.temporal.circuit-breaker.enabled", "false");
        values.put("runlens.temporal.fetch-deadline", "5s");
        RunlensConfig config = new SmallRyeConfigBuilder()
                .withMapping(RunlensConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withConverter(
                        io.quarkus.runtime.configuration.MemorySize.class,
                        200,
                        new io.quarkus.runtime.configuration.MemorySizeConverter())
                .withDefaultValues(values)
                .build()
                .getConfigMapping(RunlensConfig.class);
        TemporalClient client = new TemporalClient(config, new TemporalGuard(config));
        try {
            return new TemporalRunReader(
                            client,
                            new SimpleMeterRegistry(),
                            new BackendCalls(
                                    new SimpleMeterRegistry(),
                                    OpenTelemetry.noop().getTracer("test")),
                            new ClosedRunCache(config, new SimpleMeterRegistry()),
                            new RunningRunCache(config, new SimpleMeterRegistry()))
                    .read(namespace, WORKFLOW_ID, "", 5, TemporalBudget.unbounded(Duration.ofSeconds(8)))
                    .await()
                    .atMost(Duration.ofSeconds(20));
        } finally {
            client.close();
        }
    }

    @Test
    void mutualTlsWithTheConfiguredClientCertificateAndCa() {
        try (PagedHistoryService frontend =
                new PagedHistoryService(WORKFLOW_ID, HISTORY, DESCRIBED, ClientAuth.REQUIRE)) {
            TemporalRun run = read(
                    frontend.target(),
                    Map.of(
                            "runlens.temporal.tls.client-cert",
                            file("client.pem"),
                            "runlens.temporal.tls.client-key",
                            file("client.key"),
                            "runlens.temporal.tls.server-ca",
                            file("ca.pem"),
                            "runlens.temporal.tls.server-name",
                            "temporal.runlens.test"));
            assertEquals(TemporalRun.OK, run.availability(), run.reason());
            assertEquals("run-1", run.runId());
        }
    }

    @Test
    void withoutAClientCertificateAMutualTlsFrontendIsUnavailable() {
        try (PagedHistoryService frontend =
                new PagedHistoryService(WORKFLOW_ID, HISTORY, DESCRIBED, ClientAuth.REQUIRE)) {
            TemporalRun run = read(
                    frontend.target(),
                    Map.of(
                            "runlens.temporal.tls.server-ca",
                            file("ca.pem"),
                            "runlens.temporal.tls.server-name",
                            "temporal.runlens.test"));
            assertEquals(TemporalRun.UNAVAILABLE, run.availability());
        }
    }

    @Test
    void aServerTheCaDidNotSignIsRefused() {
        try (PagedHistoryService frontend = new PagedHistoryService(WORKFLOW_ID, HISTORY, DESCRIBED, ClientAuth.NONE)) {
            // The JVM's trust store does not know the test CA.
            TemporalRun run = read(
                    frontend.target(),
                    Map.of(
                            "runlens.temporal.tls.enabled",
                            "true",
                            "runlens.temporal.tls.server-name",
                            "temporal.runlens.test"));
            assertEquals(TemporalRun.UNAVAILABLE, run.availability());
        }
    }

    @Test
    void anApiKeyTravelsAsABearerTokenWithTheNamespace() {
        try (PagedHistoryService frontend = new PagedHistoryService(WORKFLOW_ID, HISTORY, DESCRIBED, ClientAuth.NONE)) {
            TemporalRun run = read(
                    frontend.target(),
                    Map.of(
                            "runlens.temporal.api-key",
                            "cloud-key-123",
                            "runlens.temporal.tls.server-ca",
                            file("ca.pem"),
                            "runlens.temporal.tls.server-name",
                            "temporal.runlens.test"));
            assertEquals(TemporalRun.OK, run.availability(), run.reason());
            assertTrue(frontend.requestHeaders().size() >= 2);
            for (Metadata headers : frontend.requestHeaders()) {
                assertEquals(
                        "Bearer cloud-key-123",
                        headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
                assertEquals(
                        "default",
                        headers.get(Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER)));
            }
        }
    }

    private static DescribeWorkflowExecutionResponse described(String runId) {
        return DESCRIBED.toBuilder()
                .setWorkflowExecutionInfo(DESCRIBED.getWorkflowExecutionInfo().toBuilder()
                        .setExecution(WorkflowExecution.newBuilder()
                                .setWorkflowId(WORKFLOW_ID)
                                .setRunId(runId)))
                .build();
    }

    @Test
    void aNamespaceWithAFrontendOfItsOwnIsReadThereAndOthersThroughTheDefault() {
        try (PagedHistoryService defaultFrontend =
                        new PagedHistoryService(WORKFLOW_ID, HISTORY, described("on-default"));
                PagedHistoryService cloud =
                        new PagedHistoryService(WORKFLOW_ID, HISTORY, described("on-cloud"), ClientAuth.REQUIRE)) {
            Map<String, String> settings = Map.of(
                    "runlens.temporal.namespaces.\"tenant-a.acct\".target", cloud.target(),
                    "runlens.temporal.namespaces.\"tenant-a.acct\".api-key", "tenant-a-key",
                    "runlens.temporal.namespaces.\"tenant-a.acct\".tls.client-cert", file("client.pem"),
                    "runlens.temporal.namespaces.\"tenant-a.acct\".tls.client-key", file("client.key"),
                    "runlens.temporal.namespaces.\"tenant-a.acct\".tls.server-ca", file("ca.pem"),
                    "runlens.temporal.namespaces.\"tenant-a.acct\".tls.server-name", "temporal.runlens.test");

            TemporalRun own = read("tenant-a.acct", defaultFrontend.target(), settings);
            assertEquals(TemporalRun.OK, own.availability(), own.reason());
            assertEquals("on-cloud", own.runId());
            assertTrue(cloud.requestHeaders().size() >= 2);
            for (Metadata headers : cloud.requestHeaders()) {
                assertEquals(
                        "Bearer tenant-a-key",
                        headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)));
                assertEquals(
                        "tenant-a.acct",
                        headers.get(Metadata.Key.of("temporal-namespace", Metadata.ASCII_STRING_MARSHALLER)));
            }
            int cloudCalls = cloud.requestHeaders().size();

            TemporalRun other = read("tenant-b", defaultFrontend.target(), settings);
            assertEquals(TemporalRun.OK, other.availability(), other.reason());
            assertEquals("on-default", other.runId());
            assertEquals(cloudCalls, cloud.requestHeaders().size(), "tenant-b's reads stay off tenant-a's frontend");
            for (Metadata headers : defaultFrontend.requestHeaders()) {
                assertEquals(
                        null,
                        headers.get(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)),
                        "tenant-a's key never travels to the default frontend");
            }
        }
    }
}
