package io.runlens.temporal;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.runlens.config.RunlensConfig;
import io.runlens.config.TemporalConfig;
import io.smallrye.mutiny.Uni;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.HistoryEventFilterType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The only place that speaks gRPC to Temporal. Calls go through the async {@code futureStub()},
 * each with its own deadline; NOT_FOUND becomes an empty result, and results continue on the
 * caller's Vert.x context so that reactive code after them stays on its event loop.
 */
@ApplicationScoped
public class TemporalClient {

    /** The name of the default connection among {@link #connections()}. */
    public static final String DEFAULT_CONNECTION = "";

    private final TemporalConfig config;
    private final TemporalGuard guard;
    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final Map<String, ClientInterceptor> namespaceHeaders = new ConcurrentHashMap<>();

    /**
     * Every call but long polls and the health check's goes through the breaker of its connection and the
     * retry of {@code guard}.
     */
    public TemporalClient(RunlensConfig config, TemporalGuard guard) {
        this.config = config.temporal();
        this.guard = guard;
    }

    /** Describe of the run ({@code runId} empty: the latest run of {@code workflowId}). */
    public Uni<Optional<DescribeWorkflowExecutionResponse>> describe(
            String namespace, String workflowId, String runId) {
        DescribeWorkflowExecutionRequest request = DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(execution(workflowId, runId))
                .build();
        return call(namespace, () -> stub(namespace).describeWorkflowExecution(request));
    }

    /**
     * The connections: {@code ""} for the default one, then each namespace configured with a frontend of
     * its own ({@code runlens.temporal.namespaces}).
     */
    public List<String> connections() {
        List<String> names = new ArrayList<>();
        names.add(DEFAULT_CONNECTION);
        names.addAll(new TreeSet<>(config.namespaces().keySet()));
        return names;
    }

    /** The frontend address of a connection of {@link #connections()}. */
    public String target(String connection) {
        return connection.isEmpty()
                ? config.target()
                : config.namespaces().get(connection).target();
    }

    /**
     * Temporal's server version on a connection of {@link #connections()}, asked with GetSystemInfo: the
     * cheapest call that proves the frontend answers.
     */
    public Uni<String> serverVersion(String connection) {
        // Unguarded: readiness must report Temporal itself, not what a breaker remembers of it.
        return unguarded(() -> WorkflowServiceGrpc.newFutureStub(channel(connection))
                        .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS)
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()))
                .map(info -> info.map(GetSystemInfoResponse::getServerVersion).orElse(""));
    }

    /**
     * Reads the whole history page by page, handing each page to {@code fold} as it arrives, so only
     * one page is held at a time. Empty when Temporal has no such workflow.
     */
    public <S extends Consumer<List<HistoryEvent>>> Uni<Optional<S>> foldHistory(
            String namespace, String workflowId, String runId, S fold) {
        return page(namespace, workflowId, runId, ByteString.EMPTY, fold);
    }

    private <S extends Consumer<List<HistoryEvent>>> Uni<Optional<S>> page(
            String namespace, String workflowId, String runId, ByteString token, S fold) {
        return historyPage(namespace, workflowId, runId, token).flatMap(response -> {
            if (response.isEmpty()) {
                return Uni.createFrom().item(Optional.<S>empty());
            }
            GetWorkflowExecutionHistoryResponse page = response.get();
            fold.accept(page.getHistory().getEventsList());
            if (page.getNextPageToken().isEmpty()) {
                return Uni.createFrom().item(Optional.of(fold));
            }
            return page(namespace, workflowId, runId, page.getNextPageToken(), fold);
        });
    }

    /**
     * One page of the run's history as it stands: from its first event ({@code token} empty) or from
     * where the page that handed out {@code token} ended. The last page has no {@code nextPageToken}.
     * Empty when Temporal has no such run.
     */
    public Uni<Optional<GetWorkflowExecutionHistoryResponse>> historyPage(
            String namespace, String workflowId, String runId, ByteString token) {
        GetWorkflowExecutionHistoryRequest request =
                historyRequest(namespace, workflowId, runId, token).build();
        return call(namespace, () -> stub(namespace).getWorkflowExecutionHistory(request));
    }

    /**
     * A long poll ({@code waitNewEvent}) for events of the run after the position {@code token} holds
     * (empty: from its first event), answered by Temporal when there are some, when the run closes, or
     * when its own long-poll interval ends (no events, a token to poll again with); past
     * {@code deadline} it fails with DEADLINE_EXCEEDED. Cancelling the subscription cancels the call.
     *
     * <p>Unguarded: an expired long poll is the normal answer of a quiet run, not a failure the
     * Temporal breaker should count, and retrying it would only wait twice.
     */
    public Uni<Optional<GetWorkflowExecutionHistoryResponse>> waitForEvents(
            String namespace, String workflowId, String runId, ByteString token, Duration deadline) {
        GetWorkflowExecutionHistoryRequest request = historyRequest(namespace, workflowId, runId, token)
                .setWaitNewEvent(true)
                .build();
        return unguarded(
                () -> withNamespace(WorkflowServiceGrpc.newFutureStub(channel(connectionOf(namespace))), namespace)
                        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .getWorkflowExecutionHistory(request));
    }

    private GetWorkflowExecutionHistoryRequest.Builder historyRequest(
            String namespace, String workflowId, String runId, ByteString token) {
        return GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(execution(workflowId, runId))
                .setMaximumPageSize(config.historyPageSize())
                .setNextPageToken(token)
                .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT);
    }

    /** The first event of a run (its WorkflowExecutionStarted), or empty when Temporal has no such run. */
    public Uni<Optional<HistoryEvent>> firstEvent(String namespace, String workflowId, String runId) {
        GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(execution(workflowId, runId))
                .setMaximumPageSize(1)
                .build();
        return call(namespace, () -> stub(namespace).getWorkflowExecutionHistory(request))
                .map(response -> response.filter(page -> page.getHistory().getEventsCount() > 0)
                        .map(page -> page.getHistory().getEvents(0)));
    }

    /**
     * The closing event of a run (completed, failed, timed out, continued as new, ...), which names the
     * run it handed over to; empty while the run is open or when Temporal has no such run.
     */
    public Uni<Optional<HistoryEvent>> closeEvent(String namespace, String workflowId, String runId) {
        GetWorkflowExecutionHistoryRequest request = GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(execution(workflowId, runId))
                .setHistoryEventFilterType(HistoryEventFilterType.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
                .build();
        return call(namespace, () -> stub(namespace).getWorkflowExecutionHistory(request))
                .map(response -> response.filter(page -> page.getHistory().getEventsCount() > 0)
                        .map(page ->
                                page.getHistory().getEvents(page.getHistory().getEventsCount() - 1)));
    }

    private static WorkflowExecution execution(String workflowId, String runId) {
        WorkflowExecution.Builder execution = WorkflowExecution.newBuilder().setWorkflowId(workflowId);
        if (runId != null && !runId.isEmpty()) {
            execution.setRunId(runId);
        }
        return execution.build();
    }

    private WorkflowServiceGrpc.WorkflowServiceFutureStub stub(String namespace) {
        return withNamespace(WorkflowServiceGrpc.newFutureStub(channel(connectionOf(namespace))), namespace)
                .withDeadlineAfter(config.rpcTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    // An API key is routed by the namespace header (Temporal Cloud); without one nothing is added.
    private WorkflowServiceGrpc.WorkflowServiceFutureStub withNamespace(
            WorkflowServiceGrpc.WorkflowServiceFutureStub stub, String namespace) {
        String connection = connectionOf(namespace);
        Optional<String> apiKey = connection.isEmpty()
                ? config.apiKey()
                : config.namespaces().get(connection).apiKey();
        return apiKey.isEmpty()
                ? stub
                : stub.withInterceptors(namespaceHeaders.computeIfAbsent(namespace, TemporalChannels::namespaceHeader));
    }

    private String connectionOf(String namespace) {
        return namespace != null && config.namespaces().containsKey(namespace) ? namespace : DEFAULT_CONNECTION;
    }

    /** Builds every connection's channel if not built yet and asks it to connect, without waiting (see {@link EarlyConnect}). */
    void connect() {
        connections().forEach(connection -> channel(connection).getState(true));
    }

    private ManagedChannel channel(String connection) {
        ManagedChannel current = channels.get(connection);
        return current != null ? current : channels.computeIfAbsent(connection, this::open);
    }

    private ManagedChannel open(String connection) {
        if (connection.isEmpty()) {
            return TemporalChannels.channel(config.target(), config.apiKey(), config.tls());
        }
        TemporalConfig.Connection own = config.namespaces().get(connection);
        return TemporalChannels.channel(own.target(), own.apiKey(), own.tls());
    }

    private <T> Uni<Optional<T>> call(String namespace, Supplier<ListenableFuture<T>> invocation) {
        // The caller's context is taken here: a retry may subscribe again from a timer thread.
        Context caller = Vertx.currentContext();
        return guard.call(connectionOf(namespace), () -> unguarded(invocation, caller));
    }

    private static <T> Uni<Optional<T>> unguarded(Supplier<ListenableFuture<T>> invocation) {
        return unguarded(invocation, null);
    }

    // ListenableFuture -> Uni; NOT_FOUND is an answer ("no such workflow"), not a failure.
    private static <T> Uni<Optional<T>> unguarded(Supplier<ListenableFuture<T>> invocation, Context caller) {
        return Uni.createFrom().<Optional<T>>emitter(emitter -> {
            Context context = caller != null ? caller : Vertx.currentContext();
            ListenableFuture<T> future = invocation.get();
            emitter.onTermination(() -> future.cancel(true));
            Futures.addCallback(
                    future,
                    new FutureCallback<>() {
                        @Override
                        public void onSuccess(T result) {
                            onContext(context, () -> emitter.complete(Optional.ofNullable(result)));
                        }

                        @Override
                        public void onFailure(Throwable failure) {
                            if (failure instanceof StatusRuntimeException status
                                    && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                                onContext(context, () -> emitter.complete(Optional.empty()));
                            } else {
                                onContext(context, () -> emitter.fail(failure));
                            }
                        }
                    },
                    MoreExecutors.directExecutor());
        });
    }

    private static void onContext(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }

    @PreDestroy
    void close() {
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
